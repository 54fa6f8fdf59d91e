import type { Logger } from '../logger.js';
import type { IdempotencyKeyStore } from './sql-store.js';

/**
 * Runs `run` while holding a claim: its lease is renewed every third of `leaseMs`, so it lapses
 * only when this process stops renewing it (it died, or cannot reach the database), and then the
 * next retry of the key, on any replica, takes it over.
 */
export async function holdingLease<T>(
  claim: { store: IdempotencyKeyStore; key: string; token: string; leaseMs: number },
  logger: Logger | undefined,
  run: () => Promise<T>,
): Promise<T> {
  const { store, key, token, leaseMs } = claim;
  const timer = setInterval(
    () => {
      store.renew(key, token, leaseMs).then(
        (held) => {
          // Settled or taken over: nothing left to hold (a lost claim is reported on completion).
          if (!held) clearInterval(timer);
        },
        (error: unknown) => {
          logger?.warn(
            { err: error instanceof Error ? error.message : String(error) },
            'idempotency: could not renew a lease',
          );
        },
      );
    },
    Math.max(1, Math.floor(leaseMs / 3)),
  );
  timer.unref();
  try {
    return await run();
  } finally {
    clearInterval(timer);
  }
}
