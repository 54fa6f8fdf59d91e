import type { Plugin } from 'graphql-yoga';

/**
 * Request body types a browser cannot send cross-site without a CORS preflight. A page on another
 * site can POST `application/x-www-form-urlencoded`, `multipart/form-data` or `text/plain` (or no
 * type at all) with no preflight, so a form could start a recording; these three cannot.
 */
const PREFLIGHTED_TYPES = new Set([
  'application/json',
  'application/graphql+json',
  'application/graphql',
]);

/**
 * Methods a page on another site cannot send without a CORS preflight either (PUT, DELETE: how
 * graphql-sse reserves a stream and stops an operation, without a body), or that only read.
 */
const EXEMPT_METHODS = new Set(['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE']);

function mediaType(contentType: string | null): string {
  return (contentType ?? '').split(';', 1)[0]?.trim().toLowerCase() ?? '';
}

/**
 * Cross-site request forgery prevention: a POST must declare a JSON or GraphQL body, or it is
 * refused with 415 before its body is read. Apollo Client, urql, graphql-sse, GraphiQL and
 * `curl -H 'content-type: application/json'` all send JSON; yoga itself refuses mutations over
 * GET, so a GET (which any page can cause) only ever reads. PUT and DELETE always need a
 * preflight, which CORS_ORIGINS governs.
 */
export function csrfPreventionPlugin(): Plugin {
  return {
    onRequest({ request, endResponse }) {
      if (EXEMPT_METHODS.has(request.method)) return;
      if (PREFLIGHTED_TYPES.has(mediaType(request.headers.get('content-type')))) return;
      const message =
        'Send GraphQL requests as JSON: Content-Type: application/json (or application/graphql).';
      endResponse(
        new Response(
          JSON.stringify({ errors: [{ message, extensions: { code: 'VALIDATION' } }] }),
          {
            status: 415,
            headers: { 'content-type': 'application/json; charset=utf-8', connection: 'close' },
          },
        ),
      );
    },
  };
}
