import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { RecordingStatusEvent } from '../../src/domain/model.js';
import { createEventFeed } from '../../src/events/feed.js';
import { EventFeedOverflowError } from '../../src/events/feed-subscription.js';
import {
  CursorExpiredError,
  type EventFeed,
  type EventStore,
  StoreUnavailableError,
} from '../../src/events/types.js';
import { silentLogger } from '../support/logs.js';
import { acceptNew, cursors, openMemoryStore, take, until } from './feed-support.js';

const LONG_POLL_MS = 60_000;
// One database for the file (opening PGlite takes seconds); each test makes its own feed and
// only looks at events stored after it started.
let shared: Awaited<ReturnType<typeof openMemoryStore>>;
beforeAll(async () => {
  shared = await openMemoryStore();
});
afterAll(() => shared.close());
const feeds: EventFeed[] = [];
afterEach(async () => {
  for (const feed of feeds) await feed.close();
  feeds.length = 0;
});

async function setUp(
  options: { pollIntervalMs?: number; maxBuffered?: number; pageSize?: number } = {},
  wrap: (store: EventStore) => EventStore = (store) => store,
): Promise<{ store: EventStore; feed: EventFeed }> {
  const store = wrap(shared.store);
  const feed = await createEventFeed({
    store,
    logger: silentLogger,
    pollIntervalMs: options.pollIntervalMs ?? LONG_POLL_MS,
    ...(options.maxBuffered === undefined ? {} : { maxBuffered: options.maxBuffered }),
    ...(options.pageSize === undefined ? {} : { pageSize: options.pageSize }),
  });
  feeds.push(feed);
  return { store, feed };
}

/** Stores `count` events, ringing after each, as the intake does. */
async function publish(store: EventStore, feed: EventFeed, count: number) {
  const events: RecordingStatusEvent[] = [];
  for (let index = 0; index < count; index += 1) {
    events.push(...(await acceptNew(store)));
    feed.notify();
  }
  return events;
}

