import type { RecordingStatusEvent } from '../../src/domain/model.js';
import { type Database, openDatabase } from '../../src/events/sql/database.js';
import type { AcceptOutcome } from '../../src/events/types.js';
import { silentLogger } from '../support/logs.js';
import { openMemoryDatabase } from '../support/pglite.js';
import { createTestDatabase } from '../support/postgres.js';

/** A database engine the store suite runs against. */
export interface StoreBackend {
  name: 'pglite' | 'postgres';
  /** A fresh, empty, migrated database, closed (and dropped) by the owning `cleanup()`. */
  open(): Promise<Database>;
}

/** Both backends, and a cleanup for every database they opened (call it in afterAll). */
export function storeBackends(): { backends: StoreBackend[]; cleanup(): Promise<void> } {
  const cleanups: Array<() => Promise<void>> = [];
  const backends: StoreBackend[] = [
    {
      name: 'pglite',
      async open() {
        const database = await openMemoryDatabase();
        cleanups.push(() => database.close());
        return database;
      },
    },
    {
      name: 'postgres',
      async open() {
        const target = await createTestDatabase();
        cleanups.push(() => target.drop());
        const database = await openDatabase({ databaseUrl: target.url, logger: silentLogger });
        cleanups.push(() => database.close());
        return database;
      },
    },
  ];
  return {
    backends,
    async cleanup() {
      // Close before drop: newest first.
      for (const cleanup of cleanups.reverse()) await cleanup();
      cleanups.length = 0;
    },
  };
}

export function published(outcome: AcceptOutcome): RecordingStatusEvent {
  if (outcome.kind !== 'published') throw new Error(`expected published, got ${outcome.kind}`);
  return outcome.event;
}

/** Runs `task` over `items` with at most `concurrency` in flight; results in item order. */
export async function mapConcurrently<T, R>(
  items: readonly T[],
  concurrency: number,
  task: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next;
      next += 1;
      results[index] = await task(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
  return results;
}

/** How many deliveries the database holds. */
export async function countDeliveries(database: Database): Promise<number> {
  const row = await database.db
    .selectFrom('deliveries')
    .select((eb) => eb.fn.countAll<string | number>().as('count'))
    .executeTakeFirstOrThrow();
  return Number(row.count);
}
