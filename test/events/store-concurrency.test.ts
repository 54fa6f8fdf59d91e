import { randomUUID } from 'node:crypto';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import type { RecordingStatus, RecordingStatusEvent } from '../../src/domain/model.js';
import { decodeCursor } from '../../src/events/cursor.js';
import { EVENT_LOG_LOCK, inEventLogTransaction } from '../../src/events/sql/accept.js';
import { openDatabase } from '../../src/events/sql/database.js';
import type { Schema } from '../../src/events/sql/schema.js';
import { createSqlEventStore } from '../../src/events/sql/store.js';
import { decideTransition } from '../../src/events/transitions.js';
import type { AcceptOutcome, EventStore, StatusUpdate } from '../../src/events/types.js';
import { acceptConfirmed } from '../../src/reconciler/confirm.js';
import { silentLogger } from '../support/logs.js';
import { createTestDatabase } from '../support/postgres.js';
import { countDeliveries, mapConcurrently, storeBackends } from './store-backends.js';
import { makeRecording, makeUpdate, seededRandom, shuffle } from './support.js';

const { backends, cleanup } = storeBackends();
const drops: Array<() => Promise<void>> = [];
afterAll(async () => {
  await cleanup();
  for (const drop of drops) await drop();
});

// Four lifecycles averaging 7 statuses: 100 recordings give 700 distinct deliveries, and 300
// duplicates make 1,000 in all.
const PATHS: RecordingStatus[][] = [
  ['INVOKED', 'RECORDING', 'PAUSED', 'RECORDING', 'PAUSED', 'RECORDING', 'UPLOADING', 'UPLOADED'],
  ['INVOKED', 'RECORDING', 'PAUSED', 'RECORDING', 'PAUSED', 'UPLOADING', 'ERRORED'],
  ['INVOKED', 'RECORDING', 'PAUSED', 'RECORDING', 'UPLOADING', 'UPLOADED'],
  ['INVOKED', 'RECORDING', 'PAUSED', 'RECORDING', 'PAUSED', 'RECORDING', 'ERRORED'],
];

interface Burst {
  originals: StatusUpdate[];
  updates: StatusUpdate[];
  duplicateCount: number;
}

/**
 * 1,000 shuffled deliveries for 100 recordings, 30% of them repeats: half under the same rtk-uuid,
 * half under a new one (a RealtimeKit retry that changed it), all byte-identical to the original.
 */
function makeBurst(seed: number): Burst {
  const random = seededRandom(seed);
  let serial = 0;
  const originals = Array.from({ length: 100 }, (_, index) => {
    const id = randomUUID();
    return (PATHS[index % PATHS.length] ?? []).map((status) => {
      serial += 1;
      // Tag each snapshot with its delivery, so an event names the delivery it came from.
      return makeUpdate(makeRecording(id, status, { outputFileName: `delivery-${serial}` }));
    });
  }).flat();
  const duplicateCount = 1_000 - originals.length;
  const copies = Array.from({ length: duplicateCount }, (_, index) => {
    const original = originals[Math.floor(random() * originals.length)] as StatusUpdate;
    return index % 2 === 0 ? { ...original } : { ...original, deliveryId: randomUUID() };
  });
  return { originals, updates: shuffle([...originals, ...copies], random), duplicateCount };
}

/** The last status of each recording's true path: what upstream answers once it is all over. */
function finalStatuses(burst: Burst): Map<string, RecordingStatus> {
  return new Map(burst.originals.map((update) => [update.recording.id, update.recording.status]));
}

/** Accepts as the intake does, upstream answering with each recording's final status. */
function acceptAsIntake(
  store: EventStore,
  update: StatusUpdate,
  upstream: Map<string, RecordingStatus>,
): Promise<AcceptOutcome> {
  return acceptConfirmed(store, update, {
    confirm: async (recordingId) => upstream.get(recordingId) ?? null,
  });
}

/** Reads the log in cursor order while writers run, as a live subscriber's tailer would. */
function tail(store: EventStore): { seen: RecordingStatusEvent[]; finish(): Promise<void> } {
  const seen: RecordingStatusEvent[] = [];
  let stopping = false;
  const running = (async () => {
    let cursor: string | null = null;
    for (;;) {
      // Only an empty read that started after every writer finished proves the tail complete.
      const last = stopping;
      const page = await store.readAfter(cursor, 64);
      seen.push(...page);
      cursor = page.at(-1)?.cursor ?? cursor;
      if (page.length === 0) {
        if (last) return;
        await new Promise((resolve) => setTimeout(resolve, 2));
      }
    }
  })();
  return {
    seen,
    async finish() {
      stopping = true;
      await running;
    },
  };
}

