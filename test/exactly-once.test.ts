import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Simulator } from '../src/simulator/index.js';
import type { GatewayServer } from '../src/transport/server.js';
import {
  PauseRecordingDocument,
  ResumeRecordingDocument,
  StartRecordingDocument,
  StopRecordingDocument,
} from './__generated__/graphql.js';
import {
  ACCOUNT,
  APP,
  closeAll,
  type Receiver,
  receiver,
  register,
  sdk,
  simulator,
  TOKEN,
} from './simulator/support.js';
import { postGraphQL, type StatusWatch, watchStatuses } from './support/clients.js';
import { noteSecret, startTestServer } from './support/gateway.js';

/**
 * Exactly once against what RealtimeKit really sends: no time of change in the payload, so a
 * resume repeats the first RECORDING's bytes; retries under the same rtk-uuid; late deliveries.
 * A gateway in Cloudflare mode, as a user runs it, over a stand-in RealtimeKit (the simulator on
 * its own) that signs with its own key.
 */

const SEQUENCE = [
  'INVOKED',
  'RECORDING',
  'PAUSED',
  'RECORDING',
  'PAUSED',
  'RECORDING',
  'UPLOADING',
  'UPLOADED',
] as const;

let sim: Simulator;
let server: GatewayServer;
let capture: Receiver;

beforeAll(async () => {
  sim = await simulator();
  noteSecret(TOKEN);
  server = await startTestServer({
    CLOUDFLARE_API_TOKEN: TOKEN,
    CLOUDFLARE_ACCOUNT_ID: ACCOUNT,
    REALTIMEKIT_APP_ID: APP,
    CLOUDFLARE_BASE_URL: sim.baseUrl,
    REALTIMEKIT_WEBHOOK_PUBLIC_KEY: sim.publicKeyPem,
    AUTH_MODE: 'none',
  });
  const client = sdk(sim);
  await register(client, `${server.url}/webhooks/realtimekit`);
  // A second receiver of the same app's webhooks keeps the raw deliveries, to replay one later.
  capture = await receiver();
  await register(client, capture.url);
}, 60_000);

afterAll(async () => {
  await server?.stop();
  await closeAll();
});

const graphql = <Result, Variables>(
  document: Parameters<typeof postGraphQL<Result, Variables>>[1],
  variables: Variables,
) => postGraphQL(server.url, document, variables);

async function expectCount(watch: StatusWatch, recordingId: string, count: number) {
  await vi.waitFor(
    () => expect(watch.events.filter((e) => e.recordingId === recordingId)).toHaveLength(count),
    { timeout: 30_000, interval: 10 },
  );
}

describe('every change exactly once, against real-shaped deliveries', () => {
  it('resumes and re-pauses with identical bytes, retried deliveries, a stale PAUSED at the end', async () => {
    // Every delivery is sent twice under the same rtk-uuid, in order.
    sim.faults.webhook({ kind: 'duplicate', times: 1_000 });
    const meetingId = randomUUID();
    const watch = await watchStatuses(server, { meetingId });
    const started = await graphql(StartRecordingDocument, {
      input: { meetingId, maxSeconds: 600 },
    });
    if (started.startRecording.__typename !== 'StartRecordingSuccess') throw new Error('start');
    const id = started.startRecording.recording.id;

    await expectCount(watch, id, 2);
    const pause = () => graphql(PauseRecordingDocument, { id });
    const resume = () => graphql(ResumeRecordingDocument, { id });
    for (const [index, act] of [pause, resume, pause, resume].entries()) {
      await act();
      await expectCount(watch, id, 3 + index);
    }
    await graphql(StopRecordingDocument, { id });
    await expectCount(watch, id, SEQUENCE.length);
    await sim.idle();

    // What RealtimeKit sent: each resume and re-pause byte for byte the earlier one.
    const mine = capture.received.filter((delivery) => delivery.body.recording.id === id);
    const bodiesOf = (status: string) =>
      new Set(mine.filter((d) => d.body.recording.status === status).map((d) => d.raw.toString()));
    expect(bodiesOf('RECORDING').size).toBe(1);
    expect(bodiesOf('PAUSED').size).toBe(1);
    expect(server.app.intake.stats()).toMatchObject({ accepted: 8, duplicates: 8, stale: 0 });

    // A PAUSED delivered again after UPLOADED, under a new rtk-uuid (as RealtimeKit may retry).
    const paused = mine.find((delivery) => delivery.body.recording.status === 'PAUSED');
    const replay = await fetch(`${server.url}/webhooks/realtimekit`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'rtk-signature': String(paused?.headers['rtk-signature']),
        'rtk-uuid': randomUUID(),
      },
      body: new Uint8Array(paused?.raw ?? []),
    });
    expect(await replay.json()).toEqual({ status: 'stale' });

    // Flush: a later event on the same stream. Everything stored before it arrives before it.
    sim.faults.clear();
    const next = await graphql(StartRecordingDocument, { input: { meetingId } });
    if (next.startRecording.__typename !== 'StartRecordingSuccess') throw new Error('start');
    const nextId = next.startRecording.recording.id;
    await expectCount(watch, nextId, 1);

    const seen = watch.events.filter((event) => event.recordingId === id);
    expect(seen.map((event) => [event.previousStatus, event.status])).toEqual(
      SEQUENCE.map((status, index) => [SEQUENCE[index - 1] ?? null, status]),
    );
    expect(sim.statusHistory(id)).toEqual([...SEQUENCE]);
    // Nothing after the final status: the next event on the stream is the other recording's.
    const after = watch.events.slice(
      watch.events.indexOf(seen.at(-1) as (typeof seen)[number]) + 1,
    );
    expect(after.map((event) => [event.recordingId, event.status])).toEqual([[nextId, 'INVOKED']]);
    expect(watch.errors).toEqual([]);
    await watch.close();
  });
});
