import type { KeyObject } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { RecordingStatusEvent } from '../../src/domain/model.js';
import { createEventFeed } from '../../src/events/feed.js';
import type { Database } from '../../src/events/sql/database.js';
import { createSqlEventStore } from '../../src/events/sql/store.js';
import type { EventFeed, EventStore } from '../../src/events/types.js';
import { createStatusConfirmer } from '../../src/reconciler/confirm.js';
import { createTokenBucket } from '../../src/reconciler/token-bucket.js';
import { createWebhookIntake } from '../../src/webhooks/intake.js';
import { createWebhookKeySource, type WebhookKeySource } from '../../src/webhooks/signature.js';
import { type GraphQLResponse, post as postTo } from '../support/http.js';
import { type Pair, rsaPair } from '../support/keys.js';
import { captureLogs, silentLogger } from '../support/logs.js';
import { openMemoryDatabase } from '../support/pglite.js';
import { type ScriptedStatuses, startScriptedStatuses } from '../support/scripted-statuses.js';
import {
  deliverSigned,
  newId,
  signBody,
  startKeyServer,
  startServer,
  statusUpdateBody,
  WEBHOOK_PATH,
} from './support.js';

let gatewayKey: Pair;
let otherKey: Pair;
let database: Database;
let upstream: ScriptedStatuses;
const cleanups: Array<() => Promise<void>> = [];

beforeAll(async () => {
  gatewayKey = rsaPair();
  otherKey = rsaPair();
  // One embedded database for the file; each test reads only what was stored after it began.
  database = await openMemoryDatabase();
  upstream = await startScriptedStatuses();
}, 30_000);

afterAll(async () => {
  await upstream?.close();
  await database?.close();
});

afterEach(async () => {
  upstream.failing = false;
  await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()));
});

/** An intake behind a real HTTP server, over the real event store and feed, with a log capture. */
async function setup(
  options: {
    keys?: WebhookKeySource;
    store?: EventStore;
    appId?: string;
    maxBodyBytes?: number;
  } = {},
) {
  const store = options.store ?? createSqlEventStore(database);
  const reader = createSqlEventStore(database);
  const since = await reader.latestCursor();
  const feed: EventFeed = await createEventFeed({
    store: reader,
    pollIntervalMs: 60_000,
    logger: silentLogger,
  });
  const logs = captureLogs('debug');
  const intake = createWebhookIntake({
    keys:
      options.keys ??
      createWebhookKeySource({ publicKeyPem: gatewayKey.pem, logger: silentLogger }),
    store,
    events: feed,
    confirmer: createStatusConfirmer({
      realtimeKit: upstream.realtimeKit,
      budget: createTokenBucket(1000),
      timeoutMs: 5_000,
      logger: silentLogger,
    }),
    logger: logs.logger,
    maxBodyBytes: options.maxBodyBytes ?? 16_384,
    ...(options.appId ? { appId: options.appId } : {}),
  });
  const live = feed.subscribe();
  const server = await startServer((req, res) => intake.handle(req, res));
  cleanups.push(async () => {
    await server.close();
    await live.return?.();
    await feed.close();
  });
  const url = `${server.url}${WEBHOOK_PATH}`;

  /** POSTs raw bytes, as JSON, with the given headers. */
  const post = (raw: string, headers: Record<string, string> = {}) =>
    postTo(server.url, raw, { path: WEBHOOK_PATH, headers });

  /** Delivers a body signed as RealtimeKit would, by `signer` (default: the gateway's key). */
  const deliver = (body: object | string, extra: { uuid?: string; signer?: KeyObject } = {}) =>
    deliverSigned(
      server.url,
      typeof body === 'string' ? body : JSON.stringify(body),
      extra.signer ?? gatewayKey.privateKey,
      { 'rtk-uuid': extra.uuid ?? newId(), 'rtk-webhook-id': 'webhook-1' },
    );

  return {
    intake,
    store,
    feed,
    url,
    post,
    deliver,
    logs,
    /** Every event stored since this setup, in cursor order: what subscribers may see. */
    published: (): Promise<RecordingStatusEvent[]> => reader.readAfter(since, 10_000),
    /** The next event the live feed hands out (the intake rang its doorbell). */
    nextLive: async (): Promise<RecordingStatusEvent | undefined> => (await live.next()).value,
  };
}

