import type { FormattedExecutionResult } from 'graphql';
import { afterAll } from 'vitest';
import {
  type ObservedGateway,
  resultLog,
  type Subscription,
  type SubscriptionRequest,
  subscriptionOf,
  whenRegistered,
} from './subscriptions.js';

/**
 * Server-sent events, as an `EventSource` subscribes: `GET /graphql?query=…` with
 * `Accept: text/event-stream`. Streams the test leaves open are aborted after the test file.
 */

const leftovers = new Set<AbortController>();
afterAll(() => {
  for (const abort of leftovers) abort.abort();
  leftovers.clear();
});

function subscriptionUrl(base: string, request: SubscriptionRequest): string {
  const params = new URLSearchParams({ query: request.query });
  if (request.variables) params.set('variables', JSON.stringify(request.variables));
  if (request.extensions) params.set('extensions', JSON.stringify(request.extensions));
  if (request.operationName) params.set('operationName', request.operationName);
  return `${base}/graphql?${params}`;
}

/** Splits an event stream into `{ event, data }` messages as they complete. */
async function* messages(body: ReadableStream<Uint8Array>) {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
    buffer += decoder.decode(chunk.value, { stream: true });
    for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
      const lines = buffer.slice(0, end).split('\n');
      buffer = buffer.slice(end + 2);
      const field = (name: string) =>
        lines
          .filter((line) => line.startsWith(`${name}:`))
          .map((line) => line.slice(name.length + 1).trimStart())
          .join('\n');
      // Lines starting with `:` are keep-alive comments: no event.
      if (lines.some((line) => line.startsWith('event:'))) {
        yield { event: field('event'), data: field('data') };
      }
    }
  }
}

/**
 * Subscribes over SSE and resolves once the gateway registered the subscription (`accepted`) or
 * refused it (a non-200 answer, or an error event); `code` is the HTTP status.
 */
export async function subscribeSse<Data = Record<string, unknown>>(
  gateway: ObservedGateway,
  request: SubscriptionRequest,
  options: { authorization?: string } = {},
): Promise<Subscription<Data>> {
  const log = resultLog<Data>();
  const abort = new AbortController();
  leftovers.add(abort);
  let code: number | undefined;
  const read = async () => {
    const response = await fetch(subscriptionUrl(gateway.url, request), {
      headers: {
        accept: 'text/event-stream',
        ...(options.authorization ? { authorization: options.authorization } : {}),
      },
      signal: abort.signal,
    });
    code = response.status;
    if (!response.headers.get('content-type')?.includes('text/event-stream') || !response.body) {
      const text = await response.text();
      let errors: unknown;
      try {
        errors = (JSON.parse(text) as { errors?: unknown }).errors;
      } catch {
        // Not a GraphQL answer: report the status and the text.
      }
      log.fail(errors ?? { status: response.status, body: text });
      return;
    }
    for await (const { event, data } of messages(response.body)) {
      if (event === 'complete') return;
      const result = JSON.parse(data) as FormattedExecutionResult<Data, unknown>;
      log.push(result);
    }
  };
  const reading = () =>
    read()
      .catch((error: unknown) => {
        if (!abort.signal.aborted) log.fail(error);
      })
      .finally(() => {
        log.end('the event stream ended');
      });
  const outcome = await whenRegistered(gateway, () => void reading(), log.refused);
  return subscriptionOf(
    log,
    outcome,
    () => code,
    async () => {
      abort.abort();
      leftovers.delete(abort);
    },
  );
}
