import { randomUUID } from 'node:crypto';
import type { RecordingStatusEvent } from '../../src/domain/model.js';
import { createSqlEventStore } from '../../src/events/sql/store.js';
import type { EventStore } from '../../src/events/types.js';
import { silentLogger } from '../support/logs.js';
import { openMemoryDatabase } from '../support/pglite.js';
import { makeRecording, makeUpdate } from './support.js';

/** A fresh in-memory PGlite store; `close()` closes store and database. */
export async function openMemoryStore(): Promise<{
  store: EventStore;
  close(): Promise<void>;
}> {
  const database = await openMemoryDatabase();
  const store = createSqlEventStore(database, { logger: silentLogger });
  return {
    store,
    async close() {
      await store.close();
      await database.close();
    },
  };
}

/** Stores `count` new recordings (one published event each); returns their events in order. */
export async function acceptNew(store: EventStore, count = 1): Promise<RecordingStatusEvent[]> {
  const events: RecordingStatusEvent[] = [];
  for (let index = 0; index < count; index += 1) {
    const outcome = await store.accept(makeUpdate(makeRecording(randomUUID(), 'RECORDING')));
    if (outcome.kind !== 'published') throw new Error(`expected published, got ${outcome.kind}`);
    events.push(outcome.event);
  }
  return events;
}

/** The next `count` events of `iterator` (fewer if it ends). */
export async function take(
  iterator: AsyncIterator<RecordingStatusEvent>,
  count: number,
): Promise<RecordingStatusEvent[]> {
  const out: RecordingStatusEvent[] = [];
  while (out.length < count) {
    const result = await iterator.next();
    if (result.done) break;
    out.push(result.value);
  }
  return out;
}

export const cursors = (events: readonly RecordingStatusEvent[]): string[] =>
  events.map((event) => event.cursor);

/** Resolves once `condition` holds, checking on every turn of the event loop. */
export async function until(condition: () => boolean | Promise<boolean>): Promise<void> {
  while (!(await condition())) await new Promise(setImmediate);
}
