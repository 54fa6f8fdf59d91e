import { type ExecutionResult, GraphQLError } from 'graphql';
import { isAsyncIterable, type Plugin } from 'graphql-yoga';
import { resultWithoutHttpHints, withoutHttpHints } from './http-hints.js';

/**
 * Subscriptions over plain HTTP as Apollo Client's `HttpLink` asks for them: Apollo's multipart
 * subscription protocol (`Accept: multipart/mixed;subscriptionSpec=1.0`). yoga serves
 * `multipart/mixed` for incremental delivery only and answers a subscription asking for it with
 * 406, so the gateway processes that result itself. Each event is one part,
 * `{"payload": <result>}`; `{}` is a heartbeat; a result without `data` (the token expired, say)
 * is a transport error, `{"payload": null, "errors": […]}`, after which the stream ends.
 */

const BOUNDARY = 'graphql';
const MEDIA_TYPE = 'multipart/mixed';
/** What the response says it is, as Apollo's router says it. */
const CONTENT_TYPE = `${MEDIA_TYPE};boundary="${BOUNDARY}";subscriptionSpec=1.0`;
/** As often as yoga pings an SSE stream: proxies drop connections that are quiet for long. */
const HEARTBEAT_MS = 12_000;

const PART_HEADER = '\r\ncontent-type: application/json; charset=utf-8\r\n\r\n';
const DELIMITER = `\r\n--${BOUNDARY}`;

/** Whether an `Accept` header asks for Apollo's multipart subscriptions (`subscriptionSpec`). */
export function acceptsMultipartSubscriptions(accept: string | null): boolean {
  if (accept === null) return false;
  return accept.split(',').some((range) => {
    const [type, ...parameters] = range.split(';').map((part) => part.trim().toLowerCase());
    if (type !== MEDIA_TYPE) return false;
    const values = new Map(
      parameters.map((parameter) => {
        const [name = '', value = ''] = parameter.split('=', 2);
        return [name.trim(), value.trim().replace(/^"(.*)"$/, '$1')];
      }),
    );
    return values.get('subscriptionspec') === '1.0' && values.get('q') !== '0';
  });
}

function part(body: unknown): string {
  return `${PART_HEADER}${JSON.stringify(body)}${DELIMITER}`;
}

/** One event of a subscription as Apollo reads it; without `data` it is a transport error. */
function eventPart(result: ExecutionResult): string {
  if (!('data' in result))
    return part({ payload: null, errors: withoutHttpHints(result.errors ?? []) });
  return part({ payload: resultWithoutHttpHints(result) });
}

/** A stream that failed (its client fell too far behind, say): what yoga's masking let through. */
function failurePart(error: unknown): string {
  const shown = error instanceof GraphQLError ? error.toJSON() : { message: 'Unexpected error.' };
  return part({ payload: null, errors: [shown] });
}

/** The response: parts as the subscription yields them, pulled only as fast as the client reads. */
function multipartResponse(
  source: AsyncIterable<ExecutionResult>,
  fetchAPI: { ReadableStream: typeof ReadableStream; Response: typeof Response },
): Response {
  const iterator = source[Symbol.asyncIterator]();
  const encoder = new TextEncoder();
  let heartbeat: ReturnType<typeof setInterval> | undefined;
  const stop = () => clearInterval(heartbeat);
  const body = new fetchAPI.ReadableStream<Uint8Array>({
    start(controller) {
      // A first heartbeat flushes the headers at once: some clients wait for the first bytes.
      controller.enqueue(encoder.encode(`${DELIMITER}${part({})}`));
      heartbeat = setInterval(() => {
        // null: errored or closed; 0: the client is behind, and a heartbeat would not help.
        if ((controller.desiredSize ?? 0) > 0) controller.enqueue(encoder.encode(part({})));
      }, HEARTBEAT_MS);
      heartbeat.unref();
    },
    async pull(controller) {
      const end = (last?: string) => {
        stop();
        controller.enqueue(encoder.encode(`${last ?? ''}--\r\n`));
        controller.close();
      };
      let next: IteratorResult<ExecutionResult>;
      try {
        next = await iterator.next();
      } catch (error) {
        end(failurePart(error));
        return;
      }
      if (next.done) return end();
      if ('data' in next.value) {
        controller.enqueue(encoder.encode(eventPart(next.value)));
        return;
      }
      // A transport error is the last part.
      end(eventPart(next.value));
      void iterator.return?.();
    },
    async cancel() {
      stop();
      await iterator.return?.();
    },
  });
  return new fetchAPI.Response(body, {
    status: 200,
    headers: {
      'content-type': CONTENT_TYPE,
      'cache-control': 'no-cache',
      'content-encoding': 'none',
      connection: 'keep-alive',
    },
  });
}

/**
 * Serves a subscription as Apollo's multipart stream when the request asks for it and nothing
 * else it accepts was chosen (an `Accept` listing `text/event-stream` too keeps getting SSE).
 * When nothing it accepts can stream, ends the subscription yoga is about to answer 406 for, and
 * tidies that answer's `Accept` header, which repeats each media type once per range the request
 * listed.
 */
export function multipartSubscriptionsPlugin(): Plugin {
  return {
    onResultProcess({
      request,
      result,
      resultProcessor,
      setResultProcessor,
      acceptableMediaTypes,
    }) {
      if (!isAsyncIterable(result)) return;
      if (
        resultProcessor === undefined &&
        acceptsMultipartSubscriptions(request.headers.get('accept'))
      ) {
        setResultProcessor(
          (processed, fetchAPI) =>
            multipartResponse(processed as AsyncIterable<ExecutionResult>, fetchAPI),
          MEDIA_TYPE,
        );
        return;
      }
      if (resultProcessor !== undefined) return;
      // yoga answers 406 and drops the stream without ending it: end it, or it holds its slot
      // and its feed subscription for good.
      void (result as AsyncIterable<unknown>)[Symbol.asyncIterator]().return?.();
      // yoga joins these with '; charset=utf-8, ' for its 406 answer.
      const offered = [...new Set([...acceptableMediaTypes, `${MEDIA_TYPE};subscriptionSpec=1.0`])];
      acceptableMediaTypes.splice(0, acceptableMediaTypes.length, ...offered);
    },
  };
}
