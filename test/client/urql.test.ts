import {
  cacheExchange,
  fetchExchange,
  subscriptionExchange,
  Client as UrqlClient,
} from '@urql/core';
import { type Client, createClient } from 'graphql-ws';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createResumableClient } from '../../client/src/index.js';
import type { GatewayServer } from '../../src/transport/server.js';
import { RecordingStatusChangedDocument } from '../__generated__/graphql.js';
import { startTestServer } from '../support/gateway.js';
import {
  change,
  expectExactlyOnce,
  type OpenWatch,
  runCutLifecycle,
  type Watch,
} from './support/scenario.js';
import { startTcpProxy, type TcpProxy } from './support/tcp-proxy.js';

/** The README's urql set-up, against a real gateway whose network is cut. */

let server: GatewayServer;
// The gateway runs with AUTH_MODE=none here, which ignores tokens; the set-up is the README's.
const currentToken = () => 'a-token';
const cleanups: Array<() => unknown> = [];

beforeAll(async () => {
  // The proxy's own port is in the `Host` the client sends.
  server = await startTestServer({ ALLOWED_HOSTS: '127.0.0.1' });
});
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});
afterAll(() => server?.stop());

/** urql as the README sets it up: subscriptions over `ws`, the rest over HTTP with a token. */
function urqlOver(ws: Client): UrqlClient {
  return new UrqlClient({
    url: `${server.url}/graphql`,
    fetchOptions: () => ({ headers: { authorization: `Bearer ${currentToken()}` } }),
    exchanges: [
      cacheExchange,
      fetchExchange,
      subscriptionExchange({
        forwardSubscription(request) {
          const input = { ...request, query: request.query || '' };
          return {
            subscribe(sink) {
              const unsubscribe = ws.subscribe(input, sink);
              return { unsubscribe };
            },
          };
        },
      }),
    ],
  });
}

function urqlWatch(urql: UrqlClient): OpenWatch {
  return (variables) => {
    const watch: Watch = { events: [], errors: [], close: () => subscription.unsubscribe() };
    const subscription = urql
      .subscription(RecordingStatusChangedDocument, variables)
      .subscribe(({ data, error }) => {
        if (error) watch.errors.push(error);
        if (data) watch.events.push(data.recordingStatusChanged);
      });
    return watch;
  };
}

async function proxied(): Promise<TcpProxy> {
  const proxy = await startTcpProxy(server.url);
  cleanups.push(() => proxy.close());
  return proxy;
}

describe('urql 6 with subscriptionExchange', () => {
  it('over the helper, delivers every change once, in order, across network cuts', {
    timeout: 120_000,
  }, async () => {
    const proxy = await proxied();
    const ws = createResumableClient({
      url: proxy.wsUrl,
      webSocketImpl: WebSocket,
      retry: { initialDelayMs: 20, maxDelayMs: 200 },
    });
    cleanups.push(() => ws.dispose());

    expectExactlyOnce(await runCutLifecycle(server, proxy, urqlWatch(urqlOver(ws))));
  });

  it('over graphql-ws alone, re-subscribes with the variables it started with: loses and repeats', {
    timeout: 120_000,
  }, async () => {
    const proxy = await proxied();
    const ws = createClient({
      url: proxy.wsUrl,
      webSocketImpl: WebSocket,
      retryAttempts: Number.POSITIVE_INFINITY,
      shouldRetry: () => true,
      retryWait: () => new Promise((resolve) => setTimeout(resolve, 50)),
    });
    cleanups.push(() => ws.dispose());

    const { stored, fresh, resumed } = await runCutLifecycle(
      server,
      proxy,
      urqlWatch(urqlOver(ws)),
    );
    expect(fresh.map(change)).toEqual(stored.slice(0, 2).map(change));
    expect(resumed.length).toBeGreaterThan(new Set(resumed.map((event) => event.cursor)).size);
  });
});
