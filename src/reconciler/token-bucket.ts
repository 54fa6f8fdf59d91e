/**
 * A token bucket of `perMinute` tokens refilled evenly over 60 s: the reconciler's share of the
 * upstream budget, kept across runs so short intervals cannot spend more than the minute allows.
 */
export interface TokenBucket {
  /** Takes one token when a whole one is available. */
  take(): boolean;
  /** Whole tokens available now. */
  available(): number;
  /** Empties the bucket and keeps it empty until `until` (epoch ms): upstream said to back off. */
  block(until: number): void;
}

const WINDOW_MS = 60_000;

/** Builds a bucket that starts full; `now` is the clock (epoch ms). */
export function createTokenBucket(perMinute: number, now: () => number): TokenBucket {
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
    block(until) {
      credit = 0;
      since = Math.max(since, until);
    },
  };
}
