import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { RealtimeKitDataSource } from '../src/datasources/source.js';
import type { StartRecordingInput } from '../src/domain/inputs.js';
import { GatewayError } from '../src/errors.js';
import { type Database, openDatabase } from '../src/events/sql/database.js';
import {
  createSqlIdempotencyStore,
  type IdempotencyKeyStore,
} from '../src/idempotency/sql-store.js';
import { createIdempotentStarts } from '../src/idempotency/starts.js';
import { createLogger } from '../src/logger.js';
import { type Simulator, startSimulator } from '../src/simulator/index.js';
import { createHarness, freshMeetingId } from './datasources/harness.js';
import { type StandInUpstream, startStandInUpstream } from './support/stand-in-upstream.js';

/**
 * A start that timed out, lost its connection or got a 5xx may have started a recording upstream,
 * and RealtimeKit does not deduplicate starts. The key is kept in an `unknown` state, and the next
 * retry looks at the meeting's running recordings before anything may start again. The stand-in
 * in front of the simulator really starts the recording, then answers 502 or never answers.
 */

const logger = createLogger({ level: 'silent' });
let sim: Simulator;
let standIn: StandInUpstream;
let source: RealtimeKitDataSource;
let database: Database;
let store: IdempotencyKeyStore;

beforeAll(async () => {
  database = await openDatabase({ memory: true, logger });
  store = createSqlIdempotencyStore(database, { logger });
  sim = await startSimulator({ timeScale: 0.01 });
  standIn = await startStandInUpstream(sim.url);
  source = createHarness(sim, { baseUrl: standIn.baseUrl, timeoutMs: 1_000 }).source;
});
afterEach(() => {
  standIn.reset();
  sim.faults.clear();
});
afterAll(async () => {
  await standIn.close();
  await database.close();
  await sim.stop();
});

const replica = () => createIdempotentStarts({ store, realtimeKit: source, pollMs: 10 });
const input = (extra: Partial<StartRecordingInput> = {}) => ({
  meetingId: freshMeetingId(),
  ...extra,
});

/** Calls since `from` as the simulator saw them: `METHOD /path status`. */
const simulatorSince = (from: number) =>
  sim.calls.slice(from).map((call) => `${call.method} /${call.path.split('/')[1]} ${call.status}`);

async function failure(promise: Promise<unknown>): Promise<GatewayError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof GatewayError) return error;
    throw error;
  }
  throw new Error('expected a rejection');
}

/** The next start is really made upstream, then answered as `answer` says. */
function startThen(answer: 'fail' | 'hang') {
  let done = false;
  standIn.handle(async (call, forward) => {
    if (done || call.method !== 'POST') return forward();
    done = true;
    await forward();
    return answer === 'hang' ? 'hang' : { status: 502, body: { message: 'Bad gateway' } };
  });
}

describe('a start whose outcome is unknown', () => {
  it.each(['fail', 'hang'] as const)(
    'that did start (then %s): the retry adopts it and starts nothing',
    async (answer) => {
      const request = input();
      startThen(answer);
      const from = sim.calls.length;
      const first = await failure(replica().startRecording(request, `unknown-${answer}`));
      expect(first.code).toBe('UPSTREAM');
      expect(first.message).toMatch(/may have started.*same idempotencyKey/);
      const retried = await replica().startRecording(request, `unknown-${answer}`);
      expect(retried.meetingId).toBe(request.meetingId);
      expect(simulatorSince(from)).toEqual(['POST /recordings 200', 'GET /recordings 200']);
      const settled = sim.calls.length;
      expect(await replica().startRecording(request, `unknown-${answer}`)).toEqual(retried);
      expect(sim.calls.length).toBe(settled);
    },
  );

  it('that did not start (a 5xx before it): the retry looks, finds nothing and starts', async () => {
    sim.faults.rest({ method: 'POST', path: '/recordings', status: 503 });
    const request = input();
    const from = sim.calls.length;
    expect((await failure(replica().startRecording(request, 'unknown-none'))).code).toBe(
      'UPSTREAM',
    );
    const retried = await replica().startRecording(request, 'unknown-none');
    expect(simulatorSince(from)).toEqual([
      'POST /recordings 503',
      'GET /recordings 200',
      'POST /recordings 200',
    ]);
    expect(retried.status).toBe('INVOKED');
  });

  it('is resolved once when retries race on two replicas', async () => {
    const request = input();
    startThen('fail');
    await failure(replica().startRecording(request, 'unknown-race'));
    const from = sim.calls.length;
    const [a, b] = await Promise.all([
      replica().startRecording(request, 'unknown-race'),
      replica().startRecording(request, 'unknown-race'),
    ]);
    expect(a).toEqual(b);
    expect(simulatorSince(from)).toEqual(['GET /recordings 200']);
  });

  it('stays unknown while the look upstream fails, and resolves on a later retry', async () => {
    const request = input();
    startThen('fail');
    await failure(replica().startRecording(request, 'unknown-down'));
    sim.faults.rest({ method: 'GET', path: '/recordings', status: 500, times: 3 });
    const from = sim.calls.length;
    const down = await failure(replica().startRecording(request, 'unknown-down'));
    expect(down).toMatchObject({ code: 'UPSTREAM' });
    expect(down.message).toMatch(/Could not tell whether the earlier start/);
    expect(simulatorSince(from).filter((call) => call.startsWith('POST'))).toEqual([]);
    const retried = await replica().startRecording(request, 'unknown-down');
    expect(retried.meetingId).toBe(request.meetingId);
    expect(simulatorSince(from).filter((call) => call.startsWith('POST'))).toEqual([]);
  });

  it('refuses as CONFLICT when several recordings of the meeting could be it', async () => {
    const request = input({ allowMultipleRecordings: true });
    await replica().startRecording({ ...request }, 'unknown-other-caller');
    startThen('fail');
    await failure(replica().startRecording(request, 'unknown-several'));
    const from = sim.calls.length;
    const refused = await failure(replica().startRecording(request, 'unknown-several'));
    expect(refused.code).toBe('CONFLICT');
    expect(refused.message).toMatch(/several recordings run in the meeting/);
    expect(simulatorSince(from)).toEqual(['GET /recordings 200']);
    // Still unknown: the next retry looks again rather than starting.
    await failure(replica().startRecording(request, 'unknown-several'));
    expect(simulatorSince(from)).toEqual(['GET /recordings 200', 'GET /recordings 200']);
  });
});
