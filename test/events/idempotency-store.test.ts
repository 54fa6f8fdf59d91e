import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createSqlIdempotencyStore,
  type IdempotencyKeyStore,
} from '../../src/events/sql/idempotency.js';
import { storeBackends } from './store-backends.js';
import { makeRecording } from './support.js';

const { backends, cleanup } = storeBackends();
afterAll(cleanup);

describe.each(backends)('SQL idempotency keys on $name', (backend) => {
  let store: IdempotencyKeyStore;

  beforeAll(async () => {
    store = createSqlIdempotencyStore(await backend.open());
  });

  const later = () => new Date(Date.now() + 60_000).toISOString();

  it('claims a new key once; the same request waits, another is a mismatch', async () => {
    const key = randomUUID();
    expect(await store.claim(key, 'hash-a', later())).toEqual({ state: 'claimed' });
    expect(await store.claim(key, 'hash-a', later())).toEqual({ state: 'pending' });
    expect(await store.claim(key, 'hash-b', later())).toEqual({ state: 'mismatch' });
  });

  it('returns the stored recording once completed', async () => {
    const key = randomUUID();
    const recording = makeRecording(randomUUID(), 'INVOKED', { meetingId: randomUUID() });
    await store.claim(key, 'hash-a', later());
    await store.complete(key, recording);
    expect(await store.claim(key, 'hash-a', later())).toEqual({ state: 'done', recording });
    expect(await store.claim(key, 'hash-b', later())).toEqual({ state: 'mismatch' });
    // Releasing a finished key does nothing: its result stays.
    await store.release(key);
    expect(await store.claim(key, 'hash-a', later())).toEqual({ state: 'done', recording });
  });

  it('frees a released key for a retry', async () => {
    const key = randomUUID();
    await store.claim(key, 'hash-a', later());
    await store.release(key);
    expect(await store.claim(key, 'hash-b', later())).toEqual({ state: 'claimed' });
  });

  it('replaces an expired key as if it were new', async () => {
    const key = randomUUID();
    const past = new Date(Date.now() - 1_000).toISOString();
    expect(await store.claim(key, 'hash-a', past)).toEqual({ state: 'claimed' });
    await store.complete(key, makeRecording(randomUUID(), 'INVOKED'));
    expect(await store.claim(key, 'hash-b', later())).toEqual({ state: 'claimed' });
    expect(await store.claim(key, 'hash-b', later())).toEqual({ state: 'pending' });
  });

  it('lets exactly one of many concurrent claims win', async () => {
    const key = randomUUID();
    const claims = await Promise.all(
      Array.from({ length: 12 }, () => store.claim(key, 'hash-a', later())),
    );
    expect(claims.filter((claim) => claim.state === 'claimed')).toHaveLength(1);
    expect(claims.filter((claim) => claim.state === 'pending')).toHaveLength(11);
  });
});
