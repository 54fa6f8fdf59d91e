import { randomUUID } from 'node:crypto';
import { print } from 'graphql';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import { RecordingStatusChangedDocument } from './__generated__/graphql.js';
import { makeRecording, makeUpdate } from './events/support.js';
import { eventually } from './support/time.js';
import { startWebhookGateway, type WebhookGateway } from './support/webhook-gateway.js';
import { statusUpdateBody } from './webhooks/support.js';

/**
 * Shared execution over real graphql-ws sockets: subscribers of the same operation, variables and
 * visibility share one execution per event, each still gets every event under its own id, a
 * resuming subscriber joins without gap or repeat, a socket that stops reading is closed, and the
 * per-socket and per-client limits hold.
 */

let gateway: WebhookGateway;
const query = print(RecordingStatusChangedDocument);
const stats = () => gateway.server.subscriptions();
const feedSubscribers = () => gateway.server.app.events.subscribers;

beforeAll(async () => {
  gateway = await startWebhookGateway({
    SUBSCRIPTIONS_PER_SOCKET: '100',
    SUBSCRIPTIONS_PER_CLIENT: '150',
    WS_MAX_BUFFERED_BYTES: '16384',
  });
}, 60_000);
afterAll(() => gateway?.stop());
// Each test closes what it opened; the next starts once the gateway has let go of it all.
afterEach(async () => {
  await vi.waitFor(() => expect(stats()).toMatchObject({ subscriptions: 0, sharedExecutions: 0 }), {
    timeout: 30_000,
  });
});

/** Forward moves only: they need no upstream confirmation. */
const LIFECYCLE = ['INVOKED', 'RECORDING', 'UPLOADING', 'UPLOADED'] as const;

async function deliverLifecycle(meetingId: string, recordingId = randomUUID()): Promise<string> {
  for (const status of LIFECYCLE) {
    expect(await gateway.deliver(statusUpdateBody({ id: recordingId, status, meetingId }))).toBe(
      200,
    );
  }
  return recordingId;
}

/** A graphql-ws connection spoken by hand, so a test can stop reading from it. */
async function rawSocket(claims: Record<string, unknown> = {}) {
  const socket = new WebSocket(
    `${gateway.server.url.replace('http', 'ws')}/graphql`,
    'graphql-transport-ws',
  );
  const messages: Array<{ id?: string; type: string; payload?: unknown }> = [];
  socket.on('message', (data) => messages.push(JSON.parse(String(data))));
  const closed = new Promise<number>((resolve) => socket.once('close', (code) => resolve(code)));
  await new Promise((resolve) => socket.once('open', resolve));
  const authorization = `Bearer ${await gateway.token(claims)}`;
  socket.send(JSON.stringify({ type: 'connection_init', payload: { authorization } }));
  await vi.waitFor(
    () => expect(messages.some((m) => m.type === 'connection_ack')).toBe(true),
    eventually,
  );
  return {
    socket,
    messages,
    closed,
    subscribe(id: string, variables: Record<string, unknown>) {
      socket.send(JSON.stringify({ id, type: 'subscribe', payload: { query, variables } }));
    },
    complete(id: string) {
      socket.send(JSON.stringify({ id, type: 'complete' }));
    },
    nexts(id: string) {
      return messages.filter((m) => m.id === id && m.type === 'next');
    },
  };
}

