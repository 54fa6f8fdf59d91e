import { createClient } from 'graphql-ws';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createResumableClient } from '../../client/src/index.js';
import type { GatewayServer } from '../../src/server.js';
import { startTestServer } from '../support/gateway.js';
import { change, expectExactlyOnce, runCutLifecycle, sinkWatch } from './support/scenario.js';
import { startTcpProxy, type TcpProxy } from './support/tcp-proxy.js';

/** The helper against a real gateway whose network is cut mid-lifecycle. */

let server: GatewayServer;
let proxy: TcpProxy;
const cleanups: Array<() => unknown> = [];

beforeAll(async () => {
  // The proxy's own port is in the `Host` the client sends.
  server = await startTestServer({ ALLOWED_HOSTS: '127.0.0.1' });
});
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});
afterAll(() => server?.stop());

async function freshProxy(): Promise<TcpProxy> {
  proxy = await startTcpProxy(server.url);
  cleanups.push(() => proxy.close());
  return proxy;
}

describe('createResumableClient across network cuts', () => {
  it('delivers every change once, in order, to subscribers with and without a starting cursor', {
    timeout: 120_000,
  }, async () => {
    await freshProxy();
    const client = createResumableClient({
      url: proxy.wsUrl,
      webSocketImpl: WebSocket,
      retry: { initialDelayMs: 20, maxDelayMs: 200 },
    });
    cleanups.push(() => client.dispose());

    const result = await runCutLifecycle(server, proxy, sinkWatch(client));

    expectExactlyOnce(result);
    // Two cuts: the one socket the helper holds was replaced twice.
    expect(proxy.accepted).toBeGreaterThanOrEqual(3);
  });

  it('is what graphql-ws alone does not do: it loses changes without a cursor and repeats them with one', {
    timeout: 120_000,
  }, async () => {
    await freshProxy();
    const client = createClient({
      url: proxy.wsUrl,
      webSocketImpl: WebSocket,
      retryAttempts: Number.POSITIVE_INFINITY,
      shouldRetry: () => true,
      retryWait: () => new Promise((resolve) => setTimeout(resolve, 50)),
    });
    cleanups.push(() => client.dispose());

    const { stored, fresh, resumed } = await runCutLifecycle(server, proxy, sinkWatch(client));

    expect(stored).toHaveLength(6);
    // Without `after` the changes made during the cuts never arrive...
    expect(fresh.map(change)).toEqual(stored.slice(0, 2).map(change));
    // ...and re-subscribing with the cursor it started from replays what it already had.
    const cursors = resumed.map((event) => event.cursor);
    expect(new Set(cursors).size).toBe(5);
    expect(cursors.length).toBeGreaterThan(5);
  });
});
