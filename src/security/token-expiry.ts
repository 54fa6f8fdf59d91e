import { type ExecutionResult, GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { runAt } from '../auth/expiry-timer.js';
import type { Viewer } from '../auth/viewer.js';

type Result = ExecutionResult;

/** The last message of a stream whose token expired: the client subscribes again with a new one. */
function expiredResult(): Result {
  return {
    errors: [
      new GraphQLError('Token expired; subscribe again with a fresh token.', {
        extensions: { code: 'UNAUTHENTICATED' },
      }),
    ],
  };
}

/**
 * `source` until `expiresAt`, then one UNAUTHENTICATED result, then the end. `return()` (the
 * client went away) ends it at once, even while it waits for the next event.
 */
export function endAtExpiry(
  source: AsyncIterable<Result>,
  expiresAt: number,
): AsyncIterableIterator<Result> {
  const inner = source[Symbol.asyncIterator]();
  let state: 'open' | 'expired' | 'ended' = 'open';
  let wake: (() => void) | undefined;
  const stopped = () =>
    new Promise<'stopped'>((resolve) => {
      wake = () => resolve('stopped');
    });
  // Not awaited: an async generator answers return() only once its pending next() settles.
  const release = () => void Promise.resolve(inner.return?.()).catch(() => undefined);
  const expire = () => {
    if (state !== 'open') return;
    state = 'expired';
    wake?.();
    release();
  };
  const cancelTimer = runAt(expiresAt, expire);
  const end = async (): Promise<IteratorResult<Result>> => {
    if (state === 'open') release();
    state = 'ended';
    cancelTimer();
    wake?.();
    return { done: true, value: undefined };
  };
  return {
    [Symbol.asyncIterator]() {
      return this;
    },
    async next() {
      // A source that always has an event ready would never let the timer run.
      if (Date.now() >= expiresAt) expire();
      if (state === 'open') {
        const next = await Promise.race([inner.next(), stopped()]);
        if (next !== 'stopped') {
          if (next.done) return end();
          return next;
        }
      }
      if (state === 'expired') {
        state = 'ended';
        return { done: false, value: expiredResult() };
      }
      return { done: true, value: undefined };
    },
    return: end,
    throw: async (error: unknown) => {
      await end();
      throw error;
    },
  };
}

/**
 * Ends every subscription served over HTTP (SSE, or multipart) when its token expires, as a
 * graphql-ws socket is closed then: a stream must not outlive the credentials that opened it.
 * graphql-ws operations are skipped: the bridge closes their socket (4403) itself.
 */
export function tokenExpiryPlugin(isWebSocket: (context: object) => boolean): Plugin {
  return {
    onSubscribe({ args }) {
      const context = args.contextValue as { viewer?: Viewer };
      const expiresAt = context.viewer?.expiresAt ?? null;
      if (expiresAt === null || isWebSocket(args.contextValue)) return;
      return {
        onSubscribeResult({ result, setResult }) {
          if (Symbol.asyncIterator in result) setResult(endAtExpiry(result, expiresAt));
        },
      };
    },
  };
}
