import { createPublicKey, verify } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { SimulatorOptions } from '../../src/simulator/index.js';
import {
  ACCOUNT,
  APP,
  call,
  closeAll,
  meetingId,
  type Received,
  reached,
  receiver,
  register,
  sdk,
  simulator,
  statusesOf,
} from './support.js';

const LOOSE_TIMESTAMP = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{6}$/;

async function setup(options: SimulatorOptions = {}) {
  const sim = await simulator(options);
  const client = sdk(sim);
  const rx = await receiver();
  const webhookId = await register(client, rx.url);
  const start = async (body: Record<string, unknown> = {}) => {
    const reply = await call(sim, 'POST', '/recordings', { meeting_id: meetingId(), ...body });
    return reply.json.data.id as string;
  };
  const stop = (id: string) => call(sim, 'PUT', `/recordings/${id}`, { action: 'stop' });
  return { sim, client, rx, webhookId, start, stop };
}

function uuids(received: Received[], recordingId: string): string[] {
  return received
    .filter((delivery) => delivery.body.recording.id === recordingId)
    .map((delivery) => String(delivery.headers['rtk-uuid']));
}

afterEach(closeAll);

describe('webhook deliveries', () => {
  it('are signed over the raw bytes with the key served at keyUrl, with the RealtimeKit headers', async () => {
    const { sim, rx, webhookId, start, stop } = await setup();
    const id = await start();
    await rx.waitFor(reached(id, 'RECORDING'));
    await stop(id);
    await rx.waitFor(reached(id, 'UPLOADED'));
    await sim.idle();
    const served = (await (await fetch(sim.keyUrl)).json()) as { data: { publicKey: string } };
    const key = createPublicKey(served.data.publicKey);
    expect(rx.received).toHaveLength(4);
    for (const delivery of rx.received) {
      expect(delivery.headers['content-type']).toBe('application/json');
      expect(delivery.headers['rtk-webhook-id']).toBe(webhookId);
      expect(delivery.headers['rtk-uuid']).toMatch(/^[0-9a-f-]{36}$/);
      const signature = Buffer.from(String(delivery.headers['rtk-signature']), 'base64');
      expect(verify('sha256', delivery.raw, key, signature)).toBe(true);
      // Re-serialised JSON is different bytes, so it must not verify.
      const reserialised = Buffer.from(JSON.stringify(delivery.body, null, 1));
      expect(verify('sha256', reserialised, key, signature)).toBe(false);
    }
    expect(new Set(rx.received.map((d) => d.headers['rtk-uuid'])).size).toBe(4);
  });

  it('carry the loosely typed recording.statusUpdate body', async () => {
    const { sim, client, rx, start, stop } = await setup();
    const meeting = meetingId();
    const id = await start({ meeting_id: meeting });
    await rx.waitFor(reached(id, 'RECORDING'));
    await stop(id);
    const [uploaded] = (await rx.waitFor(reached(id, 'UPLOADED'))).filter(
      (delivery) => delivery.body.recording.status === 'UPLOADED',
    );
    const fetched = await client.realtimeKit.meetings.getMeetingByID(meeting, {
      account_id: ACCOUNT,
      app_id: APP,
    });
    const body = uploaded?.body;
    expect(Object.keys(body)).toEqual(['event', 'recording', 'meeting']);
    expect(body.event).toBe('recording.statusUpdate');
    expect(body.recording).toMatchObject({
      id,
      recordingId: id,
      status: 'UPLOADED',
      downloadUrl: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/downloads\//),
      audioDownloadUrl: null,
      fileSize: expect.stringMatching(/^\d+$/),
      outputFileName: `${id}.mp4`,
      meetingId: meeting,
      recordingDuration: expect.any(Number),
      organizationId: APP,
      roomUUID: meeting,
    });
    for (const field of ['downloadUrlExpiry', 'startedTime', 'stoppedTime']) {
      expect(body.recording[field]).toMatch(LOOSE_TIMESTAMP);
    }
    expect(body.meeting).toMatchObject({
      id: meeting,
      title: fetched.data?.title,
      roomName: expect.stringMatching(/^[a-z]{6}-[a-z]{6}$/),
      status: 'LIVE',
      endedAt: null,
      organizedBy: { id: APP, name: expect.any(String) },
    });
    expect(body.meeting.sessionId).toMatch(/^[0-9a-f-]{36}$/);
    expect(body.meeting.createdAt).toMatch(LOOSE_TIMESTAMP);
    await sim.idle();
  });

  it('go only to enabled webhooks subscribed to recording.statusUpdate', async () => {
    const { sim, client, rx, webhookId, start } = await setup();
    const other = await receiver();
    await client.realtimeKit.webhooks.createWebhook(APP, {
      account_id: ACCOUNT,
      name: 'meetings only',
      url: other.url,
      events: ['meeting.started'],
    });
    await client.realtimeKit.webhooks.editWebhook(webhookId, {
      account_id: ACCOUNT,
      app_id: APP,
      enabled: false,
    });
    const witness = await receiver();
    await register(client, witness.url);
    const id = await start();
    await witness.waitFor(reached(id, 'RECORDING'));
    await sim.idle();
    expect(rx.received).toEqual([]);
    expect(other.received).toEqual([]);
  });

  it('retry a 500 with backoff, keeping the same rtk-uuid, until a 2xx', async () => {
    const { sim, rx, start } = await setup();
    rx.respondWith((_delivery, index) => (index < 2 ? 500 : 204));
    const id = await start();
    await rx.waitFor(reached(id, 'RECORDING'));
    await sim.idle();
    // RECORDING waits behind the INVOKED delivery being retried: one recording's go in order.
    expect(statusesOf(rx.received, id)).toEqual(['INVOKED', 'INVOKED', 'INVOKED', 'RECORDING']);
    const attempts = rx.received.slice(0, 3);
    expect(new Set(uuids(attempts, id)).size).toBe(1);
    expect(attempts.map((d) => d.raw.toString())).toEqual(
      Array(3).fill(attempts[0]?.raw.toString()),
    );
  });

  it('give up after 5 attempts, and do not hold later deliveries of the recording forever', async () => {
    const { sim, rx, start } = await setup();
    rx.respondWith((delivery) => (delivery.body.recording.status === 'INVOKED' ? 503 : 200));
    const id = await start();
    await rx.waitFor(reached(id, 'RECORDING'));
    await sim.idle();
    expect(statusesOf(rx.received, id)).toEqual([...Array(5).fill('INVOKED'), 'RECORDING']);
  });

  it('do not retry other 4xx answers', async () => {
    const { sim, rx, start } = await setup();
    rx.respondWith(() => 400);
    const id = await start();
    await rx.waitFor(reached(id, 'RECORDING'));
    await sim.idle();
    expect(statusesOf(rx.received, id)).toEqual(['INVOKED', 'RECORDING']);
  });

  it('retry network errors, then give up; idle() resolves', async () => {
    const { sim, client } = await setup();
    const dead = await receiver();
    const url = dead.url;
    await dead.close();
    await register(client, url);
    const { json } = await call(sim, 'POST', '/recordings', { meeting_id: meetingId() });
    expect(json.data.status).toBe('INVOKED');
    await sim.idle();
  });

  it('duplicate fault: the same delivery twice, same body and rtk-uuid', async () => {
    const { sim, rx, start } = await setup();
    sim.faults.webhook({ kind: 'duplicate', status: 'RECORDING' });
    const id = await start();
    await rx.waitFor((received) => statusesOf(received, id).length === 3);
    await sim.idle();
    expect(statusesOf(rx.received, id)).toEqual(['INVOKED', 'RECORDING', 'RECORDING']);
    const [, first, second] = rx.received;
    expect(first?.headers['rtk-uuid']).toBe(second?.headers['rtk-uuid']);
    expect(first?.raw.equals(second?.raw ?? Buffer.alloc(0))).toBe(true);
  });

  it('suppress fault: the matching delivery never arrives', async () => {
    const { sim, rx, start, stop } = await setup();
    const other = await start();
    const id = await start();
    // Armed before the stop call, so the UPLOADING it matches cannot have happened yet.
    sim.faults.webhook({ kind: 'suppress', status: 'UPLOADING', recordingId: id });
    await rx.waitFor(reached(id, 'RECORDING'));
    await stop(other);
    await stop(id);
    await rx.waitFor(
      (received) => reached(id, 'UPLOADED')(received) && reached(other, 'UPLOADED')(received),
    );
    await sim.idle();
    expect(statusesOf(rx.received, id)).toEqual(['INVOKED', 'RECORDING', 'UPLOADED']);
    expect(statusesOf(rx.received, other)).toEqual([
      'INVOKED',
      'RECORDING',
      'UPLOADING',
      'UPLOADED',
    ]);
  });

  it('delay fault: later deliveries overtake the held one (out of order)', async () => {
    const { sim, rx, start } = await setup();
    sim.faults.webhook({ kind: 'delay', status: 'INVOKED', delayMs: 300 });
    const id = await start();
    await rx.waitFor((received) => statusesOf(received, id).length === 2);
    await sim.idle();
    expect(statusesOf(rx.received, id)).toEqual(['RECORDING', 'INVOKED']);
  });

  it('stop() cancels pending deliveries and retries; idle() then resolves', async () => {
    const { sim, rx, start } = await setup({ timeScale: 1 });
    rx.respondWith(() => 500);
    sim.faults.webhook({ kind: 'delay', status: 'INVOKED', delayMs: 60_000, times: 1 });
    const held = await start();
    const retried = await start();
    await rx.waitFor(reached(retried, 'INVOKED'));
    await sim.stop();
    await sim.idle();
    expect(statusesOf(rx.received, held)).toEqual([]);
    expect(statusesOf(rx.received, retried)).toEqual(['INVOKED']);
  });
});

