import { randomUUID } from 'node:crypto';
import { print } from 'graphql';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import type { GatewayServer } from '../src/transport/server.js';
import { RecordingStatusChangedDocument } from './__generated__/graphql.js';
import { mapConcurrently } from './events/store-backends.js';
import { makeRecording, makeUpdate } from './events/support.js';
import { startTestServer } from './support/gateway.js';
import { eventually } from './support/time.js';

/**
 * The replay flood, tried as an attacker with read access would: one graphql-ws socket asks for
 * thousands of subscriptions resuming from an old cursor over a long log, then stops reading.
 * The limits refuse all but a hundred, the hundred share their replay reads and wait on the socket
 * (never buffering the log), memory stays bounded, the gateway keeps answering, and closing the
 * socket releases everything. How fast /healthz answers meanwhile is measured by
 * `npm run bench -- flood`, not asserted here.
 */

const LOG = 1_500;
const ASKED = 4_000;
const MIB = 1024 * 1024;
let server: GatewayServer;
let oldCursor: string;

beforeAll(async () => {
  server = await startTestServer();
  const events = await mapConcurrently(
    Array.from({ length: LOG }, () => makeUpdate(makeRecording(randomUUID(), 'INVOKED'))),
    50,
    (update) => server.app.store.accept(update),
  );
  const first = events[0];
  if (first?.kind !== 'published') throw new Error('nothing stored');
  oldCursor = first.event.cursor;
}, 120_000);
afterAll(() => server?.stop());

async function healthy(): Promise<number> {
  const started = performance.now();
  const response = await fetch(`${server.url}/healthz`);
  expect(response.status).toBe(200);
  return performance.now() - started;
}

describe('a flood of resuming subscriptions from one socket that never reads', () => {
  it('is limited, bounded in memory, and leaves the gateway answering', {
    timeout: 240_000,
  }, async () => {
    global.gc?.();
    const before = process.memoryUsage();
    const socket = new WebSocket(
      `${server.url.replace('http', 'ws')}/graphql`,
      'graphql-transport-ws',
    );
    const refused: unknown[] = [];
    let acknowledged = false;
    socket.on('message', (data) => {
      const message = JSON.parse(String(data)) as { type: string; payload?: unknown };
      if (message.type === 'connection_ack') acknowledged = true;
      if (message.type === 'error') refused.push(message.payload);
    });
    await new Promise((resolve) => socket.once('open', resolve));
    socket.send(JSON.stringify({ type: 'connection_init', payload: {} }));
    await vi.waitFor(() => expect(acknowledged).toBe(true), eventually);

    const query = print(RecordingStatusChangedDocument);
    for (let n = 0; n < ASKED; n += 1) {
      socket.send(
        JSON.stringify({
          id: `f${n}`,
          type: 'subscribe',
          payload: { query, variables: { after: oldCursor } },
        }),
      );
    }
    // Every refusal has been read: the limit held at a hundred.
    await vi.waitFor(() => expect(refused).toHaveLength(ASKED - 100), { timeout: 120_000 });
    expect(refused[0]).toMatchObject([{ extensions: { code: 'RATE_LIMITED' } }]);
    await vi.waitFor(() => expect(server.subscriptions().subscriptions).toBe(100), {
      timeout: 120_000,
    });

    // Now it stops reading while a hundred replays of the whole log are under way.
    socket.pause();
    const latencies: number[] = [];
    for (let n = 0; n < 20; n += 1) {
      latencies.push(await healthy());
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    global.gc?.();
    const during = process.memoryUsage();
    expect(during.heapUsed - before.heapUsed).toBeLessThan(256 * MIB);
    expect(during.rss - before.rss).toBeLessThan(256 * MIB);

    // The gateway still serves everyone else, and lets go of it all once the socket closes.
    const [recording] = await server.app.store.readAfter(null, 1);
    expect(recording).toBeDefined();
    socket.terminate();
    await vi.waitFor(() => expect(server.subscriptions().subscriptions).toBe(0), {
      timeout: 60_000,
    });
    expect(server.app.events.subscribers).toBe(0);
    console.info(
      `flood: /healthz ${Math.max(...latencies).toFixed(0)} ms at worst; heap +${((during.heapUsed - before.heapUsed) / MIB).toFixed(0)} MiB, rss +${((during.rss - before.rss) / MIB).toFixed(0)} MiB`,
    );
  });
});