function expectValidLog(
  burst: Burst,
  outcomes: AcceptOutcome[],
  log: RecordingStatusEvent[],
  tailed: RecordingStatusEvent[],
): void {
  // Exactly the copies under a repeated rtk-uuid are duplicates (whichever of the two came first).
  expect(outcomes.filter((outcome) => outcome.kind === 'duplicate')).toHaveLength(
    Math.ceil(burst.duplicateCount / 2),
  );
  expect(outcomes.filter((outcome) => outcome.kind === 'unconfirmed')).toHaveLength(0);
  const publishedEvents = outcomes.flatMap((outcome) =>
    outcome.kind === 'published' ? [outcome.event] : [],
  );
  const sequences = log.map((event) => decodeCursor(event.cursor) ?? 0);
  expect(new Set(sequences).size).toBe(log.length);
  expect(sequences).toEqual([...sequences].sort((a, b) => a - b));
  // What accept reported is exactly what the log holds, and a reader that tailed the log while it
  // was written, taking `seq > last` each time, missed nothing.
  const byCursor = (a: RecordingStatusEvent, b: RecordingStatusEvent) =>
    a.cursor < b.cursor ? -1 : 1;
  expect([...publishedEvents].sort(byCursor)).toEqual(log);
  expect(tailed).toEqual(log);
  // No delivery published twice, whether repeated under its own rtk-uuid or a new one.
  const sources = log.map((event) => event.recording.outputFileName);
  expect(new Set(sources).size).toBe(log.length);

  const byRecording = new Map<string, RecordingStatusEvent[]>();
  for (const event of log) {
    byRecording.set(event.recordingId, [...(byRecording.get(event.recordingId) ?? []), event]);
  }
  expect(byRecording.size).toBe(100);
  for (const [recordingId, events] of byRecording) {
    const path = burst.originals.filter((update) => update.recording.id === recordingId);
    const truth = path.at(-1)?.recording.status;
    let current: RecordingStatus | null = null;
    for (const event of events) {
      expect(event.previousStatus).toBe(current);
      expect(decideTransition(current, event.status, truth)).toBe('publish');
      current = event.status;
    }
    expect(current).toBe(truth);
  }
}

describe.each(backends)('SQL event store on $name under load', (backend) => {
  it('stays monotonic under 1,000 concurrent, shuffled, partly duplicated accepts', async () => {
    const database = await backend.open();
    const store = createSqlEventStore(database);
    const burst = makeBurst(20261122);
    const tailer = tail(store);
    const upstream = finalStatuses(burst);
    const outcomes = await mapConcurrently(burst.updates, 32, (update) =>
      acceptAsIntake(store, update, upstream),
    );
    await tailer.finish();
    const log = await store.readAfter(null, 10_000);
    expectValidLog(burst, outcomes, log, tailer.seen);
    expect(await countDeliveries(database)).toBe(
      burst.originals.length + Math.floor(burst.duplicateCount / 2),
    );
  }, 120_000);
});

describe('two replicas sharing one Postgres database', () => {
  it('agree on one cursor sequence while accepting concurrently', async () => {
    const target = await createTestDatabase();
    drops.push(target.drop);
    const [first, second] = await Promise.all([
      openDatabase({ databaseUrl: target.url, logger: silentLogger }),
      openDatabase({ databaseUrl: target.url, logger: silentLogger }),
    ]);
    try {
      const replicas = [createSqlEventStore(first), createSqlEventStore(second)];
      const burst = makeBurst(7);
      const upstream = finalStatuses(burst);
      const tailer = tail(replicas[1] as EventStore);
      const outcomes = await mapConcurrently(burst.updates, 32, (update) => {
        // Duplicates of one delivery often land on different replicas, as behind a balancer.
        const replica = replicas[Math.floor(Math.random() * 2)] as EventStore;
        return acceptAsIntake(replica, update, upstream);
      });
      await tailer.finish();
      const log = await (replicas[0] as EventStore).readAfter(null, 10_000);
      expectValidLog(burst, outcomes, log, tailer.seen);
      expect(await (replicas[1] as EventStore).readAfter(null, 10_000)).toEqual(log);
      expect(await countDeliveries(first)).toBe(
        burst.originals.length + Math.floor(burst.duplicateCount / 2),
      );
    } finally {
      await Promise.all([first.close(), second.close()]);
    }
  }, 120_000);
});

describe("the event log's lock on Postgres", () => {
  it('hands a connection back usable when waiting for the lock fails', async () => {
    const target = await createTestDatabase();
    drops.push(target.drop);
    const holder = new pg.Client({ connectionString: target.url });
    await holder.connect();
    // One connection, and a lock wait that gives up quickly.
    const pool = new pg.Pool({ connectionString: target.url, max: 1, statement_timeout: 300 });
    const db = new Kysely<Schema>({ dialect: new PostgresDialect({ pool }) });
    try {
      await holder.query('begin');
      await holder.query(`select pg_advisory_xact_lock(${EVENT_LOG_LOCK})`);
      await expect(
        inEventLogTransaction(db, 'postgres', async () => 'never reached'),
      ).rejects.toMatchObject({ code: '57014' });
      await holder.query('rollback');
      // The same (only) connection: no transaction left open and aborted on it.
      const { rows } = await sql<{ one: number }>`select 1 as one`.execute(db);
      expect(rows).toEqual([{ one: 1 }]);
      await expect(inEventLogTransaction(db, 'postgres', async () => 'done')).resolves.toBe('done');
    } finally {
      await db.destroy();
      await holder.end();
    }
  });
});
