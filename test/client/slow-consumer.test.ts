import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import { createResumableClient } from '../../client/src/index.js';
import type { GatewayServer } from '../../src/transport/server.js';
import { RecordingHistoryDocument, StopRecordingDocument } from '../__generated__/graphql.js';
import { postGraphQL, startRecordingOver } from '../support/clients.js';
import { startTestServer } from '../support/gateway.js';
import { change, sinkWatch, until, type Watch } from './support/scenario.js';
import { startTcpProxy, type TcpProxy } from './support/tcp-proxy.js';

/** A client too slow for the gateway is closed (1013) and resumes where it left off. */

const SUBSCRIPTIONS = 100;
const LONG = { timeout: 60_000, interval: 20 };
let server: GatewayServer;
let proxy: TcpProxy;

beforeAll(async () => {
  server = await startTestServer({
    // The proxy's own port is in the `Host` the client sends.
    ALLOWED_HOSTS: '127.0.0.1',
    // The smallest allowed, so the socket buffers fill after a few lifecycles.
    WS_MAX_BUFFERED_BYTES: '16384',
    // Dozens of lifecycles, each polled until it settles: on a slow machine that is more reads
    // than RealtimeKit's per-token budget allows, and a refused read is not what is tested here.
    SIMULATOR_RATE_LIMITS: 'false',
  });
  proxy = await startTcpProxy(server.url);
});
afterAll(async () => {
  await proxy?.close();
  await server?.stop();
});

const start = (meetingId: string) => startRecordingOver(server.url, { meetingId });

async function reached(id: string, status: string): Promise<void> {
  await vi.waitFor(async () => {
    const { recording } = await postGraphQL(server.url, RecordingHistoryDocument, { id });
    expect(recording?.statusHistory.at(-1)?.status).toBe(status);
  }, LONG);
}

/** A recording started, stopped once recording, and uploaded: four changes. */
async function lifecycle(meetingId: string): Promise<string> {
  const id = await start(meetingId);
  await reached(id, 'RECORDING');
  await postGraphQL(server.url, StopRecordingDocument, { id });
  await reached(id, 'UPLOADED');
  return id;
}

describe('a slow consumer', () => {
  it('is closed by the gateway, reconnects and resumes every subscription exactly once', {
    timeout: 180_000,
  }, async () => {
    const closes: unknown[] = [];
    const client = createResumableClient({
      url: proxy.wsUrl,
      webSocketImpl: WebSocket,
      retry: { initialDelayMs: 20, maxDelayMs: 200 },
      // Only the gateway may end this socket here.
      keepAliveMs: 0,
      on: { closed: (event) => closes.push((event as { code?: unknown }).code) },
    });
    const meetingId = randomUUID();
    const { subscriptions, registered } = server.subscriptions();
    // A hundred subscriptions on one socket turn each change into a hundred messages.
    const watches: Watch[] = [];
    for (let n = 0; n < SUBSCRIPTIONS; n += 1) watches.push(sinkWatch(client)({ meetingId }));
    await vi.waitFor(
      () => expect(server.subscriptions().registered).toBe(registered + SUBSCRIPTIONS),
      LONG,
    );
    const first = await lifecycle(meetingId);
    for (const watch of watches) await until(watch, first, 'UPLOADED');

    // The client stops reading; changes go on until the gateway gives up on its socket.
    proxy.stall();
    const ids = [first];
    while (server.subscriptions().subscriptions > subscriptions && ids.length < 100) {
      ids.push(await lifecycle(meetingId));
    }
    await vi.waitFor(() => expect(server.subscriptions().subscriptions).toBe(subscriptions), LONG);
    ids.push(await lifecycle(meetingId));
    proxy.unstall();

    const barrier = await start(meetingId);
    for (const watch of watches) await until(watch, barrier, 'INVOKED');
    await postGraphQL(server.url, StopRecordingDocument, { id: barrier });
    const stored = [];
    for (const id of ids) {
      const { recording } = await postGraphQL(server.url, RecordingHistoryDocument, { id });
      if (!recording) throw new Error(`recording ${id} could not be read`);
      stored.push(...recording.statusHistory);
    }
    stored.sort((a, b) => (a.cursor < b.cursor ? -1 : 1));
    expect(stored.length).toBeGreaterThanOrEqual(ids.length * 4);
    for (const watch of watches) {
      const seen = watch.events.filter((event) => event.recordingId !== barrier);
      expect(seen.map(change)).toEqual(stored.map(change));
    }
    // The gateway's close (1013), or, when the close frame was still queued behind what the
    // client had not read, the end of the connection.
    expect(closes.some((code) => code === 1013 || code === 1006)).toBe(true);
    await client.dispose();
  });
});
