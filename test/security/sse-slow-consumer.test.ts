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
 * A client that opens an SSE subscription and never reads it, tried as an attacker would: the
 * gateway writes only as fast as the socket takes, so once the socket's buffers are full the
 * subscription holds at most SUBSCRIPTION_MAX_BUFFERED_EVENTS live events, then ends; memory
 * stays bounded however many events follow, and a client that reads gets every one meanwhile.
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

/** An SSE subscription to every status change, over a raw socket; counts the events it reads. */
async function subscribeOverSse(): Promise<{ socket: Socket; events(): number }> {
  const { port, hostname, host } = new URL(server.url);
  const body = JSON.stringify({ query: print(RecordingStatusChangedDocument), variables: {} });
  const socket = connect(Number(port), hostname);
  await new Promise((resolve) => socket.once('connect', resolve));
  let text = '';
  socket.setEncoding('utf8').on('data', (chunk: string) => {
    text += chunk;
  });
  socket.write(
    `POST /graphql HTTP/1.1\r\nHost: ${host}\r\nContent-Type: application/json\r\nAccept: text/event-stream\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
  await vi.waitFor(() => expect(text).toMatch(/^HTTP\/1\.1 200/), eventually);
  return { socket, events: () => text.split('event: next').length - 1 };
}

describe('an SSE subscriber that never reads', () => {
  it('is ended once it falls SUBSCRIPTION_MAX_BUFFERED_EVENTS behind, with memory bounded', {
    timeout: 300_000,
  }, async () => {
    const reader = await subscribeOverSse();
    const idle = await subscribeOverSse();
    await vi.waitFor(() => expect(server.app.events.subscribers).toBe(2), eventually);
    idle.socket.pause();
    collectGarbage();
    const before = process.memoryUsage().heapUsed;

    let published = 0;
    while (server.app.events.subscribers === 2) {
      if (published >= MOST_EVENTS) throw new Error(`still subscribed after ${published} events`);
      await mapConcurrently(
        Array.from({ length: BATCH }, () => makeUpdate(makeRecording(randomUUID(), 'INVOKED'))),
        50,
        (update) => server.app.store.accept(update),
      );
      published += BATCH;
      server.app.events.notify();
      // The reader keeps up, so every batch is handed out before the next (the idle one's
      // buffer fills at the pace events come, not all at once).
      await vi.waitFor(() => expect(reader.events()).toBe(published), eventually);
    }
    collectGarbage();
    const grown = process.memoryUsage().heapUsed - before;
    // The idle subscriber is gone from the feed; what it was sent sits in socket buffers, and
    // what it was not sent was never kept: the heap holds no backlog of the events that followed.
    expect(server.app.events.subscribers).toBe(1);
    expect(grown).toBeLessThan(64 * MIB);

    // Everyone else is still served: more events reach the reader.
    await mapConcurrently(
      Array.from({ length: 100 }, () => makeUpdate(makeRecording(randomUUID(), 'INVOKED'))),
      50,
      (update) => server.app.store.accept(update),
    );
    server.app.events.notify();
    await vi.waitFor(() => expect(reader.events()).toBe(published + 100), eventually);
    console.info(
      `sse slow consumer: ended after ${published} events, heap +${(grown / MIB).toFixed(1)} MiB`,
    );
    reader.socket.destroy();
    idle.socket.destroy();
    await vi.waitFor(() => expect(server.app.events.subscribers).toBe(0), eventually);
  });
});
