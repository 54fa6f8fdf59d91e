import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createSqlIdempotencyStore,
  type IdempotencyKeyStore,
} from '../../src/idempotency/sql-store.js';
import { storeBackends } from './store-backends.js';
import { makeRecording } from './support.js';

const { backends, cleanup } = storeBackends();
const CLAIMED = { state: 'claimed', token: expect.any(String) };
afterAll(cleanup);

describe.each(backends)('SQL idempotency keys on $name', (backend) => {
  let store: IdempotencyKeyStore;

  beforeAll(async () => {
    store = createSqlIdempotencyStore(await backend.open());
  });

  const later = () => new Date(Date.now() + 60_000).toISOString();

  /** Claims a new key and returns the claim's token. */
  async function claimed(key: string, hash: string, expiresAt = later(), leaseMs?: number) {
    const claim = await store.claim(key, hash, expiresAt, leaseMs);
    if (claim.state !== 'claimed') throw new Error(`expected a claim, got ${claim.state}`);
    return claim.token;
  }

  it('claims a new key once; the same request waits, another is a mismatch', async () => {
    const key = randomUUID();
    expect(await store.claim(key, 'hash-a', later())).toEqual(CLAIMED);
    expect(await store.claim(key, 'hash-a', later())).toEqual({ state: 'pending' });
    expect(await store.claim(key, 'hash-b', later())).toEqual({ state: 'mismatch' });
  });

  it('returns the stored recording once completed', async () => {
    const key = randomUUID();
    const recording = makeRecording(randomUUID(), 'INVOKED', { meetingId: randomUUID() });
    const token = await claimed(key, 'hash-a');
    await store.complete(key, token, recording);
    expect(await store.claim(key, 'hash-a', later())).toEqual({ state: 'done', recording });
    expect(await store.claim(key, 'hash-b', later())).toEqual({ state: 'mismatch' });
    // Releasing a finished key does nothing: its result stays.
    await store.release(key, token);
    expect(await store.claim(key, 'hash-a', later())).toEqual({ state: 'done', recording });
  });

  it('frees a released key for a retry', async () => {
    const key = randomUUID();
    await store.release(key, await claimed(key, 'hash-a'));
    expect(await store.claim(key, 'hash-b', later())).toEqual(CLAIMED);
  });

  it('replaces an expired key as if it were new', async () => {
    const key = randomUUID();
    const past = new Date(Date.now() - 1_000).toISOString();
    const token = await claimed(key, 'hash-a', past);
    await store.complete(key, token, makeRecording(randomUUID(), 'INVOKED'));
    expect(await store.claim(key, 'hash-b', later())).toEqual(CLAIMED);
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
  describe('leases', () => {
    // A lease of 0 ms has lapsed by the next statement: no test waits for a clock.
    it('turns a pending key whose lease lapsed into one to resolve, and keeps a renewed one', async () => {
      const lapsed = randomUUID();
      await claimed(lapsed, 'hash-a', later(), 0);
      expect(await store.claim(lapsed, 'hash-a', later())).toEqual({ state: 'unknown' });
      expect(await store.claim(lapsed, 'hash-b', later())).toEqual({ state: 'mismatch' });

      const renewed = randomUUID();
      const token = await claimed(renewed, 'hash-a', later(), 0);
      expect(await store.renew(renewed, token, 60_000)).toBe(true);
      expect(await store.claim(renewed, 'hash-a', later())).toEqual({ state: 'pending' });
    });

    it('lets one of many concurrent retries take a lapsed key over, with a new token', async () => {
      const key = randomUUID();
      const first = await claimed(key, 'hash-a', later(), 0);
      const takers = await Promise.all(
        Array.from({ length: 8 }, () => store.takeOver(key, 'hash-a', 60_000)),
      );
      const won = takers.filter((taken) => taken !== null);
      expect(won).toHaveLength(1);
      expect(won[0]?.token).not.toBe(first);
      expect(Date.parse(won[0]?.firstClaimedAt ?? '')).toBeLessThanOrEqual(Date.now() + 60_000);
      expect(await store.claim(key, 'hash-a', later())).toEqual({ state: 'pending' });
      // A live lease is not taken over; nor is a key by another request.
      expect(await store.takeOver(key, 'hash-a')).toBeNull();
      expect(await store.takeOver(randomUUID(), 'hash-a')).toBeNull();
    });

    it('ignores what the first claimer does once its key was taken over', async () => {
      const key = randomUUID();
      const first = await claimed(key, 'hash-a', later(), 0);
      const taken = await store.takeOver(key, 'hash-a', 60_000);
      if (taken === null) throw new Error('expected the key to be taken over');
      const theirs = makeRecording(randomUUID(), 'INVOKED');
      const ours = makeRecording(randomUUID(), 'RECORDING');
      expect(await store.renew(key, first, 60_000)).toBe(false);
      await store.release(key, first);
      await store.markUnknown(key, first);
      expect(await store.complete(key, first, theirs)).toBe(false);
      expect(await store.claim(key, 'hash-a', later())).toEqual({ state: 'pending' });
      expect(await store.complete(key, taken.token, ours)).toBe(true);
      expect(await store.claim(key, 'hash-a', later())).toEqual({ state: 'done', recording: ours });
      expect(await store.renew(key, taken.token)).toBe(false);
    });
  });
});
