import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { RecordingStatusEvent } from '../../src/domain/model.js';
import { createEventFeed } from '../../src/events/feed.js';
import type { EventFeed, EventFilter, EventStore } from '../../src/events/types.js';
import { silentLogger } from '../support/logs.js';
import { cursors, openMemoryStore, take } from './feed-support.js';
import { published } from './store-backends.js';
import { makeRecording, makeUpdate } from './support.js';

let shared: Awaited<ReturnType<typeof openMemoryStore>>;
beforeAll(async () => {
  shared = await openMemoryStore();
  // Every test resumes after the newest cursor so far; make sure there is one.
  await shared.store.accept(makeUpdate(makeRecording(randomUUID(), 'INVOKED')));
});
afterAll(() => shared.close());
const feeds: EventFeed[] = [];
afterEach(async () => {
  for (const feed of feeds) await feed.close();
  feeds.length = 0;
});

/** A store that counts reads, the rows they returned, and how many ran at once. */
function counting(store: EventStore) {
  const stats = { reads: 0, rows: 0, inFlight: 0, maxInFlight: 0 };
  const wrapped: EventStore = {
    ...store,
    async readAfter(cursor, limit, filter) {
      stats.reads += 1;
      stats.inFlight += 1;
      stats.maxInFlight = Math.max(stats.maxInFlight, stats.inFlight);
      try {
        const rows = await store.readAfter(cursor, limit, filter);
        stats.rows += rows.length;
        return rows;
      } finally {
        stats.inFlight -= 1;
      }
    },
  };
  return { store: wrapped, stats };
}

async function feedOver(store: EventStore): Promise<EventFeed> {
  const feed = await createEventFeed({ store, logger: silentLogger, pollIntervalMs: 60_000 });
  feeds.push(feed);
  return feed;
}

async function storeIn(meetingId: string, count: number): Promise<RecordingStatusEvent[]> {
  const events: RecordingStatusEvent[] = [];
  for (let n = 0; n < count; n += 1) {
    const update = makeUpdate(makeRecording(randomUUID(), 'RECORDING', { meetingId }));
    events.push(published(await shared.store.accept(update)));
  }
  return events;
}

const only = (meetingIds: string[] | null, extra: Partial<EventFilter> = {}): EventFilter => ({
  meetingIds: meetingIds === null ? null : new Set(meetingIds),
  recordingId: null,
  statuses: null,
  ...extra,
});

describe('filtered subscriptions', () => {
  it('replay only the events they may and want to see, reading only those', async () => {
    const start = await shared.store.latestCursor();
    const mine = randomUUID();
    const wanted = [
      ...(await storeIn(mine, 1)),
      ...(await storeIn(randomUUID(), 120)),
      ...(await storeIn(mine, 2)),
    ].filter((event) => event.meetingId === mine);
    const { store, stats } = counting(shared.store);
    const feed = await feedOver(store);
    const subscription = feed.subscribe({ after: start, filter: only([mine]) });
    expect(cursors(await take(subscription, 3))).toEqual(cursors(wanted));

    // One short page: the 120 other events were never read.
    expect(stats).toMatchObject({ reads: 1, rows: 3 });

    // Live events are filtered the same way.
    const [later] = await storeIn(mine, 1);
    await storeIn(randomUUID(), 1);
    feed.notify();
    expect(cursors(await take(subscription, 1))).toEqual(cursors([later as RecordingStatusEvent]));
    await subscription.return?.();
  });

  it('filter by recording and status in the store too', async () => {
    const start = await shared.store.latestCursor();
    const id = randomUUID();
    const meetingId = randomUUID();
    const events: RecordingStatusEvent[] = [];
    for (const status of ['INVOKED', 'RECORDING', 'UPLOADING', 'UPLOADED'] as const) {
      events.push(
        published(await shared.store.accept(makeUpdate(makeRecording(id, status, { meetingId })))),
      );
      await storeIn(meetingId, 1);
    }
    const { store, stats } = counting(shared.store);
    const feed = await feedOver(store);
    const filter = only(null, {
      recordingId: id,
      statuses: new Set(['RECORDING', 'UPLOADED'] as const),
    });
    const subscription = feed.subscribe({ after: start, filter });
    expect((await take(subscription, 2)).map((event) => event.status)).toEqual([
      'RECORDING',
      'UPLOADED',
    ]);
    expect(stats.rows).toBe(2);
    await subscription.return?.();
  });

  it('with no meeting allowed, read nothing at all and hand out nothing', async () => {
    const start = await shared.store.latestCursor();
    await storeIn(randomUUID(), 30);
    const { store, stats } = counting(shared.store);
    const feed = await feedOver(store);
    const none = feed.subscribe({ after: start, filter: only([]) });
    const all = feed.subscribe({ after: start });
    await take(all, 30);
    const [live] = await storeIn(randomUUID(), 1);
    feed.notify();
    // The unfiltered subscriber gets the live event; by then the other has been handed it too.
    expect(cursors(await take(all, 1))).toEqual(cursors([live as RecordingStatusEvent]));
    const next = none.next();
    await none.return?.();
    expect(await next).toEqual({ done: true, value: undefined });
    // Only the unfiltered replay and the tailer's reads reached the store.
    expect(stats.rows).toBe(31);
  });

  it('share one read among subscribers replaying the same range, each getting every event', async () => {
    const start = await shared.store.latestCursor();
    const meetingId = randomUUID();
    const stored = await storeIn(meetingId, 120);
    const { store, stats } = counting(shared.store);
    const feed = await feedOver(store);
    const subscriptions = Array.from({ length: 40 }, () =>
      feed.subscribe({ after: start, filter: only([meetingId]) }),
    );
    const seen = await Promise.all(subscriptions.map((subscription) => take(subscription, 120)));
    for (const events of seen) expect(cursors(events)).toEqual(cursors(stored));
    // Three pages of 50 for all 40 (they move in step), not 40 × 3.
    expect(stats.reads).toBeLessThanOrEqual(6);
    for (const subscription of subscriptions) await subscription.return?.();
  });

  it('keep at most a few replay reads in flight, however many subscribers resume', async () => {
    const start = await shared.store.latestCursor();
    const meetings = Array.from({ length: 60 }, () => randomUUID());
    for (const meetingId of meetings) await storeIn(meetingId, 1);
    const { store, stats } = counting(shared.store);
    const feed = await feedOver(store);
    const subscriptions = meetings.map((meetingId) =>
      feed.subscribe({ after: start, filter: only([meetingId]) }),
    );
    const seen = await Promise.all(subscriptions.map((subscription) => take(subscription, 1)));
    expect(seen.map((events) => events[0]?.meetingId)).toEqual(meetings);
    expect(stats.reads).toBe(60);
    expect(stats.maxInFlight).toBeLessThanOrEqual(4);
    for (const subscription of subscriptions) await subscription.return?.();
  });
});
