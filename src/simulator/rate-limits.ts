import { createHash } from 'node:crypto';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';

/** Requests one API token may make: to any RealtimeKit API per 10 s, to recordings per minute. */
export interface RateLimits {
  perTenSeconds: number;
  perMinute: number;
}

/** RealtimeKit's published limits per token. */
export const REALTIMEKIT_RATE_LIMITS: RateLimits = { perTenSeconds: 250, perMinute: 1000 };

/** Throws a RangeError unless both limits are whole numbers of at least 1. */
export function checkRateLimits(limits: RateLimits): void {
  for (const [name, value] of Object.entries(limits)) {
    if (!Number.isInteger(value) || value < 1) {
      throw new RangeError(`rateLimits.${name} must be a whole number >= 1`);
    }
  }
}

/**
 * RealtimeKit's per-token REST budgets: every request counts against the 10-second window, and
 * requests under `/recordings` against the minute window too. Windows are wall-clock, never
 * scaled by `timeScale`: a sped-up simulator must not let a client through faster than the real
 * upstream would. A refused request still counts, as a request reaching RealtimeKit would.
 * Tokens are kept hashed and only for the length of their window, so the memory held is bounded by
 * the tokens seen in the last minute.
 */
export class RestRateLimiter {
  private readonly everything: RateLimiterMemory;
  private readonly recordings: RateLimiterMemory;

  constructor(limits: RateLimits) {
    checkRateLimits(limits);
    this.everything = new RateLimiterMemory({ points: limits.perTenSeconds, duration: 10 });
    this.recordings = new RateLimiterMemory({ points: limits.perMinute, duration: 60 });
  }

  /**
   * Counts one request by `token` to `path` (relative to the app prefix); null when it may go
   * ahead, else the whole seconds to wait before retrying.
   */
  async take(token: string, path: string): Promise<number | null> {
    const key = createHash('sha256').update(token).digest('base64url');
    const waitSeconds = await refusal(this.everything, key);
    if (waitSeconds !== null || !/^\/recordings(\/|$)/.test(path)) return waitSeconds;
    return refusal(this.recordings, key);
  }
}

async function refusal(limiter: RateLimiterMemory, key: string): Promise<number | null> {
  try {
    await limiter.consume(key);
    return null;
  } catch (error) {
    if (!(error instanceof RateLimiterRes)) throw error;
    return Math.max(1, Math.ceil(error.msBeforeNext / 1000));
  }
}
