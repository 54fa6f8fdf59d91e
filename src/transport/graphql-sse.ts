import { createHash, randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { useGraphQLSSE } from '@graphql-yoga/plugin-graphql-sse';
import { type ExecutionResult, GraphQLError } from 'graphql';
import { isAsyncIterable, type Plugin } from 'graphql-yoga';
import { AuthenticationError, type Authenticator } from '../auth/authenticator.js';
import { runAt } from '../auth/expiry-timer.js';
import type { Logger } from '../logger.js';
import { type PersistedOperations, persistedDocument } from '../security/persisted-operations.js';
import { callerKey } from '../security/rate-limit.js';
import { subscriptionSlotPlugin, tooManySubscriptions } from '../security/subscription-limits.js';
import { resultWithoutHttpHints, withoutHttpHints } from './http-hints.js';

/**
 * graphql-sse's single-connection mode (`createClient({ singleConnection: true })`), served by
 * yoga's graphql-sse plugin at {@link GRAPHQL_SSE_PATH}: a client reserves a stream (`PUT`), opens
 * it (`GET`, an event stream), and runs operations on it (`POST`, `DELETE` to stop one). Distinct
 * connections (one event stream per operation) are yoga's own SSE at `/graphql`.
 *
 * The plugin implements the protocol; this module keeps the gateway's rules around it:
 * - a stream belongs to the credentials that reserved it: every later request must present the
 *   same `Authorization` (else 404, as for an unknown stream), and the stream ends when that
 *   token expires, after its operations have sent their last `UNAUTHENTICATED` result;
 * - a client holds at most `streamsPerClient` streams; one not opened within
 *   `reservationTimeoutMs` is dropped, with the operations already posted to it;
 * - a stream holds at most `subscriptionsPerStream` subscriptions (as a graphql-ws socket does);
 * - operations wait for the client to read: nothing piles up for a client that does not;
 * - a request body is capped as over `/graphql` (security/body-limit.ts), and with persisted
 *   operations only listed operations run;
 * - refusals once an operation is accepted (limits, cost, counts) arrive in the stream as its
 *   result, as over graphql-ws; an operation that does not parse or validate is answered 400.
 */

export const GRAPHQL_SSE_PATH = '/graphql/stream';
const TOKEN_HEADER = 'x-graphql-event-stream-token';
const TOKEN_QUERY = 'token';

export interface GraphQLSseOptions {
  authenticator: Authenticator;
  logger: Logger;
  /** Streams (reserved or open) one client may hold. */
  streamsPerClient: number;
  /** Subscriptions one stream may hold, as a graphql-ws socket. */
  subscriptionsPerStream: number;
  /** How long a reserved stream waits to be opened. */
  reservationTimeoutMs: number;
  /** The largest request body, as over `/graphql`. */
  maxBodyBytes: number;
  persistedOperations?: PersistedOperations | undefined;
}

interface Stream {
  readonly token: string;
  readonly owner: string;
  /** A digest of the `Authorization` the stream was reserved with. */
  readonly credential: string;
  subscriptions: number;
  /** Whether the client has opened the event stream. */
  opened: boolean;
  /** The open event stream's Node response, whose buffer tells whether the client reads. */
  response: ServerResponse | undefined;
  /** Ends the event stream, after what it holds has been sent. */
  end: (() => void) | undefined;
  expired: boolean;
  ended: boolean;
  /** Operations waiting for the stream to be opened or read. */
  readonly waiting: Set<() => void>;
  readonly timers: Array<() => void>;
}

/** Thrown from validation on a stream, so that the request is answered 400 with the errors. */
class InvalidOperation extends Error {
  constructor(readonly errors: readonly Error[]) {
    super('invalid operation');
  }
}

function json(status: number, errors: readonly unknown[], headers: HeadersInit = {}): Response {
  return new Response(JSON.stringify({ errors }), {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
  });
}

const notFound = () =>
  json(404, [
    { message: 'Stream not found; reserve one with PUT.', extensions: { code: 'NOT_FOUND' } },
  ]);

/** A GraphQL error as a client sees it: without yoga's internal `http` extension. */
function shown(error: Error, code?: string): unknown {
  if (!(error instanceof GraphQLError)) return { message: error.message };
  const [formatted] = withoutHttpHints([error]);
  return { ...formatted, extensions: { code, ...formatted?.extensions } };
}

function digest(value: string | null): string {
  return createHash('sha256')
    .update(value ?? '')
    .digest('base64');
}

/** The body, read up to `max` bytes; null when it is larger. */
async function readCapped(request: Request, max: number): Promise<string | null> {
  const declared = Number(request.headers.get('content-length') ?? 0);
  if (declared > max) return null;
  if (!request.body) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of request.body as unknown as AsyncIterable<Uint8Array>) {
    size += chunk.byteLength;
    if (size > max) return null;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** One result, as the single event of an operation's stream. */
async function* once(result: ExecutionResult): AsyncGenerator<ExecutionResult> {
  yield result;
}

/**
 * A subscription whose stream fails ends with its error as its last result, not the connection's
 * (graphql-sse ends the whole connection when one operation's stream throws). Hand-rolled, not an
 * async generator: graphql-sse stops an operation with `return()` while a `next()` waits for an
 * event, which a generator would answer only after that event.
 */
function errorsAsResults(source: AsyncIterable<ExecutionResult>): AsyncGenerator<ExecutionResult> {
  const inner = source[Symbol.asyncIterator]();
  let failed = false;
  const done = (): IteratorResult<ExecutionResult> => ({ done: true, value: undefined });
  return {
    [Symbol.asyncIterator]() {
      return this;
    },
    async next() {
      if (failed) return done();
      try {
        return await inner.next();
      } catch (error) {
        failed = true;
        // Masked further out, as any error of a result is.
        const shown =
          error instanceof GraphQLError
            ? error
            : new GraphQLError('Unexpected error.', {
                originalError: error instanceof Error ? error : undefined,
              });
        return { done: false, value: { errors: [shown] } };
      }
    },
    async return() {
      failed = true;
      await inner.return?.();
      return done();
    },
    async throw(error: unknown) {
      failed = true;
      await inner.return?.();
      throw error;
    },
    async [Symbol.asyncDispose]() {
      await this.return(undefined);
    },
  };
}

/**
 * The graphql-sse single-connection endpoint as yoga plugins; their hooks also apply the stream's
 * limits to the operations posted to it. Place `first` before the plugins that may refuse an
 * operation (limits, cost, counts), so that their refusals reach the stream as results, and
 * `last` after every other plugin.
 */
export function graphqlSsePlugins(options: GraphQLSseOptions): { first: Plugin[]; last: Plugin } {
  const { authenticator, logger } = options;
  const streams = new Map<string, Stream>();
  const heldBy = new Map<string, number>();
  // What each request to the plugin is: the token graphql-sse is to use, the stream of an operation.
  const tokens = new WeakMap<Request, string>();
  const operations = new WeakMap<Request, Stream>();

  const wake = (stream: Stream) => {
    for (const resume of [...stream.waiting]) resume();
    stream.waiting.clear();
  };

  /** Resolves when an operation of `stream` may send its next result. */
  function ready(stream: Stream): Promise<void> | undefined {
    if (stream.ended) return;
    if (stream.opened && !stream.response?.writableNeedDrain) return;
    return new Promise((resolve) => stream.waiting.add(resolve));
  }

  function forget(stream: Stream): void {
    if (stream.ended) return;
    stream.ended = true;
    streams.delete(stream.token);
    const left = (heldBy.get(stream.owner) ?? 1) - 1;
    if (left > 0) heldBy.set(stream.owner, left);
    else heldBy.delete(stream.owner);
    for (const cancel of stream.timers) cancel();
    wake(stream);
  }

  // Set once yoga starts: runs a request through the plugin (used to drop unopened streams).
  let handle: (request: Request) => Promise<Response | undefined> = async () => undefined;

  /** Ends a stream: graphql-sse completes its operations and sends what it holds first. */
  function end(stream: Stream): void {
    if (stream.ended) return;
    if (stream.end) {
      stream.end();
      return;
    }
    // Never opened: open it here, only to let graphql-sse end it and its operations.
    forget(stream);
    const abort = new AbortController();
    const request = new Request(`http://gateway${GRAPHQL_SSE_PATH}`, {
      headers: { accept: 'text/event-stream' },
      signal: abort.signal,
    });
    tokens.set(request, stream.token);
    void handle(request)
      .then((response) => {
        abort.abort();
        return response?.body?.cancel();
      })
      .catch((error: unknown) =>
        logger.warn({ err: error }, 'dropping a graphql-sse stream failed'),
      );
  }

  /** Ends an expired stream once its subscriptions have sent their last result. */
  function endIfDone(stream: Stream): void {
    if (!stream.expired || stream.subscriptions > 0) return;
    // Later: graphql-sse queues an operation's `complete` just after its last result.
    setImmediate(() => end(stream));
  }

  async function reserve(request: Request, address: string): Promise<Response | string> {
    const authorization = request.headers.get('authorization');
    let viewer: Awaited<ReturnType<Authenticator['authenticate']>>;
    try {
      viewer = await authenticator.authenticate(authorization);
    } catch (error) {
      if (!(error instanceof AuthenticationError)) throw error;
      return json(401, [{ message: error.message, extensions: { code: 'UNAUTHENTICATED' } }], {
        'www-authenticate': 'Bearer',
      });
    }
    const owner = callerKey(viewer.subject, address);
    const held = heldBy.get(owner) ?? 0;
    if (held >= options.streamsPerClient) {
      return json(429, [
        shown(
          tooManySubscriptions(
            `At most ${options.streamsPerClient} streams per client; close some first.`,
          ),
        ),
      ]);
    }
    const stream: Stream = {
      token: randomUUID(),
      owner,
      credential: digest(authorization),
      subscriptions: 0,
      opened: false,
      response: undefined,
      end: undefined,
      expired: false,
      ended: false,
      waiting: new Set(),
      timers: [],
    };
    streams.set(stream.token, stream);
    heldBy.set(owner, held + 1);
    stream.timers.push(
      runAt(Date.now() + options.reservationTimeoutMs, () => {
        if (!stream.opened) end(stream);
      }),
    );
    if (viewer.expiresAt !== null) {
      stream.timers.push(
        runAt(viewer.expiresAt, () => {
          stream.expired = true;
          endIfDone(stream);
        }),
      );
    }
    return stream.token;
  }

  /** The stream a request names, if the request may use it. */
  function streamOf(request: Request): Stream | undefined {
    const url = new URL(request.url);
    const token = request.headers.get(TOKEN_HEADER) ?? url.searchParams.get(TOKEN_QUERY);
    const stream = token === null ? undefined : streams.get(token);
    if (stream?.credential !== digest(request.headers.get('authorization'))) return undefined;
    return stream;
  }

  /**
   * The request that opens a reserved stream, with a signal of our own so that the stream can be
   * ended from here; `accepted` records the stream as open once graphql-sse has answered it.
   */
  function opening(stream: Stream, request: Request, response: ServerResponse | undefined) {
    const ending = new AbortController();
    const forwarded = new Request(request.url, {
      method: 'GET',
      headers: request.headers,
      signal: AbortSignal.any([request.signal, ending.signal]),
    });
    tokens.set(forwarded, stream.token);
    const accepted = () => {
      if (stream.opened || stream.ended) return;
      stream.opened = true;
      stream.end = () => ending.abort();
      // Through Node's server (always, but for tests that call yoga directly): its buffer says
      // whether the client reads, and its close that the client left.
      if (response) {
        stream.response = response;
        response.on('drain', () => wake(stream));
        response.once('close', () => forget(stream));
      } else {
        forwarded.signal.addEventListener('abort', () => forget(stream), { once: true });
      }
      wake(stream);
    };
    return { forwarded, accepted };
  }

  /** An operation's request, its body read (capped) and, with persisted operations, resolved. */
  async function operation(request: Request, stream: Stream): Promise<Request | Response> {
    const body = await readCapped(request, options.maxBodyBytes);
    if (body === null) {
      return json(413, [
        { message: 'Request body too large', extensions: { code: 'REQUEST_ENTITY_TOO_LARGE' } },
      ]);
    }
    let text = body;
    if (options.persistedOperations) {
      try {
        const payload = JSON.parse(body) as Record<string, unknown>;
        const query = persistedDocument(options.persistedOperations, {
          extensions: payload.extensions as Record<string, unknown> | undefined,
        });
        text = JSON.stringify({ ...payload, query });
      } catch (error) {
        if (error instanceof GraphQLError) return json(400, [shown(error)]);
        // Not JSON: graphql-sse answers that.
      }
    }
    const posted = new Request(request.url, {
      method: 'POST',
      headers: request.headers,
      body: text,
      signal: request.signal,
    });
    tokens.set(posted, stream.token);
    operations.set(posted, stream);
    return posted;
  }

  const inner = useGraphQLSSE({
    endpoint: GRAPHQL_SSE_PATH,
    authenticate: (req) =>
      tokens.get(req.raw as Request) ?? [null, { status: 404, statusText: 'Not Found' }],
    onNext: async (_context, req, part) => {
      const stream = operations.get(req.raw as Request);
      if (stream) await ready(stream);
      const shown = resultWithoutHttpHints(part as ExecutionResult);
      return shown === part ? undefined : (shown as ExecutionResult);
    },
  });

  const streamOfContext = (context: unknown): Stream | undefined => {
    const request = (context as { request?: Request } | undefined)?.request;
    return request && operations.get(request);
  };

  const perStream = subscriptionSlotPlugin((context) => {
    const stream = streamOfContext(context);
    if (!stream) return null;
    if (stream.subscriptions >= options.subscriptionsPerStream) {
      return tooManySubscriptions(
        `At most ${options.subscriptionsPerStream} subscriptions per connection; complete some first.`,
      );
    }
    stream.subscriptions += 1;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      stream.subscriptions -= 1;
      endIfDone(stream);
    };
  });

  const endpoint: Plugin = {
    onYogaInit(payload) {
      inner.onYogaInit?.(payload);
      handle = async (request) => {
        let answer: Response | undefined;
        await inner.onRequest?.({
          request,
          serverContext: {},
          endResponse: (response: Response) => {
            answer = response;
          },
        } as never);
        return answer;
      };
    },
    async onRequest(payload) {
      const { request, endResponse, serverContext } = payload;
      if (new URL(request.url).pathname !== GRAPHQL_SSE_PATH) return;
      const node = serverContext as { req?: IncomingMessage; res?: ServerResponse };
      let forwarded = request;
      let onOpened: (() => void) | undefined;
      if (request.method === 'PUT') {
        const reserved = await reserve(request, node.req?.socket.remoteAddress ?? 'unknown');
        if (typeof reserved !== 'string') return endResponse(reserved);
        forwarded = new Request(request.url, { method: 'PUT', headers: request.headers });
        tokens.set(forwarded, reserved);
      } else {
        const stream = streamOf(request);
        if (!stream) return endResponse(notFound());
        if (request.method === 'POST') {
          const posted = await operation(request, stream);
          if (posted instanceof Response) return endResponse(posted);
          forwarded = posted;
        } else if (request.method === 'GET') {
          const open = opening(stream, request, node.res);
          forwarded = open.forwarded;
          onOpened = open.accepted;
        } else {
          tokens.set(request, stream.token);
        }
      }
      let answer: Response | undefined;
      try {
        await inner.onRequest?.({
          ...payload,
          request: forwarded,
          endResponse: (response: Response) => {
            answer = response;
          },
        });
      } catch (error) {
        if (error instanceof InvalidOperation) {
          // As yoga answers them on /graphql.
          const errors = error.errors.map((each) => shown(each, 'GRAPHQL_VALIDATION_FAILED'));
          return endResponse(json(400, errors));
        }
        if (!(error instanceof GraphQLError)) throw error;
        const http = error.extensions.http as { status?: number } | undefined;
        return endResponse(json(http?.status ?? 400, [shown(error)]));
      }
      if (!answer) return;
      if (request.method === 'PUT' && answer.status !== 201) {
        const stream = streams.get(tokens.get(forwarded) ?? '');
        if (stream) forget(stream);
      }
      if (onOpened && answer.status === 200) onOpened();
      endResponse(answer);
    },
    onExecute({ args }) {
      if (!streamOfContext(args.contextValue)) return;
      return {
        onExecuteDone({ result, setResult }) {
          // graphql-sse takes a result without `data` (a refusal) for something else.
          if (!isAsyncIterable(result) && !('data' in result)) setResult(once(result));
        },
      };
    },
    onSubscribe({ args }) {
      if (!streamOfContext(args.contextValue)) return;
      return {
        onSubscribeResult({ result, setResult }) {
          if (isAsyncIterable(result)) setResult(errorsAsResults(result));
          else if (!('data' in result)) setResult(once(result));
        },
      };
    },
  };
  // After the plugins that rewrite validation errors (suggestions), so they are answered as shown.
  const validation: Plugin = {
    onValidate({ context }) {
      if (!streamOfContext(context)) return;
      return ({ valid, result }) => {
        if (!valid) throw new InvalidOperation(result);
      };
    },
  };
  return { first: [endpoint, perStream], last: validation };
}