/** The status and JSON body of an answer, from the kit's `post` or a plain `fetch`. */
async function answer(
  response: Response | GraphQLResponse,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const body = response instanceof Response ? await response.json() : response.body;
  return { status: response.status, body };
}

describe('webhook intake: signatures', () => {
  it('accepts a valid delivery and publishes exactly one event with its fields', async () => {
    const { deliver, published, intake } = await setup();
    const recordingId = newId();
    const meetingId = newId();
    const before = new Date().toISOString();
    const response = await deliver(
      statusUpdateBody(
        { id: recordingId, status: 'RECORDING', meetingId, fileSize: '12345' },
        { id: meetingId, title: 'Standup' },
      ),
    );
    expect(await answer(response)).toEqual({ status: 200, body: { status: 'accepted' } });
    const events = await published();
    expect(events).toHaveLength(1);
    const [event] = events;
    expect(event).toMatchObject({
      recordingId,
      meetingId,
      status: 'RECORDING',
      previousStatus: null,
      recording: {
        id: recordingId,
        status: 'RECORDING',
        fileSize: 12345,
        meeting: { title: 'Standup' },
      },
    });
    expect(event?.cursor).toMatch(/^\d+$/);
    const occurredAt = event?.occurredAt ?? '';
    expect(occurredAt >= before && occurredAt <= new Date().toISOString()).toBe(true);
    expect(intake.stats()).toMatchObject({ received: 1, accepted: 1 });
  });

  it('refuses a missing or empty signature with 401', async () => {
    const { post, published, intake } = await setup();
    const raw = JSON.stringify(statusUpdateBody({ id: newId(), status: 'RECORDING' }));
    expect(await answer(await post(raw))).toEqual({
      status: 401,
      body: { error: 'missing signature' },
    });
    expect((await post(raw, { 'rtk-signature': '' })).status).toBe(401);
    expect(await published()).toEqual([]);
    expect(intake.stats().rejected.unauthorized).toBe(2);
  });

  it('refuses a signature made with another key', async () => {
    const { deliver, published } = await setup();
    const body = statusUpdateBody({ id: newId(), status: 'RECORDING' });
    const response = await deliver(body, { signer: otherKey.privateKey });
    expect(await answer(response)).toEqual({ status: 401, body: { error: 'invalid signature' } });
    expect(await published()).toEqual([]);
  });

  it('refuses a body altered by one byte, and the same JSON re-serialised', async () => {
    const { post, published } = await setup();
    const body = statusUpdateBody({ id: newId(), status: 'RECORDING', fileSize: 100 });
    const raw = JSON.stringify(body);
    const signature = signBody(raw, gatewayKey.privateKey);
    const altered = raw.replace('100', '101');
    expect(altered).toHaveLength(raw.length);
    expect((await post(altered, { 'rtk-signature': signature })).status).toBe(401);

    const { event, recording } = body as { event: string; recording: Record<string, unknown> };
    const reordered = JSON.stringify({ recording, event }, null, 2);
    expect(JSON.parse(reordered)).toEqual(body);
    expect((await post(reordered, { 'rtk-signature': signature })).status).toBe(401);
    expect((await post(raw, { 'rtk-signature': signature })).status).toBe(200);
    expect(await published()).toHaveLength(1);
  });

  it('answers 400 to a validly signed body that is not JSON', async () => {
    const { deliver, published, intake, url } = await setup();
    expect(await answer(await deliver('{"event": "recording.statusUpdate",'))).toEqual({
      status: 400,
      body: { error: 'body is not valid JSON' },
    });
    expect(
      await answer(await deliver(statusUpdateBody({ id: 'nope', status: 'RECORDING' }))),
    ).toEqual({ status: 400, body: { error: 'recording.id: must be a UUID' } });
    const latin1 = Buffer.from('{"event":"r\xe9"}', 'latin1');
    const response = await fetch(url, {
      method: 'POST',
      body: new Blob([latin1]),
      headers: { 'rtk-signature': signBody(latin1, gatewayKey.privateKey) },
    });
    expect(await answer(response)).toEqual({
      status: 400,
      body: { error: 'body is not valid UTF-8' },
    });
    expect(await published()).toEqual([]);
    expect(intake.stats().rejected.malformed).toBe(3);
  });
});

