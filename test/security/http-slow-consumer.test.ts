import { randomUUID } from 'node:crypto';
import { connect, type Socket } from 'node:net';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { print } from 'graphql';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { GatewayServer } from '../../src/transport/server.js';
import { RecordingStatusChangedDocument } from '../__generated__/graphql.js';
import { mapConcurrently } from '../events/store-backends.js';
import { makeRecording, makeUpdate } from '../events/support.js';
import { startTestServer } from '../support/gateway.js';
import { eventually } from '../support/time.js';

/**
 * A client that opens a subscription over HTTP and never reads it, tried as an attacker would: the
 * gateway writes only as fast as the socket takes, so once the socket's buffers are full the
 * subscription holds at most SUBSCRIPTION_MAX_BUFFERED_EVENTS live events, then ends; memory
 * stays bounded however many events follow, and a client that reads gets every one meanwhile.
 * (graphql-ws has its own limit, WS_MAX_BUFFERED_BYTES: shared-subscriptions.test.ts.)
 */

setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;
const MIB = 1024 * 1024;
const MAX_BUFFERED = 256;
/** Events stored at once: fewer than a subscription may buffer, so one that reads keeps up. */
const BATCH = 100;
/** Far more than the socket buffers of any machine take at ~400 bytes an event. */
const MOST_EVENTS = 100_000;
let server: GatewayServer;

beforeAll(async () => {
  server = await startTestServer({ SUBSCRIPTION_MAX_BUFFERED_EVENTS: String(MAX_BUFFERED) });
});
afterAll(() => server?.stop());

/** An HTTP request over a raw socket, whose answer a test can stop reading; counts its events. */
async function rawRequest(head: string, body = ''): Promise<{ socket: Socket; events(): number }> {
  const { port, hostname, host } = new URL(server.url);
  const socket = connect(Number(port), hostname);
  await new Promise((resolve) => socket.once('connect', resolve));
  let text = '';
  socket.setEncoding('utf8').on('data', (chunk: string) => {
    text += chunk;
  });
  socket.write(
    `${head}\r\nHost: ${host}\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
  await vi.waitFor(() => expect(text).toMatch(/^HTTP\/1\.1 200/), eventually);
  return { socket, events: () => text.split('event: next').length - 1 };
}

const SUBSCRIPTION = { query: print(RecordingStatusChangedDocument), variables: {} };

/** An SSE subscription (one stream per operation) to every status change. */
function subscribeOverSse() {
  return rawRequest(
    'POST /graphql HTTP/1.1\r\nContent-Type: application/json\r\nAccept: text/event-stream',
    JSON.stringify(SUBSCRIPTION),
  );
}

/** graphql-sse's single connection: a stream reserved and opened, then the subscription posted. */
async function subscribeOverGraphqlSse() {
  const url = `${server.url}/graphql/stream`;
  const reserved = await fetch(url, { method: 'PUT' });
  expect(reserved.status).toBe(201);
  const token = await reserved.text();
  const stream = await rawRequest(
    `GET /graphql/stream HTTP/1.1\r\nAccept: text/event-stream\r\nX-GraphQL-Event-Stream-Token: ${token}`,
  );
  const posted = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-graphql-event-stream-token': token },
    body: JSON.stringify({ ...SUBSCRIPTION, extensions: { operationId: 'idle' } }),
  });
  expect(posted.status).toBe(202);
  return stream;
}

/** Stores `count` new recordings' first events and rings the feed. */
async function publish(count: number): Promise<void> {
  await mapConcurrently(
    Array.from({ length: count }, () => makeUpdate(makeRecording(randomUUID(), 'INVOKED'))),
    50,
    (update) => server.app.store.accept(update),
  );
  server.app.events.notify();
}

/**
 * With a reading subscriber and an idle one that never reads, publishes until the idle one is
 * ended; returns how many events that took and how much the heap grew meanwhile.
 */
async function publishUntilEnded(
  reader: { events(): number },
  idle: { socket: Socket },
): Promise<{ published: number; grown: number }> {
  await vi.waitFor(() => expect(server.app.events.subscribers).toBe(2), eventually);
  idle.socket.pause();
  collectGarbage();
  const before = process.memoryUsage().heapUsed;
  let published = 0;
  while (server.app.events.subscribers === 2) {
    if (published >= MOST_EVENTS) throw new Error(`still subscribed after ${published} events`);
    await publish(BATCH);
    published += BATCH;
    // The reader keeps up, so every batch is handed out before the next (the idle one's buffer
    // fills at the pace events come, not all at once).
    await vi.waitFor(() => expect(reader.events()).toBe(published), eventually);
  }
  collectGarbage();
  return { published, grown: process.memoryUsage().heapUsed - before };
}

describe('an HTTP subscriber that never reads', () => {
  it.each([
    ['SSE (a stream per operation)', subscribeOverSse],
    ["graphql-sse's single connection", subscribeOverGraphqlSse],
  ])(
    'over %s is ended once SUBSCRIPTION_MAX_BUFFERED_EVENTS behind, with memory bounded',
    {
      timeout: 300_000,
    },
    async (transport, subscribeIdle) => {
      const reader = await subscribeOverSse();
      const idle = await subscribeIdle();
      const { published, grown } = await publishUntilEnded(reader, idle);
      // The idle subscriber is gone from the feed; what it was sent sits in socket buffers, and
      // what it was not sent was never kept: the heap holds no backlog of the events that followed.
      expect(server.app.events.subscribers).toBe(1);
      expect(grown).toBeLessThan(64 * MIB);

      // Everyone else is still served: more events reach the reader.
      await publish(100);
      await vi.waitFor(() => expect(reader.events()).toBe(published + 100), eventually);
      console.info(
        `${transport}: ended after ${published} events, heap +${(grown / MIB).toFixed(1)} MiB`,
      );
      reader.socket.destroy();
      idle.socket.destroy();
      await vi.waitFor(() => expect(server.app.events.subscribers).toBe(0), eventually);
    },
  );
});
