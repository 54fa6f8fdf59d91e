import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { RecordingStatusEvent } from '../../src/domain/model.js';
import { compareCursors } from '../../src/events/cursor.js';
import { type Database, openDatabase } from '../../src/events/sql/database.js';
import { MIGRATION_NAMES } from '../../src/events/sql/migrations.js';
import { createSqlEventStore } from '../../src/events/sql/store.js';
import { StoreUnavailableError } from '../../src/events/types.js';
import { createSqlIdempotencyStore } from '../../src/idempotency/sql-store.js';
import { captureLogs, silentLogger } from '../support/logs.js';
import {
  createProxiedTestDatabase,
  createTestDatabase,
  startPostgresProxy,
} from '../support/postgres.js';
import { countDeliveries, published } from './store-backends.js';
import { makeRecording, makeUpdate } from './support.js';

const leftovers: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const cleanup of leftovers.reverse()) await cleanup();
});

/** A database location that can be opened, closed and opened again. */
interface Location {
  name: string;
  open(): Promise<Database>;
}

async function pgliteLocation(): Promise<Location> {
  const dataDir = await mkdtemp(join(tmpdir(), 'rtk-store-'));
  leftovers.push(() => rm(dataDir, { recursive: true, force: true }));
  // A directory that does not exist yet is created.
  const nested = join(dataDir, 'nested', 'data');
  return { name: 'pglite', open: () => openDatabase({ dataDir: nested, logger: silentLogger }) };
}

async function postgresLocation(): Promise<Location> {
  const target = await createTestDatabase();
  leftovers.push(target.drop);
  return {
    name: 'postgres',
    open: () => openDatabase({ databaseUrl: target.url, logger: silentLogger }),
  };
}

describe.each([
  { name: 'pglite', location: pgliteLocation },
  { name: 'postgres', location: postgresLocation },
])('SQL event store on $name across restarts', ({ location }) => {
  it('keeps events, cursors and deduplication when reopened', async () => {
    const where = await location();
    const first = await where.open();
    const store = createSqlEventStore(first);
    const id = randomUUID();
    const meetingId = randomUUID();
    const updates = [
      makeUpdate(makeRecording(id, 'INVOKED', { meetingId })),
      makeUpdate(makeRecording(id, 'RECORDING')),
    ];
    const events: RecordingStatusEvent[] = [];
    for (const update of updates) events.push(published(await store.accept(update)));
    await createSqlIdempotencyStore(first).claim(
      'key',
      'hash',
      new Date(Date.now() + 60_000).toISOString(),
    );
    await first.close();

    const second = await where.open();
    try {
      const reopened = createSqlEventStore(second);
      expect(await reopened.latestCursor()).toBe(events[1]?.cursor);
      expect(await reopened.history(id)).toEqual(events);
      expect(await reopened.readAfter(null, 10)).toEqual(events);
      for (const update of updates) {
        expect(await reopened.accept(update)).toEqual({ kind: 'duplicate' });
      }
      const keys = createSqlIdempotencyStore(second);
      expect(await keys.claim('key', 'hash', new Date().toISOString())).toEqual({
        state: 'pending',
      });
      const pause = makeUpdate(makeRecording(id, 'PAUSED'));
      const asked = await reopened.accept(pause);
      expect(asked).toEqual({ kind: 'unconfirmed', current: 'RECORDING', revision: 2 });
      const revision = asked.kind === 'unconfirmed' ? asked.revision : -1;
      const next = published(
        await reopened.accept({ ...pause, upstream: { status: 'PAUSED', revision } }),
      );
      expect(next.previousStatus).toBe('RECORDING');
      expect(next.meetingId).toBe(meetingId);
      expect(compareCursors(next.cursor, events[1]?.cursor ?? '')).toBe(1);
      expect(await reopened.readAfter(events[1]?.cursor ?? null, 10)).toEqual([next]);
    } finally {
      await second.close();
    }
  }, 60_000);
});