describe('shared subscription execution', () => {
  it('runs one execution for many subscribers of one operation, each served under its own id', async () => {
    const meetingId = randomUUID();
    const before = stats();
    const feedBefore = feedSubscribers();
    const watches = await Promise.all(
      Array.from({ length: 20 }, () =>
        gateway.subscribe(RecordingStatusChangedDocument, { meetingId }),
      ),
    );
    await vi.waitFor(
      () => expect(stats().subscriptions).toBe(before.subscriptions + 20),
      eventually,
    );
    // Twenty subscribers, one shared execution reading the feed.
    expect(stats().sharedExecutions).toBe(before.sharedExecutions + 1);
    expect(feedSubscribers()).toBe(feedBefore + 1);

    const recordingId = await deliverLifecycle(meetingId);
    for (const watch of watches) {
      await vi.waitFor(() => expect(watch.events).toHaveLength(4), { timeout: 30_000 });
      expect(watch.events.map((event) => event.recordingStatusChanged.status)).toEqual([
        ...LIFECYCLE,
      ]);
      expect(
        new Set(watch.events.map((event) => event.recordingStatusChanged.recordingId)),
      ).toEqual(new Set([recordingId]));
    }
    await Promise.all(watches.map((watch) => watch.close()));
    // The last one out stops the execution.
    await vi.waitFor(
      () =>
        expect(stats()).toMatchObject({
          subscriptions: before.subscriptions,
          sharedExecutions: before.sharedExecutions,
        }),
      eventually,
    );
    await vi.waitFor(() => expect(feedSubscribers()).toBe(feedBefore), eventually);
  });

  it('never shows a viewer an event its meeting_ids exclude, sharing only among equal visibility', async () => {
    const [a, b] = [randomUUID(), randomUUID()];
    const before = stats();
    const onlyA = await gateway.subscribe(RecordingStatusChangedDocument, {}, { meeting_ids: [a] });
    const alsoOnlyA = await gateway.subscribe(
      RecordingStatusChangedDocument,
      {},
      { meeting_ids: [a] },
    );
    const both = await gateway.subscribe(
      RecordingStatusChangedDocument,
      {},
      { meeting_ids: [b, a] },
    );
    const onlyB = await gateway.subscribe(RecordingStatusChangedDocument, {}, { meeting_ids: [b] });
    const none = await gateway.subscribe(RecordingStatusChangedDocument, {}, { meeting_ids: [] });
    await vi.waitFor(
      () => expect(stats().subscriptions).toBe(before.subscriptions + 5),
      eventually,
    );
    // [a] twice shares; [a, b], [b] and [] each run their own.
    expect(stats().sharedExecutions).toBe(before.sharedExecutions + 4);

    const inA = await deliverLifecycle(a);
    const inB = await deliverLifecycle(b);
    const seen = (watch: typeof onlyA) =>
      watch.events.map((event) => event.recordingStatusChanged.recordingId);
    await vi.waitFor(() => expect(seen(both)).toHaveLength(8), { timeout: 30_000 });
    await vi.waitFor(() => expect(seen(onlyB)).toHaveLength(4), { timeout: 30_000 });
    // Everything stored has reached every stream by now (they share one feed, in cursor order).
    await vi.waitFor(() => expect(seen(alsoOnlyA)).toHaveLength(4), { timeout: 30_000 });
    expect(new Set(seen(onlyA))).toEqual(new Set([inA]));
    expect(seen(onlyA)).toHaveLength(4);
    expect(new Set(seen(onlyB))).toEqual(new Set([inB]));
    expect(new Set(seen(both))).toEqual(new Set([inA, inB]));
    expect(none.events).toEqual([]);
    for (const watch of [onlyA, alsoOnlyA, both, onlyB, none]) {
      expect(watch.errors).toEqual([]);
      await watch.close();
    }
  });

  it('replays a resuming subscriber on its own, then joins the shared stream with no gap or repeat', async () => {
    const meetingId = randomUUID();
    const live = await gateway.subscribe(RecordingStatusChangedDocument, { meetingId });
    await deliverLifecycle(meetingId);
    await vi.waitFor(() => expect(live.events).toHaveLength(4), { timeout: 30_000 });
    const [first] = live.events;
    const after = first?.recordingStatusChanged.cursor;
    const groupsBefore = stats().sharedExecutions;

    // Resume after the first event while more keep arriving.
    const writing = (async () => {
      for (let n = 0; n < 5; n += 1) await deliverLifecycle(meetingId);
    })();
    const resumed = await gateway.subscribe(RecordingStatusChangedDocument, { meetingId, after });
    await writing;
    await vi.waitFor(() => expect(live.events).toHaveLength(24), { timeout: 60_000 });
    await vi.waitFor(() => expect(resumed.events).toHaveLength(23), { timeout: 60_000 });
    const cursors = (watch: typeof live) =>
      watch.events.map((event) => event.recordingStatusChanged.cursor);
    expect(cursors(resumed)).toEqual(cursors(live).slice(1));
    // Once caught up it runs on the same shared execution as the live subscriber.
    expect(stats().sharedExecutions).toBe(groupsBefore);
    await live.close();
    await resumed.close();
  });

  it('closes a socket that stops reading with 1013, and keeps serving its peers', async () => {
    const meetingId = randomUUID();
    const peer = await gateway.subscribe(RecordingStatusChangedDocument, { meetingId });
    const slow = await rawSocket();
    const base = stats().subscriptions;
    // A hundred subscriptions on one socket turn each event into a hundred messages.
    for (let n = 0; n < 100; n += 1) slow.subscribe(`s${n}`, { meetingId });
    await vi.waitFor(() => expect(stats().subscriptions).toBe(base + 100), eventually);
    slow.socket.pause();

    // Until the server gives up on it (a few MB of unread messages fill the socket buffers).
    let delivered = 0;
    while (stats().subscriptions > base && delivered < 400) {
      await deliverLifecycle(meetingId);
      delivered += 1;
    }
    // Its hundred subscriptions are gone; the peer got everything.
    await vi.waitFor(() => expect(stats().subscriptions).toBe(base), { timeout: 60_000 });
    await vi.waitFor(() => expect(peer.events).toHaveLength(delivered * 4), { timeout: 60_000 });
    slow.socket.resume();
    expect([1013, 1006]).toContain(await slow.closed);
    await peer.close();
  });

  it('refuses subscriptions beyond the per-socket and per-client limits, and frees them on complete', async () => {
    const meetingId = randomUUID();
    const first = await rawSocket({ sub: 'limited-client' });
    for (let n = 0; n < 101; n += 1) first.subscribe(`a${n}`, { meetingId });
    await vi.waitFor(
      () => expect(first.messages.filter((m) => m.type === 'error')).toHaveLength(1),
      eventually,
    );
    const [refused] = first.messages.filter((m) => m.type === 'error');
    expect(refused).toMatchObject({
      id: 'a100',
      payload: [{ extensions: { code: 'RATE_LIMITED' } }],
    });

    // The same client on a second socket: 150 in all.
    const second = await rawSocket({ sub: 'limited-client' });
    for (let n = 0; n < 51; n += 1) second.subscribe(`b${n}`, { meetingId });
    await vi.waitFor(
      () => expect(second.messages.filter((m) => m.type === 'error')).toHaveLength(1),
      eventually,
    );
    expect(second.messages.find((m) => m.type === 'error')).toMatchObject({ id: 'b50' });

    // Completing one frees its slot.
    const served = stats().subscriptions;
    first.complete('a0');
    await vi.waitFor(() => expect(stats().subscriptions).toBe(served - 1), eventually);
    second.subscribe('c0', { meetingId });
    await vi.waitFor(() => expect(stats().subscriptions).toBe(served), eventually);
    expect(second.messages.filter((m) => m.type === 'error')).toHaveLength(1);
    first.socket.close();
    second.socket.close();
    await Promise.all([first.closed, second.closed]);
  });
});

