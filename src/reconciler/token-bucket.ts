/**
 * A token bucket of `perMinute` tokens refilled evenly over 60 s: the gateway's budget of upstream
 * checks (reconciler passes and webhook confirmations), kept across runs so short intervals cannot
 * spend more than the minute allows.
 */
export interface TokenBucket {
  /** The capacity; 0 means no checks at all. */
  readonly perMinute: number;
  /** Takes one token when a whole one is available. */
  take(): boolean;
  /** Whole tokens available now. */
  available(): number;
  /** Empties the bucket and keeps it empty for `ms`: upstream said to back off. */
  pause(ms: number): void;
}

const WINDOW_MS = 60_000;

/** Builds a bucket that starts full; `now` is the clock (epoch ms). */
export function createTokenBucket(perMinute: number, now: () => number = Date.now): TokenBucket {
  if (!Number.isSafeInteger(perMinute) || perMinute < 0) {
    throw new RangeError('perMinute must be a non-negative integer');
  }
  // Counted in token-milliseconds (one token = WINDOW_MS units) so refills stay whole numbers.
  const capacity = perMinute * WINDOW_MS;
  let credit = capacity;
  // Refill is counted from here; a block moves it into the future so nothing accrues meanwhile.
  let since = now();

  function refill(): void {
    const at = now();
    if (at <= since) return;
    credit = Math.min(capacity, credit + (at - since) * perMinute);
    since = at;
  }

  return {
    perMinute,
    take() {
      refill();
      if (credit < WINDOW_MS) return false;
      credit -= WINDOW_MS;
      return true;
    },
    available() {
      refill();
      return Math.floor(credit / WINDOW_MS);
    },
    pause(ms) {
      credit = 0;
      since = Math.max(since, now() + ms);
    },
  };
}