describe('SQL event store when Postgres goes away', () => {
  it('answers StoreUnavailableError quickly, then accepts the retried delivery once back', async () => {
    const { url, proxy, cleanup } = await createProxiedTestDatabase();
    leftovers.push(cleanup);
    const database = await openDatabase({ databaseUrl: url, logger: silentLogger });
    leftovers.push(() => database.close());
    const store = createSqlEventStore(database);
    const id = randomUUID();
    const before = published(await store.accept(makeUpdate(makeRecording(id, 'INVOKED'))));

    await proxy.stop();
    const update = makeUpdate(makeRecording(id, 'RECORDING'));
    const started = performance.now();
    const error = await store.accept(update).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(StoreUnavailableError);
    expect(performance.now() - started).toBeLessThan(3_000);
    expect(String((error as Error).message)).not.toContain(String(proxy.port));
    await expect(store.readAfter(null, 10)).rejects.toThrow(StoreUnavailableError);
    await expect(store.latestCursor()).rejects.toThrow(StoreUnavailableError);

    await proxy.start();
    const retried = published(await store.accept(update));
    expect(retried.previousStatus).toBe('INVOKED');
    expect(await store.accept(update)).toEqual({ kind: 'duplicate' });
    expect(await store.readAfter(null, 10)).toEqual([before, retried]);
  }, 60_000);

  it('loses nothing when connections drop in the middle of a burst', async () => {
    const { url, proxy, cleanup } = await createProxiedTestDatabase();
    leftovers.push(cleanup);
    const database = await openDatabase({ databaseUrl: url, logger: silentLogger });
    leftovers.push(() => database.close());
    const store = createSqlEventStore(database);
    const updates = Array.from({ length: 60 }, () =>
      makeUpdate(makeRecording(randomUUID(), 'INVOKED')),
    );

    let settled = 0;
    // Deliveries keep arriving a millisecond apart, so group commits keep forming while the
    // connections drop under one of them.
    const attempts: Array<Promise<string>> = [];
    const arriving = (async () => {
      for (const update of updates) {
        attempts.push(
          store
            .accept(update)
            .then(
              (outcome) => outcome.kind,
              (error: unknown) =>
                error instanceof StoreUnavailableError ? 'unavailable' : 'other',
            )
            .finally(() => {
              settled += 1;
            }),
        );
        await new Promise((resolve) => setTimeout(resolve, 1));
      }
    })();
    while (settled < 10) await new Promise((resolve) => setTimeout(resolve, 1));
    await proxy.stop();
    await arriving;
    const kinds = await Promise.all(attempts);
    expect(kinds.filter((kind) => kind !== 'published' && kind !== 'unavailable')).toEqual([]);
    expect(kinds).toContain('unavailable');

    await proxy.start();
    // RealtimeKit retries what got no 2xx. A transaction whose COMMIT landed just as its
    // connection died may have been stored anyway: its retry is then a duplicate, never a loss.
    for (const [index, update] of updates.entries()) {
      const retry = await store.accept(update);
      expect(retry.kind).toBe(kinds[index] === 'published' ? 'duplicate' : retry.kind);
      expect(['published', 'duplicate']).toContain(retry.kind);
    }
    const log = await store.readAfter(null, 1_000);
    expect(log.map((event) => event.recordingId).sort()).toEqual(
      updates.map((update) => update.recording.id).sort(),
    );
    expect(await countDeliveries(database)).toBe(updates.length);
  }, 60_000);
});

describe('openDatabase', () => {
  it('never puts the connection string in errors or logs', async () => {
    const proxy = await startPostgresProxy();
    leftovers.push(proxy.stop);
    await proxy.stop();
    const { logger, lines } = captureLogs('debug');
    const url = `postgres://gw_user_x:s3cret-pw@127.0.0.1:${proxy.port}/rtk_secret_db`;
    const error = await openDatabase({ databaseUrl: url, logger }).catch((caught) => caught);
    expect(error).toBeInstanceOf(StoreUnavailableError);
    const text = `${(error as Error).message}\n${(error as Error).stack}\n${lines.join('')}`;
    expect(lines.length).toBeGreaterThan(0);
    for (const secret of ['s3cret-pw', 'gw_user_x', String(proxy.port), 'rtk_secret_db']) {
      expect(text).not.toContain(secret);
    }
  });

  it('migrates once when several replicas start together', async () => {
    const target = await createTestDatabase();
    leftovers.push(target.drop);
    const databases = await Promise.all(
      Array.from({ length: 4 }, () =>
        openDatabase({ databaseUrl: target.url, logger: silentLogger }),
      ),
    );
    try {
      const [database] = databases as [Database];
      const migrations = await database.db
        .withTables<{ event_store_migration: { name: string } }>()
        .selectFrom('event_store_migration')
        .select('name')
        .execute();
      expect(migrations.map((row) => row.name)).toEqual(MIGRATION_NAMES);
      const events = await Promise.all(
        databases.map((db) =>
          createSqlEventStore(db).accept(makeUpdate(makeRecording(randomUUID(), 'INVOKED'))),
        ),
      );
      expect(events.map((outcome) => outcome.kind)).toEqual(Array(4).fill('published'));
    } finally {
      await Promise.all(databases.map((database) => database.close()));
    }
  });

  it('needs a place to keep the data', async () => {
    await expect(openDatabase({ logger: silentLogger })).rejects.toThrow(TypeError);
  });
});
