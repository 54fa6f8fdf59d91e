import { sql } from 'kysely';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { RealtimeKitDataSource } from '../src/datasources/source.js';
import type { StartRecordingInput } from '../src/domain/inputs.js';
import { GatewayError } from '../src/errors.js';
import { type Database, openDatabase } from '../src/events/sql/database.js';
import { requestHash } from '../src/idempotency/keys.js';
import {
  createSqlIdempotencyStore,
  type IdempotencyKeyStore,
} from '../src/idempotency/sql-store.js';
import { createIdempotentStarts } from '../src/idempotency/starts.js';
import { createLogger } from '../src/logger.js';
import { type Simulator, startSimulator } from '../src/simulator/index.js';
import { canonicalJson } from '../src/util/canonical-json.js';
import { createHarness, freshMeetingId } from './datasources/harness.js';

const DAY = 24 * 60 * 60 * 1000;
const logger = createLogger({ level: 'silent' });

let sim: Simulator;
let source: RealtimeKitDataSource;
let database: Database;
let store: IdempotencyKeyStore;

/** Upstream start calls since `from`, as `METHOD path`. */
function startsSince(from: number): string[] {
  return sim.calls
    .slice(from)
    .filter((call) => call.method === 'POST' && call.path.startsWith('/recordings'))
    .map((call) => `${call.method} ${call.path}`);
}

/** The error a promise rejects with, for asserting its code and field. */
async function failure(promise: Promise<unknown>): Promise<GatewayError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof GatewayError) return error;
    throw error;
  }
  throw new Error('expected a rejection');
}

function replica(
  options: { now?: () => number; waitMs?: number; realtimeKit?: RealtimeKitDataSource } = {},
) {
  return createIdempotentStarts({ store, realtimeKit: source, pollMs: 10, ...options });
}

const input = (overrides: Partial<StartRecordingInput> = {}): StartRecordingInput => ({
  meetingId: freshMeetingId(),
  maxSeconds: 3600,
  ...overrides,
});

// One database for the file: every test uses its own keys, so they cannot see each other's.
beforeAll(async () => {
  // PGlite first: its start-up holds the event loop long enough for an idle keep-alive socket to
  // the simulator to be closed under the SDK's feet, and starts are (rightly) never retried.
  database = await openDatabase({ memory: true, logger });
  store = createSqlIdempotencyStore(database, { logger });
  sim = await startSimulator({ timeScale: 0.01 });
  source = createHarness(sim).source;
});

afterEach(() => {
  sim.faults.clear();
});

afterAll(async () => {
  await database.close();
  await sim.stop();
});