describe('webhook intake: HTTP edges', () => {
  it('answers 413 at once when content-length is over the cap', async () => {
    const { post, intake } = await setup({ maxBodyBytes: 1_024 });
    const response = await post('x'.repeat(4_096), { 'rtk-signature': 'AAAA' });
    expect(await answer(response)).toEqual({ status: 413, body: { error: 'body too large' } });
    expect(intake.stats().rejected.too_large).toBe(1);
  });

  it('answers 413 when a streamed body without content-length crosses the cap', async () => {
    const { url, intake } = await setup({ maxBodyBytes: 1_024 });
    const chunk = new TextEncoder().encode('y'.repeat(512));
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        sent += 1;
        if (sent > 8) controller.close();
        else controller.enqueue(chunk);
      },
    });
    const response = await fetch(url, {
      method: 'POST',
      body: stream,
      headers: { 'rtk-signature': 'AAAA' },
      duplex: 'half',
    } as RequestInit);
    expect(await answer(response)).toEqual({ status: 413, body: { error: 'body too large' } });
    expect(intake.stats().rejected.too_large).toBe(1);
  });

  it('answers 405 with Allow to anything but POST', async () => {
    const { url } = await setup();
    const response = await fetch(url);
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('POST');
  });
});

describe('webhook intake: event semantics', () => {
  it('answers a repeated delivery, or the same bytes again, with 200 and no second event', async () => {
    const { deliver, published, intake } = await setup();
    const body = statusUpdateBody({ id: newId(), status: 'UPLOADING' });
    const uuid = newId();
    expect(await answer(await deliver(body, { uuid }))).toEqual({
      status: 200,
      body: { status: 'accepted' },
    });
    expect(await answer(await deliver(body, { uuid }))).toEqual({
      status: 200,
      body: { status: 'duplicate' },
    });
    // A retry that changed its rtk-uuid: the recording is already UPLOADING, so it changes nothing.
    expect(await answer(await deliver(body, { uuid: newId() }))).toEqual({
      status: 200,
      body: { status: 'unchanged' },
    });
    expect(await published()).toHaveLength(1);
    expect(intake.stats()).toMatchObject({ accepted: 1, duplicates: 1, unchanged: 1 });
  });

  it('does not publish a late UPLOADING after UPLOADED', async () => {
    const { deliver, published, intake } = await setup();
    const id = newId();
    expect((await deliver(statusUpdateBody({ id, status: 'UPLOADED' }))).status).toBe(200);
    expect(await answer(await deliver(statusUpdateBody({ id, status: 'UPLOADING' })))).toEqual({
      status: 200,
      body: { status: 'stale' },
    });
    expect((await published()).map((event) => event.status)).toEqual(['UPLOADED']);
    expect(intake.stats().stale).toBe(1);
  });

  it('publishes pauses and resumes whose bytes repeat, each confirmed with upstream', async () => {
    const { deliver, published } = await setup();
    const id = newId();
    const lookups = upstream.lookups.length;
    // As RealtimeKit sends them: no time of change, so every RECORDING (and every PAUSED) body is
    // the same bytes; only the rtk-uuid differs.
    const sequence = ['RECORDING', 'PAUSED', 'RECORDING', 'PAUSED', 'RECORDING'] as const;
    for (const status of sequence) {
      upstream.set(id, status);
      const body = JSON.stringify(
        statusUpdateBody({ id, status, startedTime: '2026-11-27 01:02:03.000000' }),
      );
      expect(await answer(await deliver(body))).toEqual({
        status: 200,
        body: { status: 'accepted' },
      });
    }
    const events = await published();
    expect(events.map((event) => [event.previousStatus, event.status])).toEqual([
      [null, 'RECORDING'],
      ['RECORDING', 'PAUSED'],
      ['PAUSED', 'RECORDING'],
      ['RECORDING', 'PAUSED'],
      ['PAUSED', 'RECORDING'],
    ]);
    const cursors = events.map((event) => event.cursor);
    expect([...cursors].sort()).toEqual(cursors);
    expect(new Set(cursors).size).toBe(5);
    // One upstream GET per alternation; the first delivery needed none.
    expect(upstream.lookups.slice(lookups)).toEqual([id, id, id, id]);
  });

  it('never publishes a PAUSED that arrives after the resume it preceded', async () => {
    const { deliver, published, intake } = await setup();
    const id = newId();
    upstream.set(id, 'RECORDING');
    const recording = statusUpdateBody({ id, status: 'RECORDING' });
    const paused = statusUpdateBody({ id, status: 'PAUSED' });
    // Truth: RECORDING, PAUSED, RECORDING. The resume (same bytes as the first) overtook the pause.
    expect((await answer(await deliver(recording))).body.status).toBe('accepted');
    expect((await answer(await deliver(recording))).body.status).toBe('unchanged');
    expect(await answer(await deliver(paused))).toEqual({ status: 200, body: { status: 'stale' } });
    expect((await published()).map((event) => event.status)).toEqual(['RECORDING']);
    expect(intake.stats()).toMatchObject({ accepted: 1, unchanged: 1, stale: 1 });
  });

  it('keeps a move upstream cannot confirm for the reconciler, answering 200', async () => {
    const { deliver, published, intake, store } = await setup();
    const id = newId();
    upstream.set(id, 'PAUSED');
    expect(
      (await answer(await deliver(statusUpdateBody({ id, status: 'RECORDING' })))).status,
    ).toBe(200);
    upstream.failing = true;
    const uuid = newId();
    const paused = statusUpdateBody({ id, status: 'PAUSED' });
    expect(await answer(await deliver(paused, { uuid }))).toEqual({
      status: 200,
      body: { status: 'deferred' },
    });
    // RealtimeKit retrying the same delivery costs no second question.
    const lookups = upstream.lookups.length;
    expect((await answer(await deliver(paused, { uuid }))).body.status).toBe('duplicate');
    expect(upstream.lookups.length).toBe(lookups);
    expect((await published()).map((event) => event.status)).toEqual(['RECORDING']);
    expect(intake.stats()).toMatchObject({ accepted: 1, deferred: 1, duplicates: 1 });
    const queued = await store.pendingRecordings({
      idleBefore: '2000-01-01T00:00:00.000Z',
      checkedBefore: '2000-01-01T00:00:00.000Z',
      limit: 100,
    });
    expect(queued.map((entry) => entry.recordingId)).toContain(id);
  });

  it('acknowledges and counts other event kinds without storing them', async () => {
    const { deliver, published, intake } = await setup();
    for (const event of ['meeting.started', 'meeting.started', 'livestreaming.statusUpdate']) {
      expect(await answer(await deliver({ event, meeting: { id: newId() } }))).toEqual({
        status: 200,
        body: { status: 'ignored' },
      });
    }
    expect(await published()).toEqual([]);
    expect(intake.stats().ignoredEvents).toEqual({
      'meeting.started': 2,
      'livestreaming.statusUpdate': 1,
    });
  });

  it("refuses another app's events with 403 when an app id is configured", async () => {
    const appId = newId();
    const { deliver, published, intake } = await setup({ appId });
    const id = newId();
    const foreign = statusUpdateBody({ id, status: 'RECORDING', organizationId: newId() });
    expect(await answer(await deliver(foreign))).toEqual({
      status: 403,
      body: { error: 'webhook belongs to another app' },
    });
    const own = statusUpdateBody({ id, status: 'RECORDING', organizationId: appId.toUpperCase() });
    expect((await deliver(own)).status).toBe(200);
    upstream.set(id, 'PAUSED');
    expect((await deliver(statusUpdateBody({ id, status: 'PAUSED' }))).status).toBe(200);
    expect((await published()).map((event) => event.status)).toEqual(['RECORDING', 'PAUSED']);
    expect(intake.stats().rejected.wrong_app).toBe(1);
  });

  it('normalises a loosely typed payload', async () => {
    const { deliver, published } = await setup();
    const id = newId();
    const meetingId = newId();
    const body = statusUpdateBody(
      {
        id,
        status: 'UPLOADED',
        fileSize: '12345',
        recordingDuration: '61',
        startedTime: '2026-11-22 01:02:03.123456',
        stoppedTime: '2026-11-22T01:03:04.654321',
        downloadUrlExpiry: '2026-11-29 01:03:04',
      },
      {
        id: meetingId,
        sessionId: newId(),
        status: 'LIVE',
        createdAt: '2026-11-22 00:00:00.000001',
      },
    );
    expect((await deliver(body)).status).toBe(200);
    const [event] = await published();
    expect(event?.meetingId).toBe(meetingId);
    expect(event?.recording).toMatchObject({
      fileSize: 12345,
      recordingDuration: 61,
      startedTime: '2026-11-22T01:02:03.123Z',
      stoppedTime: '2026-11-22T01:03:04.654Z',
      downloadUrlExpiry: '2026-11-29T01:03:04.000Z',
      meeting: { id: meetingId, status: null, createdAt: '2026-11-22T00:00:00.000Z' },
    });
  });

  it('stores text Postgres cannot hold (NUL, a lone surrogate) as U+FFFD instead of refusing the delivery on every retry', async () => {
    const { deliver, published } = await setup();
    const id = newId();
    // As RealtimeKit's JSON could spell them: escapes the UTF-8 body carries as plain ASCII.
    const body = JSON.stringify(
      statusUpdateBody({ id, status: 'INVOKED', outputFileName: 'OUT_NUL' }, null),
    ).replace('OUT_NUL', 'a\\u0000b\\ud800c');
    const withOrganization = body.replace('"event":', '"organizationId":"org\\udc00","event":');
    expect((await deliver(withOrganization)).status).toBe(200);
    const [event] = await published();
    expect(event?.recordingId).toBe(id);
    expect(event?.recording.outputFileName).toBe('a\uFFFDb\uFFFDc');
  });
});

