import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RecordingStatusEvent } from '../../src/domain/model.js';
import { RECORDING_STATUSES } from '../../src/domain/model.js';
import { compareCursors, decodeCursor, encodeCursor } from '../../src/events/cursor.js';
import type { Database } from '../../src/events/sql/database.js';
import { createSqlEventStore } from '../../src/events/sql/store.js';
import { decideTransition } from '../../src/events/transitions.js';
import {
  CursorExpiredError,
  type EventStore,
  type PendingRecording,
  StoreUnavailableError,
} from '../../src/events/types.js';
import { createSqlIdempotencyStore } from '../../src/idempotency/sql-store.js';
import { countDeliveries, published, storeBackends } from './store-backends.js';
import { makeRecording, makeUpdate } from './support.js';

const { backends, cleanup } = storeBackends();
afterAll(cleanup);

describe.each(backends)('SQL event store on $name', (backend) => {
  let database: Database;
  let store: EventStore;

  beforeAll(async () => {
    database = await backend.open();
    store = createSqlEventStore(database);
  });

  if (backend.name === 'pglite') {
    it('runs the embedded Postgres with 32 MB of shared buffers, not its 128 MB default', async () => {
      const { rows } = await sql<{ shared_buffers: string }>`show shared_buffers`.execute(
        database.db,
      );
      expect(rows).toEqual([{ shared_buffers: '32MB' }]);
    });
  }

  async function deliveriesOf(recordingId: string): Promise<string[]> {
    const rows = await database.db
      .selectFrom('deliveries')
      .select('outcome')
      .where('recording_id', '=', recordingId)
      .orderBy('id')
      .execute();
    return rows.map((row) => row.outcome);
  }

  it('publishes a first update with its fields, then reads back the same event', async () => {
    const before = await store.latestCursor();
    const meetingId = randomUUID();
    const recording = makeRecording(randomUUID(), 'RECORDING', {
      meetingId,
      outputFileName: 'first.mp4',
      layerDownloads: [{ layer: 'a', url: 'https://x.test/a', mediaKind: 'AUDIO', fileName: 'a' }],
    });
    const update = makeUpdate(recording, { receivedAt: '2026-11-22T01:02:03.000Z' });
    const event = published(await store.accept(update));
    expect(event).toEqual({
      cursor: expect.stringMatching(/^\d{16}$/),
      recordingId: recording.id,
      meetingId,
      status: 'RECORDING',
      previousStatus: null,
      occurredAt: '2026-11-22T01:02:03.000Z',
      source: 'WEBHOOK',
      recording,
    });
    if (before !== null) expect(compareCursors(event.cursor, before)).toBeGreaterThan(0);
    expect(await store.latestCursor()).toBe(event.cursor);
    expect(await store.readAfter(before, 10)).toEqual([event]);
    expect(await store.history(recording.id)).toEqual([event]);
  });

  it('normalises the received time to what the database keeps', async () => {
    const update = makeUpdate(makeRecording(randomUUID(), 'INVOKED'), {
      receivedAt: '2026-11-22 03:04:05.678+01:00',
    });
    const event = published(await store.accept(update));
    expect(event.occurredAt).toBe('2026-11-22T02:04:05.678Z');
    expect(await store.history(update.recording.id)).toEqual([event]);
  });

  it('treats a repeated rtk-uuid as a duplicate, whatever the body says', async () => {
    const update = makeUpdate(makeRecording(randomUUID(), 'INVOKED'));
    const event = published(await store.accept(update));
    const duplicates = [
      { ...update },
      { ...update, bodyHash: 'other-body' },
      // Even a later status under the same rtk-uuid is the same delivery again.
      {
        ...update,
        bodyHash: 'another-body',
        recording: { ...update.recording, status: 'RECORDING' },
      },
    ] as const;
    for (const duplicate of duplicates) {
      expect(await store.accept(duplicate)).toEqual({ kind: 'duplicate' });
    }
    expect(await store.latestCursor()).toBe(event.cursor);
    expect(await store.history(update.recording.id)).toEqual([event]);
    expect(await deliveriesOf(update.recording.id)).toEqual(['published']);
  });

  it('keeps a new delivery of the current status, or one without rtk-uuid, as unchanged', async () => {
    const update = makeUpdate(makeRecording(randomUUID(), 'RECORDING'));
    const event = published(await store.accept(update));
    // The same bytes under a new rtk-uuid (a retry that changed it), and no rtk-uuid at all.
    for (const again of [
      { ...update, deliveryId: randomUUID() },
      { ...update, deliveryId: null },
    ]) {
      expect(await store.accept(again)).toEqual({ kind: 'unchanged', current: 'RECORDING' });
    }
    expect(await store.history(update.recording.id)).toEqual([event]);
    expect(await deliveriesOf(update.recording.id)).toEqual([
      'published',
      'unchanged',
      'unchanged',
    ]);
  });

  it('keeps late and repeated statuses in the log but not in what subscribers see', async () => {
    const id = randomUUID();
    const event = published(await store.accept(makeUpdate(makeRecording(id, 'UPLOADED'))));
    for (const status of ['UPLOADING', 'RECORDING', 'PAUSED', 'ERRORED'] as const) {
      // Even what upstream says cannot bring a final recording back.
      expect(
        await store.accept(
          makeUpdate(makeRecording(id, status), { upstream: { status, revision: 1 } }),
        ),
      ).toEqual({ kind: 'stale', current: 'UPLOADED' });
    }
    expect(await store.accept(makeUpdate(makeRecording(id, 'UPLOADED')))).toEqual({
      kind: 'unchanged',
      current: 'UPLOADED',
    });
    expect(await store.latestCursor()).toBe(event.cursor);
    expect(await store.history(id)).toEqual([event]);
    expect(await deliveriesOf(id)).toEqual([
      'published',
      'stale',
      'stale',
      'stale',
      'stale',
      'unchanged',
    ]);
  });

  it('applies the transition rule to every pair of statuses, confirming alternations', async () => {
    const results: string[] = [];
    for (const from of RECORDING_STATUSES) {
      for (const to of RECORDING_STATUSES) {
        const id = randomUUID();
        published(await store.accept(makeUpdate(makeRecording(id, from))));
        const update = makeUpdate(makeRecording(id, to));
        let outcome = await store.accept(update);
        const decision = decideTransition(from, to);
        if (decision === 'confirm') {
          expect(outcome).toEqual({ kind: 'unconfirmed', current: from, revision: 1 });
          // Upstream agrees with the delivery: it is a change.
          outcome = await store.accept({ ...update, upstream: { status: to, revision: 1 } });
        } else {
          expect(outcome.kind).toBe(
            { publish: 'published', unchanged: 'unchanged', stale: 'stale' }[decision as string],
          );
        }
        if (outcome.kind === 'stale' || outcome.kind === 'unchanged') {
          expect(outcome.current).toBe(from);
        }
        if (outcome.kind === 'published') {
          expect(outcome.event.previousStatus).toBe(from);
          results.push(`${from}>${to}`);
        }
      }
    }
    // The rule spelled out, so a change to it shows up here too.
    expect(results.sort()).toEqual(
      [
        'INVOKED>RECORDING',
        'INVOKED>PAUSED',
        'INVOKED>UPLOADING',
        'INVOKED>UPLOADED',
        'INVOKED>ERRORED',
        'RECORDING>PAUSED',
        'RECORDING>UPLOADING',
        'RECORDING>UPLOADED',
        'RECORDING>ERRORED',
        'PAUSED>RECORDING',
        'PAUSED>UPLOADING',
        'PAUSED>UPLOADED',
        'PAUSED>ERRORED',
        'UPLOADING>UPLOADED',
        'UPLOADING>ERRORED',
      ].sort(),
    );
  });

  it('stores nothing while a RECORDING ⇄ PAUSED move waits for upstream', async () => {
    const id = randomUUID();
    const first = published(await store.accept(makeUpdate(makeRecording(id, 'RECORDING'))));
    const pause = makeUpdate(makeRecording(id, 'PAUSED'));
    const before = await countDeliveries(database);
    expect(await store.accept(pause)).toEqual({
      kind: 'unconfirmed',
      current: 'RECORDING',
      revision: 1,
    });
    expect(await countDeliveries(database)).toBe(before);
    expect(await store.history(id)).toEqual([first]);
    // Upstream is already back to RECORDING: the pause is old news and never published.
    expect(
      await store.accept({ ...pause, upstream: { status: 'RECORDING', revision: 1 } }),
    ).toEqual({
      kind: 'stale',
      current: 'RECORDING',
    });
    // The same delivery again is a duplicate, not a question for upstream.
    expect(await store.accept(pause)).toEqual({ kind: 'duplicate' });
    expect(await deliveriesOf(id)).toEqual(['published', 'stale']);
  });

  it('publishes a resume whose bytes repeat the first RECORDING, once upstream confirms it', async () => {
    const id = randomUUID();
    const recording = makeRecording(id, 'RECORDING', { startedTime: '2026-11-22T01:02:03.000Z' });
    const bodyHash = 'the-same-bytes-every-time';
    const events: RecordingStatusEvent[] = [];
    events.push(published(await store.accept(makeUpdate(recording, { bodyHash }))));
    for (const [index, status] of (
      ['PAUSED', 'RECORDING', 'PAUSED', 'RECORDING'] as const
    ).entries()) {
      const update = makeUpdate({ ...recording, status }, { bodyHash });
      const revision = index + 1;
      expect(await store.accept(update)).toMatchObject({ kind: 'unconfirmed', revision });
      events.push(published(await store.accept({ ...update, upstream: { status, revision } })));
    }
    expect(events.map((event) => [event.previousStatus, event.status])).toEqual([
      [null, 'RECORDING'],
      ['RECORDING', 'PAUSED'],
      ['PAUSED', 'RECORDING'],
      ['RECORDING', 'PAUSED'],
      ['PAUSED', 'RECORDING'],
    ]);
    expect(await store.history(id)).toEqual(events);
  });

  it('asks again when a delivery was stored while upstream was being asked', async () => {
    const id = randomUUID();
    published(await store.accept(makeUpdate(makeRecording(id, 'RECORDING'))));
    // Truth: RECORDING, PAUSED, RECORDING. The pause asks upstream (which says PAUSED) ...
    const pause = makeUpdate(makeRecording(id, 'PAUSED'));
    const asked = await store.accept(pause);
    expect(asked).toEqual({ kind: 'unconfirmed', current: 'RECORDING', revision: 1 });
    // ... and while it waits, the resume arrives; the log still says RECORDING: unchanged.
    const resume = makeUpdate(makeRecording(id, 'RECORDING'));
    expect(await store.accept(resume)).toEqual({ kind: 'unchanged', current: 'RECORDING' });
    // The pause's answer predates the resume: it must not win. The question comes back.
    const late = await store.accept({ ...pause, upstream: { status: 'PAUSED', revision: 1 } });
    expect(late).toEqual({ kind: 'unconfirmed', current: 'RECORDING', revision: 2 });
    // Asked again, upstream says RECORDING: the pause is old news.
    expect(
      await store.accept({ ...pause, upstream: { status: 'RECORDING', revision: 2 } }),
    ).toEqual({ kind: 'stale', current: 'RECORDING' });
    expect((await store.history(id)).map((event) => event.status)).toEqual(['RECORDING']);
  });

  it('defers a move upstream could not confirm and queues the recording for a check', async () => {
    const fresh = createSqlEventStore(await backend.open());
    const id = randomUUID();
    const meetingId = randomUUID();
    const first = published(await fresh.accept(makeUpdate(makeRecording(id, 'RECORDING'))));
    const pause = makeUpdate(makeRecording(id, 'PAUSED', { meetingId }), {
      upstream: { status: null, revision: 1 },
    });
    expect(await fresh.accept(pause)).toEqual({ kind: 'deferred', current: 'RECORDING' });
    expect(await fresh.history(id)).toEqual([first]);
    // Queued at once, though it changed only now and was never checked.
    const query = {
      idleBefore: '2001-01-01T00:00:00.000Z',
      checkedBefore: '2001-01-01T00:00:00.000Z',
      limit: 10,
    };
    const [queued, ...others] = await fresh.pendingRecordings(query);
    expect(others).toEqual([]);
    expect(queued).toMatchObject({
      recordingId: id,
      status: 'RECORDING',
      meetingId,
      recheck: 1,
      revision: 2,
    });
    // A second deferral while the reconciler looks keeps the recording queued after its check.
    const again = makeUpdate(makeRecording(id, 'PAUSED'), {
      upstream: { status: null, revision: 2 },
    });
    expect((await fresh.accept(again)).kind).toBe('deferred');
    await fresh.markChecked([queued as PendingRecording], new Date().toISOString());
    const [requeued] = await fresh.pendingRecordings(query);
    expect(requeued).toMatchObject({ recordingId: id, recheck: 2 });
    await fresh.markChecked([requeued as PendingRecording], new Date().toISOString());
    expect(await fresh.pendingRecordings(query)).toEqual([]);
  });

  it('remembers a meeting across updates, even one learned from a stale delivery', async () => {
    const id = randomUUID();
    const meetingId = randomUUID();
    const first = published(await store.accept(makeUpdate(makeRecording(id, 'INVOKED'))));
    expect(first.meetingId).toBeNull();
    const repeat = await store.accept(makeUpdate(makeRecording(id, 'INVOKED', { meetingId })));
    expect(repeat).toEqual({ kind: 'unchanged', current: 'INVOKED' });
    const event = published(await store.accept(makeUpdate(makeRecording(id, 'RECORDING'))));
    expect(event.meetingId).toBe(meetingId);
    expect(event.recording.meetingId).toBe(meetingId);
    const [, stored] = await store.history(id);
    expect(stored?.recording.meetingId).toBe(meetingId);
  });

  it('keeps the source of each event', async () => {
    const id = randomUUID();
    const webhook = published(await store.accept(makeUpdate(makeRecording(id, 'RECORDING'))));
    const reconciled = published(
      await store.accept(makeUpdate(makeRecording(id, 'UPLOADING'), { source: 'RECONCILER' })),
    );
    expect([webhook.source, reconciled.source]).toEqual(['WEBHOOK', 'RECONCILER']);
    expect((await store.history(id)).map((event) => event.source)).toEqual([
      'WEBHOOK',
      'RECONCILER',
    ]);
    expect(await store.readAfter(webhook.cursor, 1)).toEqual([reconciled]);
  });

  it('issues strictly increasing cursors across recordings', async () => {
    const cursors: string[] = [];
    for (let index = 0; index < 12; index += 1) {
      const event = published(
        await store.accept(makeUpdate(makeRecording(randomUUID(), 'INVOKED'))),
      );
      cursors.push(event.cursor);
    }
    for (let index = 1; index < cursors.length; index += 1) {
      expect(compareCursors(cursors[index] as string, cursors[index - 1] as string)).toBe(1);
    }
  });

  it('reads after a cursor in order, a page at a time', async () => {
    const start = await store.latestCursor();
    const events: RecordingStatusEvent[] = [];
    for (const status of ['INVOKED', 'RECORDING', 'PAUSED', 'RECORDING', 'UPLOADING'] as const) {
      const id = randomUUID();
      events.push(published(await store.accept(makeUpdate(makeRecording(id, status)))));
    }
    const pages: RecordingStatusEvent[][] = [];
    let cursor = start;
    for (;;) {
      const page = await store.readAfter(cursor, 2);
      if (page.length === 0) break;
      pages.push(page);
      cursor = page.at(-1)?.cursor ?? null;
    }
    expect(pages.map((page) => page.length)).toEqual([2, 2, 1]);
    expect(pages.flat()).toEqual(events);
    expect(await store.readAfter(events.at(-1)?.cursor ?? null, 10)).toEqual([]);
    // A cursor beyond the newest is not an error: there is just nothing yet.
    const ahead = encodeCursor((decodeCursor(events.at(-1)?.cursor ?? '') ?? 0) + 1000);
    expect(await store.readAfter(ahead, 10)).toEqual([]);
  });

  it('reads from the oldest kept event when the cursor is null', async () => {
    const all = await store.readAfter(null, 100_000);
    expect(all.length).toBeGreaterThan(0);
    const sequences = all.map((event) => decodeCursor(event.cursor) ?? 0);
    expect(sequences).toEqual([...sequences].sort((a, b) => a - b));
    expect(new Set(sequences).size).toBe(sequences.length);
    expect(all.at(-1)?.cursor).toBe(await store.latestCursor());
    expect(await store.readAfter(null, 3)).toEqual(all.slice(0, 3));
  });

  it('refuses a malformed cursor or limit with a RangeError', async () => {
    for (const cursor of [
      '',
      'abc',
      '123',
      '00000000000000001',
      '0000000000000000',
      '-000000000000001',
    ]) {
      await expect(store.readAfter(cursor, 10)).rejects.toThrow(RangeError);
    }
    await expect(store.readAfter(null, 0)).rejects.toThrow(RangeError);
    await expect(store.readAfter(null, 1.5)).rejects.toThrow(RangeError);
  });

  it('has an empty history for an unknown recording', async () => {
    expect(await store.history(randomUUID())).toEqual([]);
  });

  it('lists idle, unfinished recordings for the reconciler, least recently checked first', async () => {
    const fresh = createSqlEventStore(await backend.open());
    const ids = { a: randomUUID(), b: randomUUID(), c: randomUUID(), d: randomUUID() };
    const more = { uploading: randomUUID(), recent: randomUUID() };
    const meetingId = randomUUID();
    const at = (day: number) => `2001-01-${String(day).padStart(2, '0')}T00:00:00.000Z`;
    await fresh.accept(makeUpdate(makeRecording(ids.a, 'INVOKED'), { receivedAt: at(1) }));
    await fresh.accept(
      makeUpdate(makeRecording(ids.b, 'RECORDING', { meetingId }), { receivedAt: at(2) }),
    );
    await fresh.accept(makeUpdate(makeRecording(ids.c, 'UPLOADED'), { receivedAt: at(1) }));
    await fresh.accept(makeUpdate(makeRecording(ids.d, 'PAUSED'), { receivedAt: at(3) }));
    await fresh.accept(
      makeUpdate(makeRecording(more.uploading, 'UPLOADING'), { receivedAt: at(4) }),
    );
    await fresh.accept(makeUpdate(makeRecording(more.recent, 'RECORDING')));
    // A stale delivery is not a change: b stays idle since day 2.
    await fresh.accept(makeUpdate(makeRecording(ids.b, 'INVOKED'), { receivedAt: at(9) }));

    const query = { idleBefore: '2001-02-01T00:00:00.000Z', checkedBefore: at(10), limit: 10 };
    const fresh1 = { recheck: 0, revision: 1 };
    const pending = await fresh.pendingRecordings(query);
    expect(pending).toEqual([
      { recordingId: ids.a, meetingId: null, status: 'INVOKED', changedAt: at(1), ...fresh1 },
      // The stale delivery moved b's revision, not its status.
      {
        recordingId: ids.b,
        meetingId,
        status: 'RECORDING',
        changedAt: at(2),
        ...fresh1,
        revision: 2,
      },
      { recordingId: ids.d, meetingId: null, status: 'PAUSED', changedAt: at(3), ...fresh1 },
      {
        recordingId: more.uploading,
        meetingId: null,
        status: 'UPLOADING',
        changedAt: at(4),
        ...fresh1,
      },
    ]);

    await fresh.markChecked([{ recordingId: ids.a, recheck: 0 }], at(5));
    await fresh.markChecked([{ recordingId: ids.b, recheck: 0 }], at(20));
    await fresh.markChecked([], at(21));
    const ids2 = (await fresh.pendingRecordings(query)).map((row) => row.recordingId);
    expect(ids2).toEqual([ids.d, more.uploading, ids.a]);
    expect(
      (await fresh.pendingRecordings({ ...query, limit: 1 })).map((row) => row.recordingId),
    ).toEqual([ids.d]);
    expect(
      await fresh.pendingRecordings({ ...query, idleBefore: '2001-01-03T00:00:00.000Z' }),
    ).toEqual([
      { recordingId: ids.a, meetingId: null, status: 'INVOKED', changedAt: at(1), ...fresh1 },
    ]);
  });

  it('prunes a prefix of the log; older cursors expire, the newest survives', async () => {
    const fresh = await backend.open();
    const pruning = createSqlEventStore(fresh);
    const old = Array.from({ length: 3 }, () => makeRecording(randomUUID(), 'RECORDING'));
    const oldEvents: RecordingStatusEvent[] = [];
    for (const [index, recording] of old.entries()) {
      const update = makeUpdate(recording, { receivedAt: `2001-01-0${index + 1}T00:00:00.000Z` });
      oldEvents.push(published(await pruning.accept(update)));
    }
    const oldRepeat = makeUpdate(old[0] ?? makeRecording(randomUUID(), 'INVOKED'), {
      receivedAt: '2001-01-05T00:00:00.000Z',
    });
    expect((await pruning.accept(oldRepeat)).kind).toBe('unchanged');
    const recent = [
      published(await pruning.accept(makeUpdate(makeRecording(randomUUID(), 'INVOKED')))),
      published(await pruning.accept(makeUpdate(makeRecording(randomUUID(), 'INVOKED')))),
    ];
    const keys = createSqlIdempotencyStore(fresh);
    await keys.claim('expired-key', 'hash', '2001-01-01T00:00:00.000Z');
    await keys.claim('live-key', 'hash', new Date(Date.now() + 60_000).toISOString());
    expect(await countDeliveries(fresh)).toBe(6);

    expect(await pruning.prune('2010-01-01T00:00:00.000Z')).toBe(3);
    expect(await pruning.readAfter(null, 10)).toEqual(recent);
    expect(await pruning.readAfter(oldEvents[2]?.cursor ?? null, 10)).toEqual(recent);
    for (const event of oldEvents.slice(0, 2)) {
      await expect(pruning.readAfter(event.cursor, 10)).rejects.toThrow(CursorExpiredError);
    }
    expect(await pruning.history(old[0]?.id ?? '')).toEqual([]);
    expect(await countDeliveries(fresh)).toBe(2);
    const kept = await fresh.db.selectFrom('idempotency_keys').select('key').execute();
    expect(kept.map((row) => row.key)).toEqual(['live-key']);
    // The projection is kept: a very late repeat of a pruned delivery is still not a change.
    expect(await pruning.accept({ ...oldRepeat, deliveryId: randomUUID() })).toEqual({
      kind: 'unchanged',
      current: 'RECORDING',
    });
    expect(await pruning.prune('2010-01-01T00:00:00.000Z')).toBe(0);

    // Prune everything: the newest cursor ever issued still resumes, and new events follow it.
    const latest = await pruning.latestCursor();
    expect(latest).toBe(recent[1]?.cursor);
    expect(await pruning.prune(new Date(Date.now() + 60_000).toISOString())).toBe(2);
    expect(await pruning.latestCursor()).toBe(latest);
    expect(await pruning.readAfter(latest, 10)).toEqual([]);
    await expect(pruning.readAfter(recent[0]?.cursor ?? null, 10)).rejects.toThrow(
      CursorExpiredError,
    );
    const next = published(
      await pruning.accept(makeUpdate(makeRecording(randomUUID(), 'INVOKED'))),
    );
    expect(compareCursors(next.cursor, latest ?? '')).toBe(1);
    expect(await pruning.readAfter(latest, 10)).toEqual([next]);
  });

  it('refuses every call once the store is closed, leaving the database to its owner', async () => {
    const closing = createSqlEventStore(database);
    await closing.close();
    const update = makeUpdate(makeRecording(randomUUID(), 'INVOKED'));
    await expect(closing.accept(update)).rejects.toThrow(StoreUnavailableError);
    await expect(closing.readAfter(null, 1)).rejects.toThrow(StoreUnavailableError);
    await expect(closing.latestCursor()).rejects.toThrow(StoreUnavailableError);
    await expect(closing.history(update.recording.id)).rejects.toThrow(StoreUnavailableError);
    // The same database still serves another store.
    expect((await store.accept(update)).kind).toBe('published');
  });

  it('reports a closed database as unavailable, with nothing half-written', async () => {
    const closedDatabase = await backend.open();
    const closing = createSqlEventStore(closedDatabase);
    const event = published(
      await closing.accept(makeUpdate(makeRecording(randomUUID(), 'INVOKED'))),
    );
    expect(decodeCursor(event.cursor)).toBe(1);
    await closedDatabase.close();
    const update = makeUpdate(makeRecording(randomUUID(), 'INVOKED'));
    const error = await closing.accept(update).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(StoreUnavailableError);
    await expect(closing.readAfter(null, 1)).rejects.toThrow(StoreUnavailableError);
    await expect(closing.latestCursor()).rejects.toThrow(StoreUnavailableError);
  });
});
