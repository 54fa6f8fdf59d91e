import {
  APIConnectionError,
  APIConnectionTimeoutError,
  APIError,
  type APIPromise,
  APIUserAbortError,
} from 'cloudflare';
import type { Logger } from '../logger.js';
import { DEFAULT_RETRY_AFTER_SECONDS, retryAfterMs, toGatewayError } from './upstream-errors.js';

/**
 * How one upstream call is made: our retry policy (the SDK's is off), in-flight sharing of identical
 * reads, and a debug line per attempt. Nothing here sees a request body or the token.
 */

/** A read is tried at most this many extra times. */
export const MAX_READ_RETRIES = 2;
const BACKOFF_BASE_MS = 200;

/** Names an upstream operation in logs. */
export interface UpstreamOp {
  name: string;
  /** Method and path with placeholders, never the ids themselves. */
  route: string;
}

export interface UpstreamCaller {
  /** A read: retried on transient failures, shared with identical reads already in flight. */
  read<T>(
    op: UpstreamOp,
    key: string,
    send: () => APIPromise<unknown>,
    parse: (body: unknown) => T,
  ): Promise<T>;
  /** A write: sent exactly once, because upstream does not deduplicate starts. */
  write<T>(
    op: UpstreamOp,
    send: () => APIPromise<unknown>,
    parse: (body: unknown) => T,
  ): Promise<T>;
}

export interface CallerOptions {
  /** The longest Retry-After worth waiting for; longer ones fail at once as RATE_LIMITED. */
  maxRetryWaitMs: number;
  logger: Logger;
  sleep: (ms: number) => Promise<void>;
}

/** The wait before retrying after `error`, or null when it must not be retried. */
export function retryDelayMs(
  error: unknown,
  attempt: number,
  maxRetryWaitMs: number,
): number | null {
  const backoff = BACKOFF_BASE_MS * 2 ** attempt;
  if (error instanceof APIUserAbortError) return null;
  if (error instanceof APIConnectionError) return backoff;
  if (!(error instanceof APIError) || typeof error.status !== 'number') return null;
  if (error.status === 429) {
    const wait = retryAfterMs(error.headers ?? null) ?? DEFAULT_RETRY_AFTER_SECONDS * 1000;
    return wait <= maxRetryWaitMs ? wait : null;
  }
  return error.status >= 500 ? backoff : null;
}

function outcomeOf(error: unknown): { status: number | null; outcome: string } {
  if (error instanceof APIConnectionTimeoutError) return { status: null, outcome: 'timeout' };
  if (error instanceof APIConnectionError) return { status: null, outcome: 'unreachable' };
  if (error instanceof APIError && typeof error.status === 'number') {
    return { status: error.status, outcome: 'error' };
  }
  return { status: null, outcome: 'failed' };
}

/** Builds the caller one datasource uses for all its upstream calls. */
export function createUpstreamCaller(options: CallerOptions): UpstreamCaller {
  const inFlight = new Map<string, Promise<unknown>>();

  async function attempt(op: UpstreamOp, send: () => APIPromise<unknown>, n: number) {
    const started = performance.now();
    const log = (fields: { status: number | null; outcome: string }) =>
      options.logger.debug(
        {
          upstream: 'realtimekit',
          op: op.name,
          route: op.route,
          attempt: n + 1,
          ...fields,
          durationMs: Math.round(performance.now() - started),
        },
        'upstream call',
      );
    try {
      const { data, response } = await send().withResponse();
      log({ status: response.status, outcome: 'ok' });
      return data;
    } catch (error) {
      log(outcomeOf(error));
      throw error;
    }
  }

  async function withRetries<T>(
    op: UpstreamOp,
    send: () => APIPromise<unknown>,
    parse: (body: unknown) => T,
  ) {
    for (let n = 0; ; n++) {
      let body: unknown;
      try {
        body = await attempt(op, send, n);
      } catch (error) {
        const wait = n < MAX_READ_RETRIES ? retryDelayMs(error, n, options.maxRetryWaitMs) : null;
        if (wait === null) throw toGatewayError(error);
        await options.sleep(wait);
        continue;
      }
      return parse(body);
    }
  }

  return {
    read(op, key, send, parse) {
      const slot = `${op.name} ${key}`;
      const shared = inFlight.get(slot);
      if (shared) return shared as Promise<ReturnType<typeof parse>>;
      const call = withRetries(op, send, parse).finally(() => inFlight.delete(slot));
      inFlight.set(slot, call);
      return call;
    },
    async write(op, send, parse) {
      let body: unknown;
      try {
        body = await attempt(op, send, 0);
      } catch (error) {
        throw toGatewayError(error);
      }
      return parse(body);
    },
  };
}
