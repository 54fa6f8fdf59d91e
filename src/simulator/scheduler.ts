/**
 * Every timer the simulator sets goes through one scheduler, so `stop()` can cancel them all and
 * `timeScale` speeds up simulated delays in one place. Timers are unref'd: a forgotten simulator
 * never keeps a test process alive.
 */
export class Scheduler {
  private readonly timers = new Set<NodeJS.Timeout>();
  private stopped = false;

  constructor(readonly timeScale: number) {}

  /** Runs `fn` after `baseMs` of simulated time; returns a cancel function. */
  after(baseMs: number, fn: () => void): () => void {
    return this.afterReal(baseMs * this.timeScale, fn);
  }

  /** Runs `fn` after `ms` real milliseconds (fault delays are never scaled). */
  afterReal(ms: number, fn: () => void): () => void {
    if (this.stopped) return () => {};
    const timer = setTimeout(
      () => {
        this.timers.delete(timer);
        fn();
      },
      Math.max(0, ms),
    );
    timer.unref();
    this.timers.add(timer);
    return () => {
      clearTimeout(timer);
      this.timers.delete(timer);
    };
  }

  /** Resolves after `ms` real milliseconds, or with false at once when the scheduler stops. */
  sleepReal(ms: number, signal: AbortSignal): Promise<boolean> {
    return new Promise((resolve) => {
      if (this.stopped || signal.aborted) return resolve(false);
      const onAbort = () => {
        cancel();
        resolve(false);
      };
      const cancel = this.afterReal(ms, () => {
        signal.removeEventListener('abort', onAbort);
        resolve(true);
      });
      signal.addEventListener('abort', onAbort, { once: true });
    });
  }

  /** Converts real elapsed milliseconds into simulated seconds. */
  simulatedSeconds(realMs: number): number {
    return this.timeScale > 0 ? realMs / this.timeScale / 1000 : 0;
  }

  get isStopped(): boolean {
    return this.stopped;
  }

  stop(): void {
    this.stopped = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }
}
