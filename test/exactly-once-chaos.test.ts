import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { RecordingStatus } from '../src/domain/model.js';
import type { Simulator } from '../src/simulator/index.js';
import { seededRandom } from '../src/simulator/random.js';
import type { GatewayServer } from '../src/transport/server.js';
import {
  PauseRecordingDocument,
  RecordingByIdDocument,
  RecordingHistoryDocument,
  ResumeRecordingDocument,
  StartRecordingDocument,
  StopRecordingDocument,
} from './__generated__/graphql.js';
import { postGraphQL, type StatusEvent, watchStatuses } from './support/clients.js';
import { startTestServer } from './support/gateway.js';

/**
 * 100 recordings through random pause/resume lifecycles while the simulator scatters every
 * webhook in time and sends 30% of them again (half under the same rtk-uuid, half under a new
 * one). What a subscriber sees of each recording must be its true lifecycle, or differ from it
 * only as the README's guarantees allow: a change whose delivery arrived after a later change was
 * published is not shown (the stream never goes back), and a RECORDING ⇄ PAUSED round trip that
 * finished before the gateway could confirm its first half is not shown. Both leave a subsequence
 * of the truth that ends in the true status.
 */

const RECORDINGS = 100;
const CONCURRENCY = 10;
const random = seededRandom(20261127);

let server: GatewayServer;
let sim: Simulator;

beforeAll(async () => {
  server = await startTestServer({
    // Room for one confirmation per alternation, and a reconciler that looks at deferred
    // deliveries soon.
    RECONCILE_BUDGET_PER_MINUTE: '1000',
    RECONCILE_INTERVAL_MS: '200',
    // ~1,000 upstream calls in a few seconds is this test's load, not a client's behaviour.
    SIMULATOR_RATE_LIMITS: 'false',
  });
  sim = server.app.simulator as Simulator;
  sim.faults.deliveries({ maxDelayMs: 300, repeatRate: 0.3, newUuidRate: 0.5, seed: 7 });
}, 60_000);

afterAll(() => server?.stop());

const graphql = <Result, Variables>(
  document: Parameters<typeof postGraphQL<Result, Variables>>[1],
  variables: Variables,
) => postGraphQL(server.url, document, variables);

const pauseFor = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** One recording's random lifecycle, driven through the gateway; resolves with its id. */
async function lifecycle(): Promise<string> {
  const started = await graphql(StartRecordingDocument, {
    input: { meetingId: randomUUID(), maxSeconds: 3600 },
  });
  if (started.startRecording.__typename !== 'StartRecordingSuccess') throw new Error('start');
  const id = started.startRecording.recording.id;
  await vi.waitFor(() => expect(sim.statusHistory(id)).toContain('RECORDING'), {
    timeout: 30_000,
    interval: 5,
  });
  const toggles = Math.floor(random() * 5);
  for (let n = 0; n < toggles; n += 1) {
    // Sometimes quicker than a confirmation round trip, sometimes not.
    await pauseFor(Math.floor(random() * 60));
    if (n % 2 === 0) await graphql(PauseRecordingDocument, { id });
    else await graphql(ResumeRecordingDocument, { id });
  }
  await pauseFor(Math.floor(random() * 60));
  await graphql(StopRecordingDocument, { id });
  return id;
}

/** Whether `seen` is `truth` with some changes left out, in the same order. */
function isSubsequence(seen: readonly string[], truth: readonly string[]): boolean {
  let at = 0;
  for (const status of seen) {
    at = truth.indexOf(status, at);
    if (at === -1) return false;
    at += 1;
  }
  return true;
}

describe('exactly once under scattered, repeated deliveries', () => {
  it('gives every subscriber each true lifecycle, or a subsequence the guarantees allow', async () => {
    const watch = await watchStatuses(server, {});
    const ids: string[] = [];
    const queue = Array.from({ length: RECORDINGS }, (_, index) => index);
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (queue.shift() !== undefined) ids.push(await lifecycle());
      }),
    );
    // UPLOADED is final and ranks above everything, so each recording's always gets through.
    const uploaded = () =>
      new Set(watch.events.filter((e) => e.status === 'UPLOADED').map((e) => e.recordingId));
    await vi.waitFor(() => expect(uploaded().size).toBe(RECORDINGS), {
      timeout: 120_000,
      interval: 50,
    });
    await sim.idle();
    // Flush: every late delivery is stored; a later event proves the stream carried them.
    sim.faults.deliveries(null);
    const sentinel = await graphql(StartRecordingDocument, {
      input: { meetingId: randomUUID() },
    });
    if (sentinel.startRecording.__typename !== 'StartRecordingSuccess') throw new Error('start');
    const sentinelId = sentinel.startRecording.recording.id;
    await vi.waitFor(() => expect(watch.events.map((e) => e.recordingId)).toContain(sentinelId), {
      timeout: 30_000,
    });

    let exact = 0;
    for (const id of ids) {
      const truth = sim.statusHistory(id);
      const seen: StatusEvent[] = watch.events.filter((event) => event.recordingId === id);
      const statuses = seen.map((event) => event.status);
      const context = `${id}: saw ${statuses.join(' ')} of ${truth.join(' ')}`;
      expect(truth.at(-1), context).toBe('UPLOADED');
      expect(isSubsequence(statuses, truth), context).toBe(true);
      expect(statuses.at(-1), context).toBe('UPLOADED');
      // Each event names the one before it: no gap a client could notice, no repeat.
      seen.forEach((event, index) => {
        expect(event.previousStatus, context).toBe(seen[index - 1]?.status ?? null);
      });
      if (statuses.join() === truth.join()) exact += 1;

      const { recording } = await graphql(RecordingByIdDocument, { id });
      expect(recording?.status).toBe(truth.at(-1) as RecordingStatus);
      const history = await graphql(RecordingHistoryDocument, { id });
      expect(history.recording?.statusHistory.map((entry) => entry.cursor)).toEqual(
        seen.map((event) => event.cursor),
      );
    }
    // The chaos really happened, and most lifecycles still came through whole.
    const stats = server.app.intake.stats();
    expect(stats.duplicates).toBeGreaterThan(0);
    expect(stats.unchanged).toBeGreaterThan(0);
    expect(stats.stale).toBeGreaterThan(0);
    expect(exact).toBeGreaterThan(0);
    console.info(
      `exactly-once chaos: ${exact}/${RECORDINGS} lifecycles seen whole; intake ${JSON.stringify(stats)}`,
    );
    expect(watch.errors).toEqual([]);
    await watch.close();
  }, 240_000);
});
