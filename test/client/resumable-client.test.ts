import { randomUUID } from 'node:crypto';
import { print } from 'graphql';
import { describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import { createResumableClient } from '../../client/src/index.js';
import { RecordingStatusChangedDocument } from '../__generated__/graphql.js';
import { deferred } from '../support/gateway.js';
import { cutHarness, plainGraphqlWsClient } from './support/harness.js';
import { change, expectExactlyOnce, runCutLifecycle, sinkWatch } from './support/scenario.js';
import type { TcpProxy } from './support/tcp-proxy.js';

/** The helper against a real gateway whose network is cut mid-lifecycle. */

const harness = cutHarness();
const { cleanups } = harness;
let proxy: TcpProxy;

async function freshProxy(): Promise<TcpProxy> {
  proxy = await harness.proxied();
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

    const result = await runCutLifecycle(harness.server, proxy, sinkWatch(client));

    expectExactlyOnce(result);
    // Two cuts: the one socket the helper holds was replaced twice.
    expect(proxy.accepted).toBeGreaterThanOrEqual(3);
  });

  it('notices a network that vanished without a close (no pong) and resumes all the same', {
    timeout: 120_000,
  }, async () => {
    await freshProxy();
    const terminated: unknown[] = [];
    const client = createResumableClient({
      url: proxy.wsUrl,
      webSocketImpl: WebSocket,
      retry: { initialDelayMs: 20, maxDelayMs: 200 },
      // Short, so the test does not wait long; a pong late on a loaded machine only costs a
      // reconnect, which this client survives by design.
      keepAliveMs: 100,
      pongTimeoutMs: 500,
      on: { closed: (event) => terminated.push((event as { code?: unknown }).code) },
    });
    cleanups.push(() => client.dispose());

    expectExactlyOnce(await runCutLifecycle(harness.server, proxy, sinkWatch(client), 'blackhole'));
    // graphql-ws' code for a socket the client gave up on.
    expect(terminated).toContain(4499);
  });

  it('is what graphql-ws alone does not do: it loses changes without a cursor and repeats them with one', {
    timeout: 120_000,
  }, async () => {
    await freshProxy();
    const client = plainGraphqlWsClient(proxy.wsUrl);
    cleanups.push(() => client.dispose());

    const { stored, fresh, resumed } = await runCutLifecycle(
      harness.server,
      proxy,
      sinkWatch(client),
    );

    expect(stored).toHaveLength(6);
    // Without `after` the changes made during the cuts never arrive...
    expect(fresh.map(change)).toEqual(stored.slice(0, 2).map(change));
    // ...and re-subscribing with the cursor it started from replays what it already had.
    const cursors = resumed.map((event) => event.cursor);
    expect(new Set(cursors).size).toBe(5);
    expect(cursors.length).toBeGreaterThan(5);
  });
});

describe('createResumableClient ending', () => {
  it('dispose completes every subscription and closes its socket', async () => {
    await freshProxy();
    const client = createResumableClient({ url: proxy.wsUrl, webSocketImpl: WebSocket });
    const { subscriptions, registered } = harness.server.subscriptions();
    const completed = deferred<void>();
    client.subscribe(
      { query: print(RecordingStatusChangedDocument), variables: { meetingId: randomUUID() } },
      { next: () => {}, error: completed.reject, complete: completed.resolve },
    );
    await vi.waitFor(() => expect(harness.server.subscriptions().registered).toBe(registered + 1));

    await client.dispose();
    await completed.promise;
    await vi.waitFor(() =>
      expect(harness.server.subscriptions().subscriptions).toBe(subscriptions),
    );
    await vi.waitFor(() => expect(proxy.open).toBe(0));
    // A disposed client takes no new subscription.
    const refused = deferred<unknown>();
    client.subscribe(
      { query: '{ __typename }' },
      { next: () => {}, error: refused.resolve, complete: () => {} },
    );
    expect(String(await refused.promise)).toContain('disposed');
    expect(proxy.accepted).toBe(1);
  });

  it('dispose during an outage ends at once, without waiting out the backoff or connecting again', async () => {
    await freshProxy();
    const closed = deferred<void>();
    const client = createResumableClient({
      url: proxy.wsUrl,
      webSocketImpl: WebSocket,
      // An hour: a dispose that waited for the retry would time the test out.
      retry: { initialDelayMs: 3_600_000, maxDelayMs: 3_600_000 },
      on: { closed: () => closed.resolve() },
    });
    const { registered } = harness.server.subscriptions();
    const completed = deferred<void>();
    client.subscribe(
      { query: print(RecordingStatusChangedDocument), variables: { meetingId: randomUUID() } },
      { next: () => {}, error: completed.reject, complete: completed.resolve },
    );
    await vi.waitFor(() => expect(harness.server.subscriptions().registered).toBe(registered + 1));
    proxy.cut();
    await closed.promise;
    // graphql-ws starts its retry wait in the promise jobs that follow the close: let them run.
    await new Promise((resolve) => setImmediate(resolve));

    await client.dispose();
    await completed.promise;
    expect([proxy.accepted, proxy.refused]).toEqual([1, 0]);
  });
});
