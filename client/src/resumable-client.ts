import type {
  Client,
  ClientOptions,
  FormattedExecutionResult,
  Sink,
  SubscribePayload,
} from 'graphql-ws';
import { createClient } from 'graphql-ws/client';
import { type BackoffOptions, createBackoff } from './backoff.js';
import { iterate } from './iterate.js';
import { checkInterval, watchPongs } from './keep-alive.js';
import { cursorOf, resumeProblem, resumeReplacer } from './resume.js';

/** The close code of a refused or expired token: reconnect with a fresh one. */
const FORBIDDEN = 4403;

/** Asked for the gateway's token on every connect; `refresh` after the gateway refused the last. */
export type TokenProvider = (context: {
  refresh: boolean;
}) => string | null | undefined | Promise<string | null | undefined>;

export interface ResumableClientOptions
  extends Omit<
    ClientOptions,
    | 'connectionParams'
    | 'retryAttempts'
    | 'retryWait'
    | 'shouldRetry'
    | 'generateID'
    | 'jsonMessageReplacer'
    | 'keepAlive'
  > {
  /**
   * The bearer token, asked for again on every connect (so an expired one is replaced). `refresh`
   * is true after the gateway closed with 4403 (token refused or expired): skip any cache then.
   */
  token?: TokenProvider;
  /** Reconnect delays (default 0.5 s doubling up to 30 s, jittered). Retries never stop. */
  retry?: BackoffOptions;
  /** Ping the gateway this often, in ms (default 10,000; 0 turns pings off). */
  keepAliveMs?: number;
  /** A socket whose pong takes longer than this, in ms, is dropped and replaced (default 5,000). */
  pongTimeoutMs?: number;
}

/**
 * A graphql-ws client for the gateway that delivers every change exactly once across reconnects:
 * it keeps the last cursor of each subscription and re-subscribes with it as `after` on every
 * reconnect, retries forever with jittered backoff (a slow-consumer close, 1013, a dropped network
 * or a dead socket alike), and asks for a fresh token on every connect (an expired one, 4403,
 * leads to a reconnect with a new token). It is a graphql-ws `Client`, so Apollo's `GraphQLWsLink`
 * and urql's `subscriptionExchange` take it as they take graphql-ws' own.
 */
export function createResumableClient(options: ResumableClientOptions): Client {
  const { token, retry, keepAliveMs = 10_000, pongTimeoutMs = 5_000, ...rest } = options;
  const backoff = createBackoff(retry);
  checkInterval('keepAliveMs', keepAliveMs, true);
  checkInterval('pongTimeoutMs', pongTimeoutMs, false);
  const cursors = new Map<string, string>();
  const ids = new WeakMap<SubscribePayload, string>();
  const active = new Set<() => void>();
  let counter = 0;
  const nextId = (prefix: string) => {
    counter += 1;
    return `${prefix}-${counter}`;
  };
  let refresh = false;
  let disposed = false;

  const client = createClient({
    ...rest,
    connectionParams: async () => {
      const current = await token?.({ refresh });
      refresh = false;
      return current ? { authorization: `Bearer ${current}` } : {};
    },
    retryAttempts: Number.POSITIVE_INFINITY,
    retryWait: (retries) => backoff.wait(retries),
    // Every failure is worth another try (graphql-ws still stops on a protocol violation); by
    // default it gives up on errors that are not close events, such as a refused connection.
    shouldRetry: () => !disposed,
    keepAlive: keepAliveMs,
    generateID: (payload) => ids.get(payload) ?? nextId('op'),
    jsonMessageReplacer: resumeReplacer(cursors),
  });
  client.on('closed', (event) => {
    if ((event as { code?: unknown } | null)?.code === FORBIDDEN) refresh = true;
  });
  if (keepAliveMs > 0) watchPongs(client, pongTimeoutMs);

  function subscribe<Data, Extensions>(
    payload: SubscribePayload,
    sink: Sink<FormattedExecutionResult<Data, Extensions>>,
  ): () => void {
    const problem = resumeProblem(payload.query);
    if (problem !== null || disposed) {
      sink.error(new Error(problem ?? 'The client was disposed.'));
      return () => {};
    }
    const own = { ...payload };
    const id = nextId('sub');
    ids.set(own, id);
    let ended = false;
    const end = () => {
      ended = true;
      cursors.delete(id);
      active.delete(unsubscribe);
    };
    const unsubscribe = client.subscribe<Data, Extensions>(own, {
      next(result) {
        if (ended) return;
        const cursor = cursorOf(result);
        if (cursor !== null) cursors.set(id, cursor);
        sink.next(result);
      },
      error(error) {
        if (ended) return;
        end();
        sink.error(error);
      },
      complete() {
        if (ended) return;
        end();
        sink.complete();
      },
    });
    active.add(unsubscribe);
    return () => {
      cursors.delete(id);
      active.delete(unsubscribe);
      unsubscribe();
    };
  }

  return {
    on: client.on,
    subscribe,
    iterate: (payload) => iterate((sink) => subscribe(payload, sink)),
    terminate: () => client.terminate(),
    async dispose() {
      disposed = true;
      // Completing every subscription first lets a client that waits to retry stop at once,
      // without opening one more socket.
      for (const unsubscribe of [...active]) unsubscribe();
      backoff.cancel();
      try {
        await client.dispose();
      } catch {
        // Disposed while the connection was down: there is no socket to close.
      }
    },
  };
}
