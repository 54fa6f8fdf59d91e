import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { RealtimeKitDataSource } from '../src/datasources/source.js';
import type { StartRecordingInput } from '../src/domain/inputs.js';
import { GatewayError } from '../src/errors.js';
import { type Database, openDatabase } from '../src/events/sql/database.js';
import { namespacedKey, requestHash } from '../src/idempotency/keys.js';
import {
  createSqlIdempotencyStore,
  type IdempotencyKeyStore,
} from '../src/idempotency/sql-store.js';
import { createIdempotentStarts } from '../src/idempotency/starts.js';
import { type Simulator, startSimulator } from '../src/simulator/index.js';
import { createHarness, freshMeetingId } from './datasources/harness.js';
import { startHoldingProxy } from './support/holding-proxy.js';
import { silentLogger } from './support/logs.js';
import { scaled } from './support/time.js';

/**
 * A key claimed by a replica that died mid-start is not held until it expires: its claim carries
 * a lease the claimer renews while the start runs, and a retry after the lease lapsed takes the key
 * over and resolves it as an unknown outcome (adopt what the dead start began, or start once).
 * The process-level version, with SIGKILL, is test/idempotency-crash.test.ts.
 */

let sim: Simulator;
let source: RealtimeKitDataSource;
let database: Database;
let store: IdempotencyKeyStore;

beforeAll(async () => {
  database = await openDatabase({ memory: true, logger: silentLogger });
  store = createSqlIdempotencyStore(database, { logger: silentLogger });
  sim = await startSimulator({ timeScale: 0.01 });
  source = createHarness(sim).source;
});
afterAll(async () => {
  await database.close();
  await sim.stop();
});

const later = () => new Date(Date.now() + 86_400_000).toISOString();
const input = (): StartRecordingInput => ({ meetingId: freshMeetingId() });

/** What the simulator was asked since `from`: `METHOD /path status`. */
const callsSince = (from: number) =>
  sim.calls.slice(from).map((call) => `${call.method} /${call.path.split('/')[1]} ${call.status}`);

/** The key a dead replica claimed for `request` and never settled: its lease of 0 ms has lapsed. */
async function claimedByTheDead(request: StartRecordingInput, given: string) {
  const hash = requestHash('startRecording', request);
  const claim = await store.claim(namespacedKey(null, given), hash, later(), 0);
  expect(claim.state).toBe('claimed');
}

async function failure(promise: Promise<unknown>): Promise<GatewayError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof GatewayError) return error;
    throw error;
  }
  throw new Error('expected a rejection');
}

describe('a key whose claimer died mid-start', () => {
  it('after its lease, adopts the recording the dead start began, starting nothing', async () => {
    const request = input();
    await claimedByTheDead(request, 'lease-started');
    const begun = await source.startRecording(request);
    const from = sim.calls.length;
    const starts = createIdempotentStarts({ store, realtimeKit: source, pollMs: 10 });
    const retried = await starts.startRecording(request, 'lease-started');
    expect(retried.id).toBe(begun.id);
    expect(callsSince(from)).toEqual(['GET /recordings 200']);
    // Remembered: the next repeat asks nobody.
    expect((await starts.startRecording(request, 'lease-started')).id).toBe(begun.id);
    expect(callsSince(from)).toEqual(['GET /recordings 200']);
  });

  it('after its lease, starts once when the dead start began nothing', async () => {
    const request = input();
    await claimedByTheDead(request, 'lease-nothing');
    const from = sim.calls.length;
    const starts = createIdempotentStarts({ store, realtimeKit: source, pollMs: 10 });
    const [a, b] = await Promise.all([
      starts.startRecording(request, 'lease-nothing'),
      createIdempotentStarts({ store, realtimeKit: source, pollMs: 10 }).startRecording(
        request,
        'lease-nothing',
      ),
    ]);
    expect(a).toEqual(b);
    expect(callsSince(from)).toEqual(['GET /recordings 200', 'POST /recordings 200']);
  });

  it('within its lease, is left to its claimer: a retry waits, then answers CONFLICT', async () => {
    const request = input();
    const hash = requestHash('startRecording', request);
    await store.claim(namespacedKey(null, 'lease-live'), hash, later(), 600_000);
    const from = sim.calls.length;
    const starts = createIdempotentStarts({ store, realtimeKit: source, pollMs: 10, waitMs: 100 });
    const refused = await failure(starts.startRecording(request, 'lease-live'));
    expect(refused.code).toBe('CONFLICT');
    expect(refused.message).toMatch(/still running/);
    expect(callsSince(from)).toEqual([]);
  });
});

describe('a start that runs longer than its lease', () => {
  it('keeps its key: the lease is renewed, and a retry meanwhile waits for its result', async () => {
    const leaseMs = 3_000;
    const proxy = await startHoldingProxy(sim.baseUrl, (req) => req.method === 'POST');
    const held = createHarness(sim, { baseUrl: proxy.url, timeoutMs: 120_000 }).source;
    const request = input();
    const key = namespacedKey(null, 'lease-renewed');
    const from = sim.calls.length;
    const first = createIdempotentStarts({ store, realtimeKit: held, leaseMs }).startRecording(
      request,
      'lease-renewed',
    );
    await proxy.held;
    const lease = () =>
      database.db
        .selectFrom('idempotency_keys')
        .select(['lease_until', sql<Date>`now()`.as('now')])
        .where('key', '=', key)
        .executeTakeFirstOrThrow();
    const firstLease = new Date((await lease()).lease_until).getTime();
    // Wait until the database's clock is past the first lease: only renewals kept the key.
    await vi.waitFor(
      async () => {
        const row = await lease();
        expect(new Date(row.now).getTime()).toBeGreaterThan(firstLease);
        expect(new Date(row.lease_until).getTime()).toBeGreaterThan(new Date(row.now).getTime());
      },
      { timeout: scaled(60_000), interval: 200 },
    );
    const retry = createIdempotentStarts({
      store,
      realtimeKit: source,
      leaseMs,
      pollMs: 20,
      waitMs: 120_000,
    }).startRecording(request, 'lease-renewed');
    proxy.release();
    const [a, b] = await Promise.all([first, retry]);
    expect(b).toEqual(a);
    expect(callsSince(from).filter((call) => call.startsWith('POST'))).toEqual([
      'POST /recordings 200',
    ]);
    await proxy.close();
  });
});