describe('idempotent starts', () => {
  it('calls upstream once for 10 parallel identical starts with one key', async () => {
    const starts = replica();
    const request = input();
    const from = sim.calls.length;
    const results = await Promise.all(
      Array.from({ length: 10 }, () => starts.startRecording(request, 'key-parallel')),
    );
    expect(startsSince(from)).toEqual(['POST /recordings']);
    expect(new Set(results.map((recording) => recording.id)).size).toBe(1);
    expect(results[0]?.meetingId).toBe(request.meetingId);
  });

  it('calls upstream once when replicas repeat a start at the same time', async () => {
    const replicas = [replica(), replica(), replica()];
    const request = input();
    const from = sim.calls.length;
    const results = await Promise.all(
      replicas.flatMap((starts) => [
        starts.startRecording(request, 'key-replicas'),
        starts.startRecording({ ...request }, 'key-replicas'),
      ]),
    );
    expect(startsSince(from)).toEqual(['POST /recordings']);
    expect(new Set(results.map((recording) => recording.id)).size).toBe(1);
  });

  it('answers a repeat after completion from the store, without calling upstream', async () => {
    const request = input();
    const first = await replica().startRecording(request, 'key-repeat');
    const from = sim.calls.length;
    // Key order and explicit nulls do not make it a different request.
    const reordered = { maxSeconds: 3600, fileNamePrefix: null, meetingId: request.meetingId };
    expect(await replica().startRecording(reordered, 'key-repeat')).toEqual(first);
    expect(sim.calls.length).toBe(from);
  });

  it('refuses the same key for a different request', async () => {
    const request = input();
    await replica().startRecording(request, 'key-mismatch');
    const from = sim.calls.length;
    const starts = replica();
    const refusals = await Promise.all([
      failure(starts.startRecording({ ...request, maxSeconds: 120 }, 'key-mismatch')),
      failure(starts.startTrackRecording({ meetingId: request.meetingId }, 'key-mismatch')),
    ]);
    for (const error of refusals) {
      expect(error.code).toBe('VALIDATION');
      expect(error.message).toBe('input.idempotencyKey: was used for a different request');
    }
    expect(sim.calls.length).toBe(from);
  });

  it('releases the key when upstream refuses the start, so a retry calls upstream again', async () => {
    sim.faults.rest({ method: 'POST', path: '/recordings', status: 400 });
    const starts = replica();
    const request = input();
    const from = sim.calls.length;
    expect((await failure(starts.startRecording(request, 'key-retry'))).code).toBe('UPSTREAM');
    const retried = await starts.startRecording(request, 'key-retry');
    // A refusal means nothing started: no look upstream before the retry starts.
    expect(sim.calls.slice(from).map((call) => `${call.method} ${call.status}`)).toEqual([
      'POST 400',
      'POST 200',
    ]);
    expect(await replica().startRecording(request, 'key-retry')).toEqual(retried);
  });

  it('calls upstream every time without a key', async () => {
    const starts = replica();
    const request = input({ allowMultipleRecordings: true });
    const from = sim.calls.length;
    const [a, b] = await Promise.all([
      starts.startRecording(request),
      starts.startRecording(request, null),
    ]);
    expect(startsSince(from)).toEqual(['POST /recordings', 'POST /recordings']);
    expect(a.id).not.toBe(b.id);
  });

  it('starts again once the key has expired (24 h by default)', async () => {
    const request = input({ allowMultipleRecordings: true });
    const dayAgo = () => Date.now() - DAY - 60_000;
    const first = await replica({ now: dayAgo }).startRecording(request, 'key-expiry');
    const from = sim.calls.length;
    const second = await replica().startRecording(request, 'key-expiry');
    expect(startsSince(from)).toEqual(['POST /recordings']);
    expect(second.id).not.toBe(first.id);
    // The new result is what the key remembers now.
    expect(await replica().startRecording(request, 'key-expiry')).toEqual(second);
  });

  it('refuses malformed keys before anything is claimed or sent', async () => {
    const starts = replica();
    const from = sim.calls.length;
    const keys = ['', 'x'.repeat(256), 'tab\there', 'line\nbreak', 'clé', '\u0000'];
    const errors = await Promise.all(
      keys.map((key) => failure(starts.startRecording(input(), key))),
    );
    for (const error of errors) {
      expect(error.code).toBe('VALIDATION');
      expect(error.message).toMatch(/^input\.idempotencyKey: /);
    }
    expect(sim.calls.length).toBe(from);
    await expect(starts.startRecording(input(), 'x'.repeat(255))).resolves.toMatchObject({
      status: 'INVOKED',
    });
  });

  it('deduplicates track-recording starts too', async () => {
    const starts = replica();
    const request = { meetingId: freshMeetingId(), layers: [{ name: 'default' }] };
    const from = sim.calls.length;
    const results = await Promise.all(
      Array.from({ length: 4 }, () => starts.startTrackRecording(request, 'key-track')),
    );
    expect(startsSince(from)).toEqual(['POST /recordings/track']);
    expect(new Set(results.map((recording) => recording.id)).size).toBe(1);
  });

  it('gives up as CONFLICT when another replica is still running the request', async () => {
    sim.faults.rest({ method: 'POST', path: '/recordings', delayMs: 400 });
    const request = input();
    let calling: () => void = () => {};
    const claimed = new Promise<void>((resolve) => {
      calling = resolve;
    });
    const watched: RealtimeKitDataSource = {
      ...source,
      startRecording(request) {
        calling();
        return source.startRecording(request);
      },
    };
    const slow = replica({ realtimeKit: watched }).startRecording(request, 'key-slow');
    await claimed; // the slow replica holds the key and is waiting on upstream
    const impatient = replica({ waitMs: 50 });
    const error = await failure(impatient.startRecording(request, 'key-slow'));
    expect(error.code).toBe('CONFLICT');
    expect(error.message).toBe('a request with this idempotency key is still running');
    const recording = await slow;
    expect(await impatient.startRecording(request, 'key-slow')).toEqual(recording);
  });

  it('hashes storage secrets into the request but never stores them', async () => {
    const secret = 'wJalrXUtnFEMI-K7MDENG-bPxRfiCYEXAMPLEKEY';
    const request = input({
      storageConfig: {
        type: 'AWS',
        accessKey: 'AKIAIOSFODNN7EXAMPLE',
        secret,
        bucket: 'recordings',
        region: 'us-east-1',
      },
    });
    await replica().startRecording(request, 'key-secret');
    const storageConfig = { ...request.storageConfig, type: 'AWS' as const, secret: 'other' };
    const changed = { ...request, storageConfig };
    expect(requestHash('startRecording', changed)).not.toBe(requestHash('startRecording', request));
    expect((await failure(replica().startRecording(changed, 'key-secret'))).code).toBe(
      'VALIDATION',
    );
    const rows = await sql`select * from idempotency_keys`.execute(database.db);
    const stored = JSON.stringify(rows.rows);
    expect(stored).toContain('key-secret');
    expect(stored).not.toContain(secret);
    expect(stored).not.toContain('AKIAIOSFODNN7EXAMPLE');
  });
});

describe('canonicalJson', () => {
  it('sorts keys at every depth and drops empty members', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { z: null, y: 'x' }], c: undefined } })).toBe(
      '{"a":{"d":[2,{"y":"x"}]},"b":1}',
    );
  });
});
