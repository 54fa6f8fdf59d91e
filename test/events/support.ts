import { randomUUID } from 'node:crypto';
import { buildRecording } from '../../src/domain/build.js';
import type { Recording, RecordingStatus } from '../../src/domain/model.js';
import type { StatusUpdate } from '../../src/events/types.js';

/** A domain recording with every optional field empty. */
export function makeRecording(
  id: string,
  status: RecordingStatus,
  overrides: Partial<Recording> = {},
): Recording {
  return buildRecording({ id, status, ...overrides });
}

/** A status update with fresh delivery id and body hash unless given. */
export function makeUpdate(
  recording: Recording,
  overrides: Partial<StatusUpdate> = {},
): StatusUpdate {
  return {
    deliveryId: randomUUID(),
    webhookId: null,
    bodyHash: randomUUID().replaceAll('-', ''),
    receivedAt: new Date().toISOString(),
    organizationId: null,
    source: 'WEBHOOK',
    recording,
    ...overrides,
  };
}

/** A small seeded PRNG, so shuffled tests replay the same order every run. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Fisher–Yates with the given random source. */
export function shuffle<T>(items: readonly T[], random: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i -= 1) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}
