import { describe, expect, it } from 'vitest';
import { MAX_TIMER_DELAY_MS, runAt, type TimerClock } from '../../src/auth/expiry-timer.js';
import { endAtExpiry } from '../../src/security/token-expiry.js';

/** A clock the test moves by hand; it refuses delays Node would turn into 1 ms. */
function manualClock(start: number) {
  let now = start;
  let pending: { fire: () => void; at: number } | undefined;
  const delays: number[] = [];
  const clock: TimerClock = {
    now: () => now,
    setTimeout(fire, delayMs) {
      expect(delayMs).toBeLessThanOrEqual(MAX_TIMER_DELAY_MS);
      delays.push(delayMs);
      pending = { fire, at: now + delayMs };
      return {};
    },
    clearTimeout() {
      pending = undefined;
    },
  };
  return {
    clock,
    delays,
    /** Moves time on to `to`, firing each timer that falls due on the way. */
    advanceTo(to: number) {
      while (pending && pending.at <= to) {
        const due = pending;
        pending = undefined;
        now = due.at;
        due.fire();
      }
      now = to;
    },
  };
}

const DAY = 86_400_000;

describe('runAt', () => {
  it('waits 30 days in steps no timer overflows, and fires once at the end', () => {
    const start = 1_700_000_000_000;
    const time = manualClock(start);
    let fired = 0;
    runAt(start + 30 * DAY, () => (fired += 1), time.clock);
    expect(time.delays).toEqual([MAX_TIMER_DELAY_MS]);
    time.advanceTo(start + 25 * DAY);
    expect(fired).toBe(0);
    time.advanceTo(start + 30 * DAY - 1);
    expect(fired).toBe(0);
    time.advanceTo(start + 31 * DAY);
    expect(fired).toBe(1);
    expect(time.delays).toEqual([MAX_TIMER_DELAY_MS, 30 * DAY - MAX_TIMER_DELAY_MS]);
  });

  it('fires on a later tick for a time already past, and never once cancelled', () => {
    const time = manualClock(1000);
    let fired = 0;
    runAt(500, () => (fired += 1), time.clock);
    expect(fired).toBe(0);
    time.advanceTo(1000);
    expect(fired).toBe(1);
    const cancel = runAt(2000 + 40 * DAY, () => (fired += 1), time.clock);
    time.advanceTo(1000 + 26 * DAY);
    cancel();
    time.advanceTo(2000 + 50 * DAY);
    expect(fired).toBe(1);
  });
});

describe('endAtExpiry', () => {
  it('passes events until the expiry, then one UNAUTHENTICATED result, then the end', async () => {
    let returned = 0;
    const source: AsyncIterableIterator<{ data: { n: number } }> = {
      [Symbol.asyncIterator]() {
        return this;
      },
      next: async () => ({ done: false, value: { data: { n: 1 } } }),
      return: async () => {
        returned += 1;
        return { done: true, value: undefined };
      },
    };
    const stream = endAtExpiry(source, Date.now() + 50);
    expect((await stream.next()).value).toEqual({ data: { n: 1 } });
    let last: IteratorResult<unknown>;
    do last = await stream.next();
    while (!last.done && !('errors' in (last.value as object)));
    expect(JSON.parse(JSON.stringify(last.value)).errors[0].extensions.code).toBe(
      'UNAUTHENTICATED',
    );
    expect(await stream.next()).toEqual({ done: true, value: undefined });
    expect(returned).toBe(1);
  });

  it('ends at once when the client leaves while it waits for an event', async () => {
    let returned = 0;
    const never: AsyncIterableIterator<never> = {
      [Symbol.asyncIterator]() {
        return this;
      },
      next: () => new Promise<never>(() => {}),
      return: async () => {
        returned += 1;
        return { done: true, value: undefined };
      },
    };
    const stream = endAtExpiry(never, Date.now() + 60 * DAY);
    const pending = stream.next();
    await stream.return?.();
    expect(await pending).toEqual({ done: true, value: undefined });
    expect(returned).toBe(1);
  });
});
