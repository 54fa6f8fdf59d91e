/**
 * `setTimeout` fires at once (after 1 ms) for any delay over 2^31-1 ms, about 24.8 days, so a
 * token that expires later than that must be waited for in several steps.
 */
export const MAX_TIMER_DELAY_MS = 2 ** 31 - 1;

/** The clock and timers {@link runAt} uses; tests pass their own. */
export interface TimerClock {
  now(): number;
  setTimeout(fire: () => void, delayMs: number): { unref?(): unknown };
  clearTimeout(timer: unknown): void;
}

const systemClock: TimerClock = {
  now: () => Date.now(),
  setTimeout: (fire, delayMs) => setTimeout(fire, delayMs),
  clearTimeout: (timer) => clearTimeout(timer as ReturnType<typeof setTimeout>),
};

/**
 * Calls `fire` once at `atEpochMs` (on a later tick when that has passed), however far ahead,
 * chaining timers of at most {@link MAX_TIMER_DELAY_MS}. The timers do not keep the process alive.
 * Returns a function that cancels it.
 */
export function runAt(
  atEpochMs: number,
  fire: () => void,
  clock: TimerClock = systemClock,
): () => void {
  let timer: unknown;
  let cancelled = false;
  const schedule = () => {
    const delay = Math.min(Math.max(atEpochMs - clock.now(), 0), MAX_TIMER_DELAY_MS);
    const handle = clock.setTimeout(wake, delay);
    handle.unref?.();
    timer = handle;
  };
  const wake = () => {
    if (cancelled) return;
    if (clock.now() >= atEpochMs) fire();
    else schedule();
  };
  schedule();
  return () => {
    cancelled = true;
    clock.clearTimeout(timer);
  };
}
