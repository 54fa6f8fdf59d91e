import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';
import { startHeartbeat } from '../../src/transport/heartbeat.js';

/** One keep-alive for all sockets: a peer that stops answering pings is ended, others stay. */

const wss = new WebSocketServer({ port: 0, host: '127.0.0.1' });
const stop = startHeartbeat(wss, 50);
beforeAll(async () => {
  if (wss.address() === null) await once(wss, 'listening');
});
afterAll(async () => {
  stop();
  for (const client of wss.clients) client.terminate();
  await new Promise((resolve) => wss.close(resolve));
});

async function connect(options: { autoPong: boolean }) {
  const { port } = wss.address() as AddressInfo;
  const socket = new WebSocket(`ws://127.0.0.1:${port}`, options);
  let pings = 0;
  socket.on('ping', () => {
    pings += 1;
  });
  const closed = once(socket, 'close');
  await once(socket, 'open');
  return { socket, closed, pings: () => pings };
}

describe('heartbeat', () => {
  it('ends a socket that does not answer a ping, and keeps one that does', async () => {
    const silent = await connect({ autoPong: false });
    const alive = await connect({ autoPong: true });
    // The silent one is pinged once and ended at the next round.
    const [code] = (await silent.closed) as [number];
    expect(code).toBe(1006);
    expect(silent.pings()).toBeGreaterThanOrEqual(1);
    // The answering one outlives many more rounds.
    const seen = alive.pings();
    await vi.waitFor(() => expect(alive.pings()).toBeGreaterThanOrEqual(seen + 5), {
      timeout: 30_000,
    });
    expect(alive.socket.readyState).toBe(WebSocket.OPEN);
    expect(wss.clients.size).toBe(1);
  });
});
