import { createHash, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StartRecordingDocument } from './__generated__/graphql.js';
import { type StandInGateway, startStandInGateway } from './support/stand-in-gateway.js';

/**
 * Idempotency keys belong to their owner: the token's subject, or one namespace for callers
 * without one. No key a caller can send names another owner's key, however it is spelled.
 */

let gateway: StandInGateway;
let tokens: { alice: string; bob: string; anonymous: string };

beforeAll(async () => {
  gateway = await startStandInGateway();
  tokens = {
    alice: await gateway.token({ sub: 'alice' }),
    bob: await gateway.token({ sub: 'bob' }),
    anonymous: await gateway.token({ sub: null }),
  };
});
afterAll(() => gateway?.close());

const posts = () => gateway.standIn.calls.filter((call) => call.method === 'POST').length;
/** The spellings a forger might try for `owner`'s key `key`. */
const forgeries = (owner: string, key: string) => {
  const digest = createHash('sha256').update(owner).digest('hex');
  return [`${digest.slice(0, 32)}:${key}`, `subject:${digest}:${key}`, `${owner}:${key}`];
};

async function start(token: string, meetingId: string, idempotencyKey: string) {
  const result = await gateway.run(token, StartRecordingDocument, {
    input: { meetingId, idempotencyKey, allowMultipleRecordings: true },
  });
  const payload = result.data?.startRecording;
  if (payload?.__typename !== 'StartRecordingSuccess') throw new Error(JSON.stringify(result));
  return payload.recording.id;
}

describe('idempotency key owners', () => {
  it('a caller without a subject cannot read a subject’s key by spelling its namespace', async () => {
    const meetingId = randomUUID();
    const key = `k-${randomUUID()}`;
    const alices = await start(tokens.alice, meetingId, key);
    for (const forged of forgeries('alice', key)) {
      const before = posts();
      expect(await start(tokens.anonymous, meetingId, forged)).not.toBe(alices);
      expect(posts()).toBe(before + 1);
    }
    const before = posts();
    expect(await start(tokens.alice, meetingId, key)).toBe(alices);
    expect(posts()).toBe(before);
  });

  it('a caller without a subject cannot pre-claim a subject’s key', async () => {
    const key = `k-${randomUUID()}`;
    const meetingId = randomUUID();
    const squatted = await Promise.all(
      forgeries('bob', key).map((forged) => start(tokens.anonymous, meetingId, forged)),
    );
    // Bob's own key is untouched: another request under it is no "mismatch", and it starts.
    const before = posts();
    const bobs = await start(tokens.bob, randomUUID(), key);
    expect(posts()).toBe(before + 1);
    expect(squatted).not.toContain(bobs);
  });

  it('keeps one key apart for each subject and for the anonymous namespace', async () => {
    const key = `shared-${randomUUID()}`;
    const meetingId = randomUUID();
    const before = posts();
    const ids = [
      await start(tokens.alice, meetingId, key),
      await start(tokens.bob, meetingId, key),
      await start(tokens.anonymous, meetingId, key),
    ];
    expect(new Set(ids).size).toBe(3);
    expect(posts()).toBe(before + 3);
    // Callers without a subject share their one namespace.
    const other = await gateway.token({ sub: null, scope: 'recordings:write' });
    expect(await start(other, meetingId, key)).toBe(ids[2]);
    expect(posts()).toBe(before + 3);
  });

  it('refuses a key holding the namespace separator or other control characters', async () => {
    const result = await gateway.run(tokens.anonymous, StartRecordingDocument, {
      input: { meetingId: randomUUID(), idempotencyKey: `subject:abc\u001fk` },
    });
    expect(result.data?.startRecording).toMatchObject({
      code: 'VALIDATION',
      field: 'input.idempotencyKey',
    });
  });
});
