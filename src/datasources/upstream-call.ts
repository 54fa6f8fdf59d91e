import type { APIPromise } from 'cloudflare/api-promise';
import {
  APIConnectionError,
  APIConnectionTimeoutError,
  APIError,
  APIUserAbortError,
} from 'cloudflare/error';
import type { Logger } from '../logger.js';
import type { Metrics } from '../metrics/metrics.js';
import { createScrub, type Scrub } from './scrub.js';
import {
  DEFAULT_RETRY_AFTER_SECONDS,
  failedEnvelopeError,
  retryAfterMs,
  toGatewayError,
} from './upstream-errors.js';

/**
 * How one upstream call is made: our retry policy (the SDK's is off), in-flight sharing of identical
 * reads, a debug line per attempt, and the one place upstream failures become gateway errors, with
 * every known secret scrubbed from their messages. Log lines carry no body and no token.
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
  /**
   * A write: sent exactly once, because upstream does not deduplicate starts. `credentials` are
   * the request's own secrets (storage keys), scrubbed from any error as the process-wide ones are.
   */
  write<T>(
    op: UpstreamOp,
    send: () => APIPromise<unknown>,
    parse: (body: unknown) => T,
    credentials?: readonly string[],
  ): Promise<T>;
}

export interface CallerOptions {
  /** The longest Retry-After worth waiting for; longer ones fail at once as RATE_LIMITED. */
  maxRetryWaitMs: number;
  logger: Logger;
  sleep: (ms: number) => Promise<void>;
  /** Secrets of the process (the API token, JWT secrets) that no upstream message may repeat. */
  secrets: readonly string[];
  /** Each attempt's status and duration, and each retry, by operation. */
  metrics: Pick<Metrics, 'upstreamRequest' | 'upstreamRetry'>;
}

/** A body RealtimeKit marked failed (even with a 200) becomes its error here, scrubbed. */
function parseScrubbed<T>(body: unknown, parse: (body: unknown) => T, scrub: Scrub): T {
  const failed =
    typeof body === 'object' && body !== null && (body as { success?: unknown }).success === false;
  if (failed) throw failedEnvelopeError(body, scrub);
  return parse(body);
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
  const scrubProcess = createScrub(options.secrets);

  // Every attempt is counted; its debug line is built only when debug is on (most are not logged).
  function finished(
    op: UpstreamOp,
    n: number,
    started: number,
    status: number | null,
    outcome: string,
  ): void {
    const ms = performance.now() - started;
    options.metrics.upstreamRequest(op.name, status ?? outcome, ms / 1000);
    if (!options.logger.isLevelEnabled('debug')) return;
    options.logger.debug(
      {
        upstream: 'realtimekit',
        op: op.name,
        route: op.route,
        attempt: n + 1,
        status,
        outcome,
        durationMs: Math.round(ms),
      },
      'upstream call',
    );
  }

  async function attempt(op: UpstreamOp, send: () => APIPromise<unknown>, n: number) {
    const started = performance.now();
    try {
      const { data, response } = await send().withResponse();
      finished(op, n, started, response.status, 'ok');
      return data;
    } catch (error) {
      const { status, outcome } = outcomeOf(error);
      finished(op, n, started, status, outcome);
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
        if (wait === null) throw toGatewayError(error, scrubProcess);
        options.metrics.upstreamRetry(op.name);
        await options.sleep(wait);
        continue;
      }
      return parseScrubbed(body, parse, scrubProcess);
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
    async write(op, send, parse, credentials = []) {
      const scrub =
        credentials.length === 0 ? scrubProcess : createScrub([...options.secrets, ...credentials]);
      let body: unknown;
      try {
        body = await attempt(op, send, 0);
      } catch (error) {
        throw toGatewayError(error, scrub);
      }
      return parseScrubbed(body, parse, scrub);
    },
  };
}