describe('createEventFeed', () => {
  it('delivers live events in cursor order to every subscriber, from subscribe on', async () => {
    const { store, feed } = await setUp();
    // Stored and handed out before anyone subscribed: not delivered.
    const probe = feed.subscribe();
    await take(probe, (await publish(store, feed, 2)).length);
    await probe.return?.();
    const first = feed.subscribe();
    const second = feed.subscribe();
    expect(feed.subscribers).toBe(2);
    const events = await publish(store, feed, 5);
    expect(cursors(await take(first, 5))).toEqual(cursors(events));
    expect(await take(second, 5)).toEqual(events);
    await first.return?.();
    await second.return?.();
    expect(feed.subscribers).toBe(0);
  });

  it('resumes after a cursor: exactly the missed events, then live ones', async () => {
    const { store, feed } = await setUp({ pageSize: 3 });
    const missed = await publish(store, feed, 10);
    const resumed = feed.subscribe({ after: missed[3]?.cursor });
    expect(cursors(await take(resumed, 6))).toEqual(cursors(missed.slice(4)));
    const live = await publish(store, feed, 3);
    expect(cursors(await take(resumed, 3))).toEqual(cursors(live));
  });

  it.each([
    { name: 'a roomy buffer', maxBuffered: 1024 },
    { name: 'a buffer smaller than the writes during the replay', maxBuffered: 16 },
  ])(
    'hands a long replay over to live events exactly once, with $name',
    {
      timeout: 90_000,
    },
    async ({ maxBuffered }) => {
      const { store, feed } = await setUp({ pageSize: 25, maxBuffered });
      const [anchor] = await acceptNew(store);
      await acceptNew(store, 600);
      const subscription = feed.subscribe({ after: anchor?.cursor });

      const received: RecordingStatusEvent[] = [];
      let background: Promise<unknown> | undefined;
      let storedDuringReplay = 0;
      while (received.length < 725) {
        const result = await subscription.next();
        if (result.done) throw new Error('subscription ended early');
        received.push(result.value);
        // Writes while the replay is under way (it reads a page only once the last is drained):
        // one writer racing the subscriber, and batches stored between two of its reads.
        if (received.length === 10) background = publish(store, feed, 100);
        if (received.length % 100 === 0 && received.length < 600) {
          storedDuringReplay += (await publish(store, feed, 5)).length;
        }
      }
      await background;
      expect(storedDuringReplay).toBe(25);
      const expected = await store.readAfter(anchor?.cursor ?? null, 10_000);
      expect(expected).toHaveLength(725);
      expect(cursors(received)).toEqual(cursors(expected));
      const seqs = received.map((event) => Number(event.cursor));
      expect(seqs.every((seq, index) => index === 0 || seq > (seqs[index - 1] ?? 0))).toBe(true);
      // Nothing more is waiting: the next live event is the next one out.
      const [next] = await publish(store, feed, 1);
      expect((await subscription.next()).value).toEqual(next);
    },
  );

  it('heals a lost ring with the poll', async () => {
    const { store, feed } = await setUp({ pollIntervalMs: 20 });
    const subscription = feed.subscribe();
    const events = await acceptNew(store, 3);
    expect(await take(subscription, 3)).toEqual(events);
  });

  it('fails a resume from a pruned cursor with CursorExpiredError', async () => {
    const { store, feed } = await setUp();
    const events = await acceptNew(store, 3);
    expect(await store.prune(new Date(Date.now() + 60_000).toISOString())).toBeGreaterThanOrEqual(
      3,
    );
    const subscription = feed.subscribe({ after: events[0]?.cursor });
    await expect(subscription.next()).rejects.toBeInstanceOf(CursorExpiredError);
    expect(feed.subscribers).toBe(0);
    expect(await subscription.next()).toEqual({ done: true, value: undefined });
  });

  it('fails a resume from a malformed cursor with a RangeError', async () => {
    const { feed } = await setUp();
    await expect(feed.subscribe({ after: 'not-a-cursor' }).next()).rejects.toBeInstanceOf(
      RangeError,
    );
    expect(feed.subscribers).toBe(0);
  });

  it('releases a subscriber at once on return() while it waits', async () => {
    const { feed } = await setUp();
    const subscription = feed.subscribe();
    const pending = subscription.next();
    expect(feed.subscribers).toBe(1);
    expect(await subscription.return?.()).toEqual({ done: true, value: undefined });
    expect(await pending).toEqual({ done: true, value: undefined });
    expect(feed.subscribers).toBe(0);
  });

  it('releases a subscriber at once on return() while its replay reads', async () => {
    const { store, feed } = await setUp();
    const [first] = await acceptNew(store, 2);
    const subscription = feed.subscribe({ after: first?.cursor });
    const pending = subscription.next();
    await subscription.return?.();
    expect(await pending).toEqual({ done: true, value: undefined });
    expect(feed.subscribers).toBe(0);
  });

  it('ends a subscription when its signal aborts, or at once if already aborted', async () => {
    const { feed } = await setUp();
    const controller = new AbortController();
    const subscription = feed.subscribe({ signal: controller.signal });
    const pending = subscription.next();
    controller.abort();
    expect(await pending).toEqual({ done: true, value: undefined });
    expect(await feed.subscribe({ signal: AbortSignal.abort() }).next()).toEqual({
      done: true,
      value: undefined,
    });
    expect(feed.subscribers).toBe(0);
  });

  it('ends only the slow subscriber when its buffer overflows', async () => {
    const { store, feed } = await setUp({ maxBuffered: 10 });
    const slow = feed.subscribe();
    const fast = feed.subscribe();
    const events: RecordingStatusEvent[] = [];
    const received: RecordingStatusEvent[] = [];
    for (let index = 0; index < 30; index += 1) {
      events.push(...(await publish(store, feed, 1)));
      received.push(...(await take(fast, 1)));
    }
    expect(received).toEqual(events);
    expect(feed.subscribers).toBe(1);

    // The slow one gets what it had buffered, then an error instead of a silent gap.
    expect(cursors(await take(slow, 10))).toEqual(cursors(events.slice(0, 10)));
    await expect(slow.next()).rejects.toBeInstanceOf(EventFeedOverflowError);
    expect(await slow.next()).toEqual({ done: true, value: undefined });
  });

  it('ends every subscription on close, and later ones at once', async () => {
    const { store, feed } = await setUp();
    const waiting = feed.subscribe().next();
    const [first] = await acceptNew(store, 2);
    const replaying = feed.subscribe({ after: first?.cursor });
    await feed.close();
    expect(await waiting).toEqual({ done: true, value: undefined });
    expect(await replaying.next()).toEqual({ done: true, value: undefined });
    expect(await feed.subscribe().next()).toEqual({ done: true, value: undefined });
    expect(feed.subscribers).toBe(0);
  });

  it('loses no event while the store fails, once it is back', async () => {
    let failing = false;
    let failures = 0;
    const { store, feed } = await setUp({}, (store) => ({
      ...store,
      async readAfter(cursor, limit) {
        if (failing) {
          failures += 1;
          throw new StoreUnavailableError('event store unavailable (readAfter failed)');
        }
        return store.readAfter(cursor, limit);
      },
    }));
    const subscription = feed.subscribe();
    failing = true;
    const events = await publish(store, feed, 5);
    await until(() => failures > 0);
    failing = false;
    feed.notify();
    expect(await take(subscription, 5)).toEqual(events);
  });
});
