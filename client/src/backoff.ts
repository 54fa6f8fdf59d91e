/** Reconnect delays: exponential from `initialDelayMs` up to `maxDelayMs`, each jittered. */
export interface BackoffOptions {
  /** The first delay's ceiling, in ms (default 500). */
  initialDelayMs?: number;
  /** The largest delay, in ms (default 30,000). */
  maxDelayMs?: number;
}

export interface Backoff {
  /** Resolves after the delay for the `retries`-th retry in a row (0 for the first). */
  wait(retries: number): Promise<void>;
  /** Ends every pending wait at once, so a disposed client does not hold a timer for minutes. */
  cancel(): void;
}

function checkDelay(name: string, value: number): number {
  if (!Number.isFinite(value) || value < 0) {
    throw new RangeError(`${name} must be a finite number of milliseconds, 0 or more`);
  }
  return value;
}

/**
 * The delay before retry number `retries`: a ceiling that doubles from `initialDelayMs` up to
 * `maxDelayMs`, then a random point in its upper half. Half is the floor so that a flapping network
 * cannot turn retries into a tight loop; the random half keeps the clients of one outage from all
 * coming back in the same instant.
 */
export function backoffDelay(
  retries: number,
  options: Required<BackoffOptions>,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(options.maxDelayMs, options.initialDelayMs * 2 ** Math.min(retries, 30));
  return ceiling / 2 + random() * (ceiling / 2);
}

/** Checks the options once, when the client is created, so a bad setting fails at once. */
export function createBackoff(options: BackoffOptions = {}): Backoff {
  const settings = {
    initialDelayMs: checkDelay('retry.initialDelayMs', options.initialDelayMs ?? 500),
    maxDelayMs: checkDelay('retry.maxDelayMs', options.maxDelayMs ?? 30_000),
  };
  if (settings.maxDelayMs < settings.initialDelayMs) {
    throw new RangeError('retry.maxDelayMs must not be less than retry.initialDelayMs');
  }
  const pending = new Set<() => void>();
  return {
    wait: (retries) =>
      new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer);
          pending.delete(done);
          resolve();
        };
        const timer = setTimeout(done, backoffDelay(retries, settings));
        pending.add(done);
      }),
    cancel() {
      for (const done of [...pending]) done();
    },
  };
}