describe('a resuming subscriber whose replay runs ahead of the live feed', () => {
  it('joins the shared stream after what it replayed: no repeat of an event the feed had not read yet', async () => {
    // The feed reads only when rung: an event stored without a ring (as another replica's, before
    // its ring arrives) is in the store, where a replay finds it, and not yet in the feed.
    const lagging = await startWebhookGateway({ EVENT_POLL_INTERVAL_MS: '60000' });
    try {
      const { store, events } = lagging.server.app;
      const meetingId = randomUUID();
      const recordingId = randomUUID();
      const deliver = async (status: string) =>
        expect(
          await lagging.deliver(statusUpdateBody({ id: recordingId, status, meetingId })),
        ).toBe(200);
      const statuses = (watch: { events: Array<{ recordingStatusChanged: { status: string } }> }) =>
        watch.events.map((event) => event.recordingStatusChanged.status);

      const live = await lagging.subscribe(RecordingStatusChangedDocument, { meetingId });
      await deliver('INVOKED');
      await vi.waitFor(() => expect(live.events).toHaveLength(1), eventually);
      const after = live.events[0]?.recordingStatusChanged.cursor;

      await store.accept(makeUpdate(makeRecording(recordingId, 'RECORDING', { meetingId })));
      const resumed = await lagging.subscribe(RecordingStatusChangedDocument, { meetingId, after });
      await vi.waitFor(() => expect(statuses(resumed)).toEqual(['RECORDING']), eventually);
      // Joined: only the shared execution's own feed subscription is left.
      await vi.waitFor(() => expect(events.subscribers).toBe(1), eventually);

      events.notify();
      await deliver('UPLOADING');
      await vi.waitFor(() => expect(statuses(live)).toContain('UPLOADING'), eventually);
      await vi.waitFor(() => expect(statuses(resumed)).toContain('UPLOADING'), eventually);
      expect(statuses(live)).toEqual(['INVOKED', 'RECORDING', 'UPLOADING']);
      expect(statuses(resumed)).toEqual(['RECORDING', 'UPLOADING']);
      await live.close();
      await resumed.close();
    } finally {
      await lagging.stop();
    }
  });
});
