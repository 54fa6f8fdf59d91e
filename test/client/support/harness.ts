import { type Client, createClient } from 'graphql-ws';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createResumableClient } from '../../../client/src/index.js';
import type { GatewayServer } from '../../../src/transport/server.js';
import { startTestServer } from '../../support/gateway.js';
import { change, expectExactlyOnce, type OpenWatch, runCutLifecycle } from './scenario.js';
import { startTcpProxy, type TcpProxy } from './tcp-proxy.js';

/**
 * graphql-ws' own client as an app would configure it to survive cuts: it reconnects forever and
 * re-subscribes with the variables it started with (what the resumable client improves on).
 */
export function plainGraphqlWsClient(url: string): Client {
  return createClient({
    url,
    webSocketImpl: WebSocket,
    retryAttempts: Number.POSITIVE_INFINITY,
    shouldRetry: () => true,
    retryWait: () => new Promise((resolve) => setTimeout(resolve, 50)),
  });
}

export interface CutHarness {
  /** The file's gateway (started before its tests). */
  readonly server: GatewayServer;
  /** Run after the current test, last added first. */
  readonly cleanups: Array<() => unknown>;
  /** A TCP proxy in front of the gateway, closed after the test: the network a test cuts. */
  proxied(): Promise<TcpProxy>;
}

/** One gateway for the file, and proxies and clean-ups per test, registered as vitest hooks. */
export function cutHarness(): CutHarness {
  let server: GatewayServer | undefined;
  const cleanups: Array<() => unknown> = [];
  beforeAll(async () => {
    // The proxy's own port is in the `Host` the client sends.
    server = await startTestServer({ ALLOWED_HOSTS: '127.0.0.1' });
  });
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });
  afterAll(() => server?.stop());
  return {
    get server() {
      if (server === undefined) throw new Error('the gateway starts in beforeAll');
      return server;
    },
    cleanups,
    async proxied() {
      const proxy = await startTcpProxy(this.server.url);
      cleanups.push(() => proxy.close());
      return proxy;
    },
  };
}

/**
 * The two tests of a client recipe (Apollo's link, urql's exchange) across network cuts: over the
 * resumable helper every change arrives once, in order; over graphql-ws alone the recipe
 * re-subscribes with the variables it started with, so it loses and repeats changes.
 */
export function describeRecipeAcrossCuts(
  title: string,
  harness: CutHarness,
  watchOver: (ws: Client) => OpenWatch,
): void {
  describe(title, () => {
    it('over the helper, delivers every change once, in order, across network cuts', {
      timeout: 120_000,
    }, async () => {
      const proxy = await harness.proxied();
      const ws = createResumableClient({
        url: proxy.wsUrl,
        webSocketImpl: WebSocket,
        retry: { initialDelayMs: 20, maxDelayMs: 200 },
      });
      harness.cleanups.push(() => ws.dispose());

      expectExactlyOnce(await runCutLifecycle(harness.server, proxy, watchOver(ws)));
    });

    it('over graphql-ws alone, re-subscribes with the variables it started with: loses and repeats', {
      timeout: 120_000,
    }, async () => {
      const proxy = await harness.proxied();
      const ws = plainGraphqlWsClient(proxy.wsUrl);
      harness.cleanups.push(() => ws.dispose());

      const { stored, fresh, resumed } = await runCutLifecycle(
        harness.server,
        proxy,
        watchOver(ws),
      );
      expect(fresh.map(change)).toEqual(stored.slice(0, 2).map(change));
      expect(resumed.length).toBeGreaterThan(new Set(resumed.map((event) => event.cursor)).size);
    });
  });
}