describe('webhook deliveries as RealtimeKit sends them', () => {
  const pause = (sim: Awaited<ReturnType<typeof setup>>['sim'], id: string) =>
    call(sim, 'PUT', `/recordings/${id}`, { action: 'pause' });
  const resume = (sim: Awaited<ReturnType<typeof setup>>['sim'], id: string) =>
    call(sim, 'PUT', `/recordings/${id}`, { action: 'resume' });

  it('repeat a status with byte-identical bodies: no time of change is invented', async () => {
    const { sim, rx, start } = await setup();
    const id = await start();
    await rx.waitFor(reached(id, 'RECORDING'));
    for (const act of [pause, resume, pause, resume]) {
      const count = statusesOf(rx.received, id).length;
      await act(sim, id);
      await rx.waitFor((received) => statusesOf(received, id).length === count + 1);
    }
    await sim.idle();
    const mine = rx.received.filter((delivery) => delivery.body.recording.id === id);
    expect(mine.map((delivery) => delivery.body.recording.status)).toEqual([
      'INVOKED',
      'RECORDING',
      'PAUSED',
      'RECORDING',
      'PAUSED',
      'RECORDING',
    ]);
    const bytes = (status: string) =>
      new Set(
        mine.filter((d) => d.body.recording.status === status).map((d) => d.raw.toString('hex')),
      );
    expect(bytes('RECORDING').size).toBe(1);
    expect(bytes('PAUSED').size).toBe(1);
    // Each is its own delivery nonetheless.
    expect(new Set(uuids(mine, id)).size).toBe(6);
    expect(sim.statusHistory(id)).toEqual(mine.map((d) => d.body.recording.status));
  });

  it('resend fault: the same bytes again later, under a new rtk-uuid', async () => {
    const { sim, rx, start } = await setup();
    sim.faults.webhook({ kind: 'resend', status: 'INVOKED', delayMs: 0 });
    const id = await start();
    await rx.waitFor((received) => statusesOf(received, id).length === 3);
    await sim.idle();
    const invoked = rx.received.filter((d) => d.body.recording.status === 'INVOKED');
    expect(invoked).toHaveLength(2);
    expect(invoked[0]?.raw.equals(invoked[1]?.raw ?? Buffer.alloc(0))).toBe(true);
    expect(invoked[0]?.headers['rtk-signature']).toBe(invoked[1]?.headers['rtk-signature']);
    expect(invoked[0]?.headers['rtk-uuid']).not.toBe(invoked[1]?.headers['rtk-uuid']);
  });

  it('delivery chaos: every delivery scattered in time, some sent again', async () => {
    const { sim, rx, start, stop } = await setup();
    // Lifecycle steps are ~30 ms apart at this time scale; waits up to 500 ms reorder them.
    sim.faults.deliveries({ maxDelayMs: 500, repeatRate: 0.5, newUuidRate: 0.5, seed: 42 });
    const ids: string[] = [];
    for (let n = 0; n < 6; n++) ids.push(await start());
    for (const id of ids) await rx.waitFor(reached(id, 'RECORDING'));
    for (const id of ids) await stop(id);
    for (const id of ids) await rx.waitFor(reached(id, 'UPLOADED'));
    await sim.idle();
    const truth = ['INVOKED', 'RECORDING', 'UPLOADING', 'UPLOADED'];
    let outOfOrder = 0;
    let sameUuidRepeats = 0;
    let newUuidRepeats = 0;
    for (const id of ids) {
      expect(sim.statusHistory(id)).toEqual(truth);
      const mine = rx.received.filter((d) => d.body.recording.id === id);
      const statuses = mine.map((d) => d.body.recording.status as string);
      // Nothing lost, nothing invented.
      expect(new Set(statuses)).toEqual(new Set(truth));
      const firsts = truth.map((status) => statuses.indexOf(status));
      if (firsts.some((at, n) => n > 0 && at < (firsts[n - 1] ?? 0))) outOfOrder += 1;
      for (const status of truth) {
        const copies = mine.filter((d) => d.body.recording.status === status);
        expect(copies.length).toBeLessThanOrEqual(2);
        if (copies.length === 2) {
          expect(copies[0]?.raw.equals(copies[1]?.raw ?? Buffer.alloc(0))).toBe(true);
          if (copies[0]?.headers['rtk-uuid'] === copies[1]?.headers['rtk-uuid']) {
            sameUuidRepeats += 1;
          } else {
            newUuidRepeats += 1;
          }
        }
      }
    }
    expect(outOfOrder).toBeGreaterThan(0);
    expect(sameUuidRepeats).toBeGreaterThan(0);
    expect(newUuidRepeats).toBeGreaterThan(0);
  });

  it('chaos can make retries after a failed attempt carry a new rtk-uuid', async () => {
    const { sim, rx, start } = await setup();
    sim.faults.deliveries({ newUuidOnRetry: true });
    rx.respondWith((delivery, index) =>
      delivery.body.recording.status === 'INVOKED' && index < 3 ? 503 : 200,
    );
    const id = await start();
    await rx.waitFor(reached(id, 'RECORDING'));
    await sim.idle();
    const invoked = rx.received.filter((d) => d.body.recording.status === 'INVOKED');
    expect(invoked.length).toBeGreaterThanOrEqual(2);
    expect(new Set(uuids(invoked, id)).size).toBe(invoked.length);
  });

  it('chaos is armed and cleared over HTTP too', async () => {
    const { sim, rx, start } = await setup();
    const arm = await fetch(`${sim.url}/__simulator/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ deliveries: { repeatRate: 1, newUuidRate: 0, seed: 3 } }),
    });
    expect(arm.status).toBe(200);
    const id = await start();
    await rx.waitFor((received) => statusesOf(received, id).length === 4);
    await sim.idle();
    expect(statusesOf(rx.received, id).sort()).toEqual([
      'INVOKED',
      'INVOKED',
      'RECORDING',
      'RECORDING',
    ]);
    const bad = await fetch(`${sim.url}/__simulator/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ deliveries: { repeatRate: 2 } }),
    });
    expect(bad.status).toBe(400);
    await fetch(`${sim.url}/__simulator/faults`, { method: 'DELETE' });
    const later = await start();
    await rx.waitFor(reached(later, 'RECORDING'));
    await sim.idle();
    expect(statusesOf(rx.received, later)).toEqual(['INVOKED', 'RECORDING']);
  });
});
