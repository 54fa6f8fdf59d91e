import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type Simulator, startSimulator } from '../src/simulator/index.js';
import { type HoldingProxy, startHoldingProxy } from './support/holding-proxy.js';
import { post } from './support/http.js';
import { createTestDatabase } from './support/postgres.js';
import { type GatewayProcess, startGatewayProcess } from './support/processes.js';
import { type StandInUpstream, startStandInUpstream } from './support/stand-in-upstream.js';
import { scaled } from './support/time.js';

/**
 * A gateway killed (SIGKILL) while its start is in flight leaves its idempotency key pending.
 * Another gateway on the same Postgres that gets the retry takes the key over once the dead
 * claim's lease has lapsed, instead of answering "still running" until the key expires a day
 * later: it returns the recording the dead start began, or starts once if it began nothing.
 * Gateways → stand-in (to swallow a start) → holding proxy (to hold one) → simulator.
 */

const TIMEOUT_MS = scaled(300_000);
const CLOUDFLARE = {
  CLOUDFLARE_API_TOKEN: `crash-token-${randomUUID()}`,
  CLOUDFLARE_ACCOUNT_ID: 'acc0123456789abcdef0123456789abcd',
  REALTIMEKIT_APP_ID: randomUUID(),
};
const leftovers: Array<() => Promise<unknown>> = [];
let sim: Simulator;
let holding: HoldingProxy;
let standIn: StandInUpstream;
let holdStarts = true;
let gateways: { doomedA: GatewayProcess; doomedB: GatewayProcess; survivor: GatewayProcess };

const isStart = (method: string | undefined, path: string | undefined) =>
  method === 'POST' && /\/recordings(\?|$)/.test(path ?? '');

beforeAll(async () => {
  sim = await startSimulator({ apiToken: CLOUDFLARE.CLOUDFLARE_API_TOKEN, timeScale: 0.01 });
  leftovers.push(() => sim.stop());
  holding = await startHoldingProxy(sim.url, (req) => holdStarts && isStart(req.method, req.url));
  leftovers.push(() => holding.close());
  standIn = await startStandInUpstream(holding.url);
  leftovers.push(() => standIn.close());
  const database = await createTestDatabase();
  leftovers.push(database.drop);
  const env = {
    ...CLOUDFLARE,
    CLOUDFLARE_BASE_URL: standIn.baseUrl,
    REALTIMEKIT_WEBHOOK_PUBLIC_KEY: sim.publicKeyPem,
    AUTH_MODE: 'none',
    DATABASE_URL: database.url,
    IDEMPOTENCY_LEASE_MS: '2000',
    // Nothing may time out while a start is held: only the kill ends it.
    UPSTREAM_TIMEOUT_MS: '120000',
    RECONCILE_BUDGET_PER_MINUTE: '0',
    LOG_LEVEL: 'info',
  };
  const [doomedA, doomedB, survivor] = await Promise.all([
    startGatewayProcess(env),
    startGatewayProcess(env),
    startGatewayProcess(env),
  ]);
  gateways = { doomedA, doomedB, survivor };
}, TIMEOUT_MS);
afterAll(async () => {
  for (const cleanup of leftovers.reverse()) await cleanup();
});

const START = `mutation Start($meetingId: ID!, $key: String!) {
  startRecording(input: { meetingId: $meetingId, idempotencyKey: $key }) {
    __typename
    ... on StartRecordingSuccess { recording { id meetingId } }
    ... on Error { code message }
  }
}`;

const start = (gateway: GatewayProcess, meetingId: string, key: string) =>
  post(gateway, { query: START, variables: { meetingId, key } });

/** Starts the simulator was asked for since `from`, with their statuses. */
const startsSince = (from: number) =>
  sim.calls
    .slice(from)
    .filter((call) => isStart(call.method, call.path))
    .map((call) => `POST ${call.status}`);

/** The ids of the meeting's recordings, as the survivor lists them. */
async function recordingsOf(meetingId: string): Promise<string[]> {
  const answer = await post(gateways.survivor, {
    query: `{ recordings(filter: { meetingId: "${meetingId}" }) { edges { node { id } } } }`,
  });
  const data = answer.expectNoGraphQLErrors() as {
    recordings: { edges: Array<{ node: { id: string } }> };
  };
  return data.recordings.edges.map((edge) => edge.node.id);
}

/** Sends a start to `doomed` and kills it with SIGKILL once `inside` says the start is in flight. */
async function killMidStart(
  doomed: GatewayProcess,
  meetingId: string,
  key: string,
  inside: () => Promise<void>,
) {
  const answered = start(doomed, meetingId, key).then(
    () => 'answered',
    () => 'connection lost',
  );
  await inside();
  expect(await doomed.stop('SIGKILL')).toBeNull();
  expect(await answered).toBe('connection lost');
}

describe('a gateway killed inside an idempotent start', () => {
  it(
    'whose start reached RealtimeKit: the retry on another gateway gets that recording, and nothing starts again',
    async () => {
      const meetingId = randomUUID();
      const key = `crash-started-${randomUUID()}`;
      const from = sim.calls.length;
      await killMidStart(gateways.doomedA, meetingId, key, () => holding.held);
      // The start the dead gateway sent goes on to RealtimeKit after all.
      holdStarts = false;
      holding.release();
      await vi.waitFor(() => expect(startsSince(from)).toEqual(['POST 200']), {
        timeout: scaled(30_000),
      });
      const [begun] = await recordingsOf(meetingId);

      const retried = await start(gateways.survivor, meetingId, key);
      expect(retried.body.data?.startRecording).toEqual({
        __typename: 'StartRecordingSuccess',
        recording: { id: begun, meetingId },
      });
      expect(startsSince(from)).toEqual(['POST 200']);
      expect(await recordingsOf(meetingId)).toEqual([begun]);
    },
    TIMEOUT_MS,
  );

  it(
    'whose start never reached RealtimeKit: the retry on another gateway starts it once',
    async () => {
      const meetingId = randomUUID();
      const key = `crash-lost-${randomUUID()}`;
      const from = sim.calls.length;
      const seen = standIn.calls.length;
      standIn.handle(async (call, forward) =>
        isStart(call.method, call.path) ? 'hang' : forward(),
      );
      await killMidStart(gateways.doomedB, meetingId, key, () =>
        vi.waitFor(
          () =>
            expect(standIn.calls.slice(seen).some((call) => isStart(call.method, call.path))).toBe(
              true,
            ),
          { timeout: scaled(30_000) },
        ),
      );
      standIn.reset();
      expect(startsSince(from)).toEqual([]);

      const retried = await start(gateways.survivor, meetingId, key);
      const result = retried.body.data?.startRecording as { recording?: { id: string } };
      expect(retried.body.data?.startRecording, retried.text).toMatchObject({
        __typename: 'StartRecordingSuccess',
        recording: { meetingId },
      });
      expect(startsSince(from)).toEqual(['POST 200']);
      expect(await recordingsOf(meetingId)).toEqual([result.recording?.id]);
      // The key now holds that result.
      const again = await start(gateways.survivor, meetingId, key);
      expect(again.body.data?.startRecording).toEqual(retried.body.data?.startRecording);
      expect(startsSince(from)).toEqual(['POST 200']);
    },
    TIMEOUT_MS,
  );
});