describe('webhook intake: keys and availability', () => {
  async function keyServer(pem: string) {
    const server = await startKeyServer(pem);
    cleanups.push(server.close);
    return server;
  }

  it('verifies with a key fetched from the key URL, written with literal \\n', async () => {
    const server = await keyServer(gatewayKey.pem);
    const keys = createWebhookKeySource({ keyUrl: server.url, logger: silentLogger });
    const { deliver, published } = await setup({ keys });
    expect((await deliver(statusUpdateBody({ id: newId(), status: 'INVOKED' }))).status).toBe(200);
    expect((await deliver(statusUpdateBody({ id: newId(), status: 'INVOKED' }))).status).toBe(200);
    expect(await published()).toHaveLength(2);
    expect(server.hits()).toBe(1);
  });

  it('follows a key rotation with a single re-fetch', async () => {
    const server = await keyServer(gatewayKey.pem);
    const keys = createWebhookKeySource({ keyUrl: server.url, logger: silentLogger });
    const { deliver, published } = await setup({ keys });
    const id = newId();
    expect((await deliver(statusUpdateBody({ id, status: 'RECORDING' }))).status).toBe(200);
    server.serve(otherKey.pem);
    const rotated = statusUpdateBody({ id, status: 'UPLOADING' });
    expect((await deliver(rotated, { signer: otherKey.privateKey })).status).toBe(200);
    expect(server.hits()).toBe(2);
    expect((await published()).map((event) => event.status)).toEqual(['RECORDING', 'UPLOADING']);
  });

  it('re-fetches at most once for a flood of bad signatures', async () => {
    const server = await keyServer(gatewayKey.pem);
    const keys = createWebhookKeySource({ keyUrl: server.url, logger: silentLogger });
    const { deliver, published, intake } = await setup({ keys });
    expect((await deliver(statusUpdateBody({ id: newId(), status: 'INVOKED' }))).status).toBe(200);
    const forged = Array.from({ length: 30 }, () =>
      deliver(statusUpdateBody({ id: newId(), status: 'RECORDING' }), {
        signer: otherKey.privateKey,
      }),
    );
    const statuses = (await Promise.all(forged)).map((response) => response.status);
    expect(new Set(statuses)).toEqual(new Set([401]));
    expect(server.hits()).toBe(2);
    expect(await published()).toHaveLength(1);
    expect(intake.stats().rejected.unauthorized).toBe(30);
  });

  it('answers 503 and publishes nothing when the key URL is down', async () => {
    const server = await keyServer(gatewayKey.pem);
    server.serve(null);
    const keys = createWebhookKeySource({ keyUrl: server.url, logger: silentLogger });
    const { deliver, published, intake } = await setup({ keys });
    expect(
      await answer(await deliver(statusUpdateBody({ id: newId(), status: 'INVOKED' }))),
    ).toEqual({
      status: 503,
      body: { error: 'signature key unavailable, retry later' },
    });
    expect(await published()).toEqual([]);
    expect(intake.stats().rejected.unavailable).toBe(1);
  });

  it('answers 503 and publishes nothing when the store is closed', async () => {
    const store = createSqlEventStore(database);
    const { deliver, published, intake } = await setup({ store });
    await store.close();
    expect(
      await answer(await deliver(statusUpdateBody({ id: newId(), status: 'INVOKED' }))),
    ).toEqual({
      status: 503,
      body: { error: 'event store unavailable, retry later' },
    });
    expect(await published()).toEqual([]);
    expect(intake.stats().rejected.unavailable).toBe(1);
  });

  it('answers 500 to an unexpected failure without echoing anything', async () => {
    const store: EventStore = {
      ...createSqlEventStore(database),
      accept: async () => {
        throw new Error('disk on fire');
      },
    };
    const { deliver, published, logs } = await setup({ store });
    const uuid = newId();
    const response = await deliver(statusUpdateBody({ id: newId(), status: 'INVOKED' }), { uuid });
    expect(await answer(response)).toEqual({ status: 500, body: { error: 'internal error' } });
    expect(await published()).toEqual([]);
    expect(logs.lines.some((line) => line.includes(uuid) && line.includes('disk on fire'))).toBe(
      true,
    );
  });

  it('rings the feed so live subscribers get the stored event at once', async () => {
    const { deliver, nextLive } = await setup();
    const id = newId();
    expect((await deliver(statusUpdateBody({ id, status: 'INVOKED' }))).status).toBe(200);
    expect(await nextLive()).toMatchObject({
      recordingId: id,
      status: 'INVOKED',
      source: 'WEBHOOK',
    });
  });

  it('logs the delivery id and outcome, never the signature or the body', async () => {
    const { deliver, logs } = await setup();
    const uuid = newId();
    const marker = 'Secret-Title-Marker';
    const raw = JSON.stringify(
      statusUpdateBody({ id: newId(), status: 'INVOKED' }, { title: marker }),
    );
    expect((await deliver(raw, { uuid })).status).toBe(200);
    expect((await deliver(raw, { uuid, signer: otherKey.privateKey })).status).toBe(401);
    const signature = signBody(raw, gatewayKey.privateKey);
    const lines = logs.text();
    expect(lines).toContain(uuid);
    expect(lines).toContain('"outcome":"accepted"');
    expect(lines).toContain('"outcome":"unauthorized"');
    expect(lines).not.toContain(signature.slice(0, 40));
    expect(lines).not.toContain(marker);
  });
});
