import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Recording } from '../../src/domain/model.js';
import { createStatusConfirmer } from '../../src/reconciler/confirm.js';
import { createTokenBucket, type TokenBucket } from '../../src/reconciler/token-bucket.js';
import { type Simulator, startSimulator } from '../../src/simulator/index.js';
import { createHarness, freshMeetingId, waitForStatus } from '../datasources/harness.js';
import { captureLogs } from '../support/logs.js';

let sim: Simulator;
let recording: Recording;
const GET_ONE = /^\/recordings\/[0-9a-f-]{36}$/;

beforeAll(async () => {
  sim = await startSimulator({ timeScale: 0.01 });
  const { source } = createHarness(sim);
  const started = await source.startRecording({ meetingId: freshMeetingId(), maxSeconds: 3600 });
  recording = await waitForStatus(source, started.id, 'RECORDING');
});

afterEach(() => sim.faults.clear());
afterAll(() => sim.stop());

/** A confirmer over the real SDK and the simulator, with its log lines and upstream GETs counted. */
function confirmerWith(budget: TokenBucket, timeoutMs = 5_000) {
  const logs = captureLogs('debug');
  const from = sim.calls.length;
  const confirmer = createStatusConfirmer({
    // No retry waits: a failing upstream fails at once.
    realtimeKit: createHarness(sim, { maxRetryWaitMs: 0 }).source,
    budget,
    timeoutMs,
    logger: logs.logger,
  });
  const gets = () =>
    sim.calls.slice(from).filter((call) => call.method === 'GET' && GET_ONE.test(call.path));
  const lines = () => logs.entries() as Array<{ level: number; msg: string }>;
  return { confirmer, lines, gets };
}

describe('status confirmer', () => {
  it('answers the status upstream holds now, with one GET', async () => {
    const { confirmer, gets } = confirmerWith(createTokenBucket(10));
    expect(await confirmer.confirm(recording.id, 'PAUSED')).toBe('RECORDING');
    expect(gets().map((call) => call.path)).toEqual([`/recordings/${recording.id}`]);
  });

  it('trusts the delivery without asking when checks are turned off (a budget of 0)', async () => {
    const { confirmer, gets } = confirmerWith(createTokenBucket(0));
    expect(await confirmer.confirm(recording.id, 'PAUSED')).toBe('PAUSED');
    expect(gets()).toEqual([]);
  });

  it('answers null without a call once the budget is spent, and says so once', async () => {
    const { confirmer, gets, lines } = confirmerWith(createTokenBucket(2, () => 0));
    expect(await confirmer.confirm(recording.id, 'PAUSED')).toBe('RECORDING');
    expect(await confirmer.confirm(recording.id, 'PAUSED')).toBe('RECORDING');
    for (let n = 0; n < 5; n++) expect(await confirmer.confirm(recording.id, 'PAUSED')).toBeNull();
    expect(gets()).toHaveLength(2);
    expect(
      lines()
        .filter((line) => line.level === 40)
        .map((line) => line.msg),
    ).toEqual([
      'cannot confirm RECORDING/PAUSED deliveries with upstream; deferring them to the reconciler',
    ]);
  });

  it('answers null while upstream fails, logs the outage once, and its end', async () => {
    const { confirmer, lines } = confirmerWith(createTokenBucket(100));
    sim.faults.rest({ method: 'GET', path: GET_ONE, status: 503, times: 9 });
    for (let n = 0; n < 3; n++) expect(await confirmer.confirm(recording.id, 'PAUSED')).toBeNull();
    expect(await confirmer.confirm(recording.id, 'PAUSED')).toBe('RECORDING');
    const warnings = lines().filter((line) => line.level >= 40);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ reason: 'upstream', code: 'UPSTREAM' });
    expect(lines().at(-1)?.msg).toBe('confirming RECORDING/PAUSED deliveries with upstream again');
  });

  it('backs off the whole budget when upstream rate limits', async () => {
    let now = 1_000_000;
    const budget = createTokenBucket(100, () => now);
    const { confirmer, gets } = confirmerWith(budget);
    sim.faults.rest({
      method: 'GET',
      path: GET_ONE,
      status: 429,
      headers: { 'retry-after': '30' },
    });
    expect(await confirmer.confirm(recording.id, 'PAUSED')).toBeNull();
    const calls = gets().length;
    // Inside the Retry-After nothing is asked; the reconciler shares the same empty bucket.
    expect(await confirmer.confirm(recording.id, 'PAUSED')).toBeNull();
    expect(gets()).toHaveLength(calls);
    expect(budget.take()).toBe(false);
    now += 31_000;
    expect(await confirmer.confirm(recording.id, 'PAUSED')).toBe('RECORDING');
  });

  it('gives up at its deadline when upstream is slow', async () => {
    const { confirmer, lines } = confirmerWith(createTokenBucket(10), 100);
    sim.faults.rest({ method: 'GET', path: GET_ONE, delayMs: 3_000 });
    expect(await confirmer.confirm(recording.id, 'PAUSED')).toBeNull();
    expect(lines().at(-1)).toMatchObject({ reason: 'timeout', timeoutMs: 100 });
  });

  it('answers null for a recording upstream does not have', async () => {
    const { confirmer, gets } = confirmerWith(createTokenBucket(10));
    expect(await confirmer.confirm(randomUUID(), 'PAUSED')).toBeNull();
    expect(gets()).toHaveLength(1);
  });
});
