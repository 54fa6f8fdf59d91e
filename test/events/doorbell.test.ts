import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createDoorbell, DOORBELL_RING, type Doorbell } from '../../src/events/doorbell.js';
import { createEventFeed } from '../../src/events/feed.js';
import { openDatabase } from '../../src/events/sql/database.js';
import { createSqlEventStore } from '../../src/events/sql/store.js';
import type { EventFeed, EventStore } from '../../src/events/types.js';
import { captureLogs, silentLogger } from '../support/logs.js';
import { createTestDatabase } from '../support/postgres.js';
import { requireRedis, TEST_REDIS_URL } from '../support/redis.js';
import { acceptNew, openMemoryStore, take, until } from './feed-support.js';

const REDIS_URL = TEST_REDIS_URL;
// Long enough that only a ring can deliver within a test.
const NO_POLL_MS = 60_000;

const closers: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const close of closers.reverse()) await close();
  closers.length = 0;
});

let admin: Redis;
beforeAll(async () => {
  await requireRedis(REDIS_URL);
  admin = new Redis(REDIS_URL);
});
afterAll(() => admin?.disconnect());

/** A feed over `store` with its own Redis doorbell on `prefix`. */
async function redisFeed(store: EventStore, prefix: string): Promise<EventFeed> {
  const doorbell = createDoorbell({
    redisUrl: REDIS_URL,
    logger: silentLogger,
    channelPrefix: prefix,
  });
  const feed = await createEventFeed({
    store,
    doorbell: doorbell.target,
    pollIntervalMs: NO_POLL_MS,
    logger: silentLogger,
  });
  closers.push(doorbell.close, () => feed.close());
  return feed;
}

/** Resolves once `count` clients listen on the ring channel, so no ring is sent into the void. */
async function listeners(prefix: string, count: number): Promise<void> {
  await until(async () => {
    const reply = (await admin.pubsub('NUMSUB', prefix + DOORBELL_RING)) as [string, number];
    return Number(reply[1]) >= count;
  });
}

/** Two feeds on two replicas sharing one store: a ring on A wakes B. */
async function expectRingAcross(storeA: EventStore, storeB: EventStore) {
  const prefix = `rtk-test-${randomUUID()}:`;
  const feedA = await redisFeed(storeA, prefix);
  const feedB = await redisFeed(storeB, prefix);
  const onA = feedA.subscribe();
  const onB = feedB.subscribe();
  await listeners(prefix, 2);
  const events = await acceptNew(storeA, 3);
  feedA.notify();
  expect(await take(onB, 3)).toEqual(events);
  expect(await take(onA, 3)).toEqual(events);
}

describe('createDoorbell', () => {
  it('is an in-process EventTarget without a Redis URL', async () => {
    const doorbell = createDoorbell({ logger: silentLogger });
    const heard: unknown[] = [];
    doorbell.target.addEventListener(DOORBELL_RING, (event) => {
      heard.push((event as CustomEvent).detail);
    });
    doorbell.target.dispatchEvent(new CustomEvent(DOORBELL_RING, { detail: 'a' }));
    expect(heard).toEqual(['a']);
    await doorbell.close();
  });

  it('carries a ring and its detail through Redis, namespaced by the prefix', async () => {
    const prefix = `rtk-test-${randomUUID()}:`;
    const doorbell = createDoorbell({
      redisUrl: REDIS_URL,
      logger: silentLogger,
      channelPrefix: prefix,
    });
    closers.push(doorbell.close);
    const heard = new Promise((resolve) => {
      doorbell.target.addEventListener(DOORBELL_RING, (event) =>
        resolve((event as CustomEvent).detail),
      );
    });
    await listeners(prefix, 1);
    doorbell.target.dispatchEvent(new CustomEvent(DOORBELL_RING, { detail: 'origin-1' }));
    expect(await heard).toBe('origin-1');
  });

  it('survives an unreachable Redis: rings are dropped, logged without the password', async () => {
    const { logger, lines } = captureLogs('debug');
    const doorbell: Doorbell = createDoorbell({
      redisUrl: 'redis://:hunter2-secret@127.0.0.1:1',
      logger,
    });
    doorbell.target.addEventListener(DOORBELL_RING, () => undefined);
    doorbell.target.dispatchEvent(new CustomEvent(DOORBELL_RING, { detail: 'x' }));
    await until(
      () =>
        lines.some((line) => line.includes('doorbell could not ring')) &&
        lines.some((line) => line.includes('doorbell lost Redis')),
    );
    await doorbell.close();
    expect(lines.join('')).not.toContain('hunter2-secret');
  });
});

describe('event feeds of two replicas with Redis doorbells', () => {
  it('wake each other over one shared store', async () => {
    const { store, close } = await openMemoryStore();
    closers.push(close);
    await expectRingAcross(store, store);
  });

  it('wake each other over a shared Postgres database', async () => {
    const target = await createTestDatabase();
    closers.push(() => target.drop());
    const stores = await Promise.all(
      [0, 1].map(async () => {
        const database = await openDatabase({ databaseUrl: target.url, logger: silentLogger });
        const store = createSqlEventStore(database, { logger: silentLogger });
        closers.push(() => database.close());
        return store;
      }),
    );
    await expectRingAcross(stores[0] as EventStore, stores[1] as EventStore);
  });
});
