import { createHash, verify } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createCloudflareClient } from '../src/datasources/cloudflare-client.js';
import type { RealtimeKitDataSource } from '../src/datasources/source.js';
import type { Recording } from '../src/domain/model.js';
import type { Database } from '../src/events/sql/database.js';
import { createSqlEventStore } from '../src/events/sql/store.js';
import type { AcceptOutcome, EventStore, StatusUpdate } from '../src/events/types.js';
import { acceptConfirmed, createStatusConfirmer } from '../src/reconciler/confirm.js';
import { createReconciler } from '../src/reconciler/reconciler.js';
import { createTokenBucket } from '../src/reconciler/token-bucket.js';
import { type Simulator, startSimulator } from '../src/simulator/index.js';
import { parseWebhookPayload } from '../src/webhooks/normalise.js';
import {
  ACCOUNT_ID,
  API_TOKEN,
  APP_ID,
  createHarness,
  freshMeetingId,
  waitForStatus,
} from './datasources/harness.js';
import { silentLogger } from './support/logs.js';
import { openMemoryDatabase } from './support/pglite.js';

const MINUTE = 60_000;
const logger = silentLogger;

let sim: Simulator;
let source: RealtimeKitDataSource;
let receiver: Receiver;
let database: Database;
let sharedStore: EventStore;

/** A webhook as the intake would store it: verified, normalised, then accepted. */
interface Delivery {
  recordingId: string;
  status: Recording['status'];
  outcome: AcceptOutcome['kind'];
}

interface Receiver {
  /** Where deliveries are accepted; null drops them. */
  target: EventStore | null;
  deliveries: Delivery[];
  close(): Promise<void>;
}

/**
 * A stand-in for the intake: verifies the signature, normalises and accepts into `target`,
 * confirming RECORDING ⇄ PAUSED moves with upstream as the intake does.
 */
async function startReceiver(simulator: Simulator): Promise<Receiver> {
  const receiver: Receiver = { target: null, deliveries: [], close: async () => {} };
  const confirmer = createStatusConfirmer({
    realtimeKit: createHarness(simulator).source,
    budget: createTokenBucket(1000),
    timeoutMs: 5_000,
    logger,
  });
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', async () => {
      const body = Buffer.concat(chunks);
      const signature = Buffer.from(String(req.headers['rtk-signature']), 'base64');
      const payload = parseWebhookPayload(body.toString('utf8'));
      const store = receiver.target;
      if (!verify('sha256', body, simulator.publicKeyPem, signature)) {
        res.writeHead(401).end();
        return;
      }
      if (payload.kind === 'recording.statusUpdate' && store) {
        const update: StatusUpdate = {
          deliveryId: String(req.headers['rtk-uuid']),
          webhookId: String(req.headers['rtk-webhook-id']),
          bodyHash: createHash('sha256').update(body).digest('hex'),
          receivedAt: new Date().toISOString(),
          organizationId: payload.organizationId,
          source: 'WEBHOOK',
          recording: payload.recording,
        };
        const outcome = await acceptConfirmed(store, update, confirmer).catch(() => null);
        // A store closed after its test: answer 503 as the intake would, and the simulator retries.
        if (outcome === null) {
          res.writeHead(503).end();
          return;
        }
        receiver.deliveries.push({
          recordingId: payload.recording.id,
          status: payload.recording.status,
          outcome: outcome.kind,
        });
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const client = createCloudflareClient({
    apiToken: API_TOKEN,
    baseUrl: simulator.baseUrl,
    timeoutMs: 5_000,
  });
  await client.realtimeKit.webhooks.createWebhook(APP_ID, {
    account_id: ACCOUNT_ID,
    name: 'reconciler test intake',
    url: `http://127.0.0.1:${port}/webhooks/realtimekit`,
    events: ['recording.statusUpdate'],
    enabled: true,
  });
  receiver.close = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  return receiver;
}

const FAR_FUTURE = '9999-12-31T00:00:00.000Z';

/**
 * The file's SQL event store (PGlite in memory), with every recording earlier tests left pending
 * marked as checked for ever, so each test reconciles only its own.
 */
async function openStore(): Promise<EventStore> {
  const leftovers = await sharedStore.pendingRecordings({
    idleBefore: FAR_FUTURE,
    checkedBefore: FAR_FUTURE,
    limit: 10_000,
  });
  if (leftovers.length > 0) await sharedStore.markChecked(leftovers, FAR_FUTURE);
  return sharedStore;
}

/** The update the intake would have stored for `recording` (e.g. the INVOKED webhook). */
function webhookUpdate(recording: Recording, receivedAt = new Date().toISOString()): StatusUpdate {
  return {
    deliveryId: crypto.randomUUID(),
    webhookId: null,
    bodyHash: createHash('sha256').update(`test:${recording.id}:${recording.status}`).digest('hex'),
    receivedAt,
    organizationId: null,
    source: 'WEBHOOK',
    recording,
  };
}

/** Starts a recording that stays RECORDING for the whole test (upstream auto-stops much later). */
function startLongRecording(): Promise<Recording> {
  return source.startRecording({ meetingId: freshMeetingId(), maxSeconds: 3600 });
}

/** GET /recordings/{id} calls the simulator answered since `from`. */
function lookupsSince(from: number): string[] {
  return sim.calls
    .slice(from)
    .filter((call) => call.method === 'GET' && /^\/recordings\/[0-9a-f-]{36}$/.test(call.path))
    .map((call) => call.path.slice('/recordings/'.length));
}

function reconcilerOver(
  store: EventStore,
  options: { budgetPerMinute?: number; now?: () => number; realtimeKit?: RealtimeKitDataSource },
) {
  const rang: number[] = [];
  const reconciler = createReconciler({
    store,
    realtimeKit: options.realtimeKit ?? source,
    onEvent: () => rang.push(Date.now()),
    intervalMs: 60_000,
    idleMs: MINUTE,
    budget: createTokenBucket(options.budgetPerMinute ?? 100, options.now),
    logger,
    now: options.now,
  });
  return { reconciler, rang };
}

/** A clock a minute and a bit ahead, so everything stored so far counts as idle. */
function idleClock(): { now: () => number; advance(ms: number): void } {
  let at = Date.now() + MINUTE + 1_000;
  return {
    now: () => at,
    advance(ms) {
      at += ms;
    },
  };
}

beforeAll(async () => {
  // PGlite first: its start-up holds the event loop long enough for an idle keep-alive socket to
  // the simulator to be closed under the SDK's feet, and starts are (rightly) never retried.
  database = await openMemoryDatabase(logger);
  sharedStore = createSqlEventStore(database, { logger });
  sim = await startSimulator({ timeScale: 0.01 });
  source = createHarness(sim).source;
  receiver = await startReceiver(sim);
});

afterEach(async () => {
  sim.faults.clear();
  await sim.idle();
  receiver.target = null;
});

afterAll(async () => {
  await receiver.close();
  await sim.stop();
  await sharedStore.close();
  await database.close();
});

describe('reconciler', () => {
  it('heals a suppressed webhook with one RECONCILER event, one upstream call', async () => {
    const store = await openStore();
    receiver.target = store;
    sim.faults.webhook({ kind: 'suppress', status: 'RECORDING' });
    const started = await startLongRecording();
    await waitForStatus(source, started.id, 'RECORDING');
    await sim.idle();
    expect(receiver.deliveries.filter((d) => d.recordingId === started.id)).toEqual([
      { recordingId: started.id, status: 'INVOKED', outcome: 'published' },
    ]);

    // Not idle yet by the real clock: nothing is looked up.
    const early = reconcilerOver(store, {});
    const before = sim.calls.length;
    expect(await early.reconciler.runOnce()).toEqual({
      checked: 0,
      healed: 0,
      skipped: 0,
      upstreamCalls: 0,
    });

    const clock = idleClock();
    const { reconciler, rang } = reconcilerOver(store, { now: clock.now });
    expect(await reconciler.runOnce()).toEqual({
      checked: 1,
      healed: 1,
      skipped: 0,
      upstreamCalls: 1,
    });
    expect(lookupsSince(before)).toEqual([started.id]);
    expect(rang).toHaveLength(1);
    const history = await store.history(started.id);
    expect(history.map((e) => [e.status, e.source, e.previousStatus])).toEqual([
      ['INVOKED', 'WEBHOOK', null],
      ['RECORDING', 'RECONCILER', 'INVOKED'],
    ]);
    expect(history[1]?.meetingId).toBe(started.meetingId);
    expect(history[1]?.recording.meetingId).toBe(started.meetingId);

    // Just checked: the next pass leaves it alone.
    const again = sim.calls.length;
    expect((await reconciler.runOnce()).upstreamCalls).toBe(0);
    expect(lookupsSince(again)).toEqual([]);
  });

  it('never turns a late webhook for a healed status into a second event', async () => {
    const store = await openStore();
    receiver.target = store;
    sim.faults.webhook({ kind: 'delay', status: 'RECORDING', delayMs: 1_500 });
    const started = await startLongRecording();
    await waitForStatus(source, started.id, 'RECORDING');
    await expect
      .poll(() => receiver.deliveries.filter((d) => d.recordingId === started.id).length)
      .toBe(1);

    const { reconciler } = reconcilerOver(store, { now: idleClock().now });
    expect((await reconciler.runOnce()).healed).toBe(1);
    await sim.idle();

    expect(receiver.deliveries.filter((d) => d.recordingId === started.id)).toEqual([
      { recordingId: started.id, status: 'INVOKED', outcome: 'published' },
      { recordingId: started.id, status: 'RECORDING', outcome: 'unchanged' },
    ]);
    const history = await store.history(started.id);
    expect(history.map((e) => `${e.status}/${e.source}`)).toEqual([
      'INVOKED/WEBHOOK',
      'RECORDING/RECONCILER',
    ]);
  });

  it('heals every missed RECORDING ⇄ PAUSED alternation, not only the first', async () => {
    const store = await openStore();
    receiver.target = store;
    sim.faults.webhook({ kind: 'suppress', status: 'RECORDING', times: 2 });
    sim.faults.webhook({ kind: 'suppress', status: 'PAUSED' });
    const started = await startLongRecording();
    const clock = idleClock();
    const { reconciler } = reconcilerOver(store, { now: clock.now });

    await waitForStatus(source, started.id, 'RECORDING');
    await expect
      .poll(() => receiver.deliveries.filter((d) => d.recordingId === started.id).length)
      .toBe(1);
    expect((await reconciler.runOnce()).healed).toBe(1);
    await source.actOnRecording(started.id, 'pause');
    clock.advance(2 * MINUTE);
    expect((await reconciler.runOnce()).healed).toBe(1);
    await source.actOnRecording(started.id, 'resume');
    clock.advance(2 * MINUTE);
    expect((await reconciler.runOnce()).healed).toBe(1);

    await sim.idle();
    const history = await store.history(started.id);
    expect(history.map((e) => `${e.status}/${e.source}`)).toEqual([
      'INVOKED/WEBHOOK',
      'RECORDING/RECONCILER',
      'PAUSED/RECONCILER',
      'RECORDING/RECONCILER',
    ]);
  });

  it('checks a recording with a deferred delivery on its next pass, idle or not', async () => {
    const store = await openStore();
    const started = await startLongRecording();
    await waitForStatus(source, started.id, 'RECORDING');
    await store.accept(webhookUpdate({ ...started, status: 'RECORDING' }));
    await source.actOnRecording(started.id, 'pause');
    // The PAUSED webhook came while upstream could not be asked.
    const deferred = await store.accept({
      ...webhookUpdate({ ...started, status: 'PAUSED' }),
      upstream: { status: null, revision: 0 },
    });
    expect(deferred).toEqual({ kind: 'deferred', current: 'RECORDING' });

    // The real clock: nothing is idle, yet the flagged recording is looked up and healed.
    const { reconciler, rang } = reconcilerOver(store, {});
    const from = sim.calls.length;
    expect(await reconciler.runOnce()).toEqual({
      checked: 1,
      healed: 1,
      skipped: 0,
      upstreamCalls: 1,
    });
    expect(lookupsSince(from)).toEqual([started.id]);
    expect(rang).toHaveLength(1);
    expect((await store.history(started.id)).map((e) => `${e.status}/${e.source}`)).toEqual([
      'RECORDING/WEBHOOK',
      'PAUSED/RECONCILER',
    ]);
    expect((await reconciler.runOnce()).upstreamCalls).toBe(0);
  });

  it('publishes nothing for a deferred delivery upstream has moved past', async () => {
    const store = await openStore();
    const started = await startLongRecording();
    await waitForStatus(source, started.id, 'RECORDING');
    await store.accept(webhookUpdate({ ...started, status: 'RECORDING' }));
    // A late PAUSED from a pause that upstream has since resumed.
    await store.accept({
      ...webhookUpdate({ ...started, status: 'PAUSED' }),
      upstream: { status: null, revision: 0 },
    });
    const { reconciler, rang } = reconcilerOver(store, {});
    expect(await reconciler.runOnce()).toEqual({
      checked: 1,
      healed: 0,
      skipped: 0,
      upstreamCalls: 1,
    });
    expect(rang).toHaveLength(0);
    expect((await store.history(started.id)).map((e) => e.status)).toEqual(['RECORDING']);
    expect((await reconciler.runOnce()).upstreamCalls).toBe(0);
  });

  it('queues a recording again when a delivery lands while upstream is being asked', async () => {
    const store = await openStore();
    const started = await startLongRecording();
    await waitForStatus(source, started.id, 'RECORDING');
    await store.accept(webhookUpdate({ ...started, status: 'RECORDING' }));
    await source.actOnRecording(started.id, 'pause');
    // Between the pass's read of the log and its answer, a (late) RECORDING delivery is stored.
    const racing: RealtimeKitDataSource = {
      ...source,
      async getRecording(id) {
        const found = await source.getRecording(id);
        await store.accept(webhookUpdate({ ...started, status: 'RECORDING' }));
        return found;
      },
    };
    const clock = idleClock();
    const first = reconcilerOver(store, { now: clock.now, realtimeKit: racing });
    expect(await first.reconciler.runOnce()).toMatchObject({ checked: 1, healed: 0 });
    expect((await store.history(started.id)).map((e) => e.status)).toEqual(['RECORDING']);

    // The next pass (the real clock: only the queued recording is due) publishes what upstream says.
    const second = reconcilerOver(store, {});
    expect(await second.reconciler.runOnce()).toMatchObject({ checked: 1, healed: 1 });
    expect((await store.history(started.id)).map((e) => `${e.status}/${e.source}`)).toEqual([
      'RECORDING/WEBHOOK',
      'PAUSED/RECONCILER',
    ]);
  });

  it('spends at most its budget per minute, across runs', async () => {
    const store = await openStore();
    const ids: string[] = [];
    for (let n = 0; n < 5; n++) {
      const recording = await startLongRecording();
      await store.accept(webhookUpdate(recording));
      ids.push(recording.id);
    }
    const clock = idleClock();
    const { reconciler } = reconcilerOver(store, { budgetPerMinute: 3, now: clock.now });
    const from = sim.calls.length;

    // A pass fetches at most a minute's budget of pending recordings, so nothing is left over yet.
    expect(await reconciler.runOnce()).toMatchObject({ upstreamCalls: 3, checked: 3, skipped: 0 });
    expect(await reconciler.runOnce()).toMatchObject({ upstreamCalls: 0, checked: 0, skipped: 2 });
    expect(lookupsSince(from)).toHaveLength(3);

    clock.advance(20_000); // a third of a minute buys one call
    expect(await reconciler.runOnce()).toMatchObject({ upstreamCalls: 1, skipped: 1 });
    clock.advance(40_000);
    expect(await reconciler.runOnce()).toMatchObject({ upstreamCalls: 1, skipped: 0 });

    const looked = lookupsSince(from);
    expect(looked).toHaveLength(5);
    expect([...looked].sort()).toEqual([...ids].sort());
  });

  it('stores one event when two replicas reconcile the same change', async () => {
    const store = await openStore();
    const started = await startLongRecording();
    await store.accept(webhookUpdate(started));
    await waitForStatus(source, started.id, 'RECORDING');

    // Both replicas read upstream before either stores what it found.
    let arrivals = 0;
    let release: () => void = () => {};
    const bothRead = new Promise<void>((resolve) => {
      release = resolve;
    });
    const replica = (): RealtimeKitDataSource => {
      const own = createHarness(sim).source;
      return {
        ...own,
        async getRecording(id) {
          const recording = await own.getRecording(id);
          arrivals += 1;
          if (arrivals === 2) release();
          await bothRead;
          return recording;
        },
      };
    };
    const clock = idleClock();
    const a = reconcilerOver(store, { now: clock.now, realtimeKit: replica() });
    const b = reconcilerOver(store, { now: clock.now, realtimeKit: replica() });
    const [first, second] = await Promise.all([a.reconciler.runOnce(), b.reconciler.runOnce()]);

    expect(first.upstreamCalls + second.upstreamCalls).toBe(2);
    expect(first.healed + second.healed).toBe(1);
    expect(a.rang.length + b.rang.length).toBe(1);
    const history = await store.history(started.id);
    expect(history.map((e) => `${e.status}/${e.source}`)).toEqual([
      'INVOKED/WEBHOOK',
      'RECORDING/RECONCILER',
    ]);
  });

  it('stops the run on RATE_LIMITED and waits out the Retry-After', async () => {
    const store = await openStore();
    for (let n = 0; n < 3; n++) {
      const recording = await startLongRecording();
      await store.accept(webhookUpdate(recording));
      await waitForStatus(source, recording.id, 'RECORDING');
    }
    sim.faults.rest({
      method: 'GET',
      path: /^\/recordings\/[0-9a-f-]{36}$/,
      status: 429,
      headers: { 'retry-after': '30' },
    });
    const clock = idleClock();
    const { reconciler } = reconcilerOver(store, { budgetPerMinute: 10, now: clock.now });
    const from = sim.calls.length;

    expect(await reconciler.runOnce()).toEqual({
      checked: 0,
      healed: 0,
      skipped: 3,
      upstreamCalls: 1,
    });
    expect(sim.calls.slice(from).map((call) => call.status)).toEqual([429]);

    clock.advance(29_000); // still inside the Retry-After: the bucket stays empty
    expect((await reconciler.runOnce()).upstreamCalls).toBe(0);
    clock.advance(31_000); // 30 s past it: half a minute of a 10/min budget
    expect(await reconciler.runOnce()).toMatchObject({ upstreamCalls: 3, checked: 3, healed: 3 });
  });

  it('marks a recording upstream no longer has as checked', async () => {
    const store = await openStore();
    const ghost = crypto.randomUUID();
    await store.accept(
      webhookUpdate({ ...(await startLongRecording()), id: ghost, meetingId: freshMeetingId() }),
    );
    const { reconciler } = reconcilerOver(store, { now: idleClock().now });
    expect(await reconciler.runOnce()).toEqual({
      checked: 1,
      healed: 0,
      skipped: 0,
      upstreamCalls: 1,
    });
    expect((await reconciler.runOnce()).upstreamCalls).toBe(0);
    expect((await store.history(ghost)).map((e) => e.status)).toEqual(['INVOKED']);
  });

  it('makes no call at all with a budget of 0', async () => {
    const store = await openStore();
    await store.accept(webhookUpdate(await startLongRecording()));
    const { reconciler } = reconcilerOver(store, { budgetPerMinute: 0, now: idleClock().now });
    const from = sim.calls.length;
    reconciler.start();
    expect(await reconciler.runOnce()).toEqual({
      checked: 0,
      healed: 0,
      skipped: 0,
      upstreamCalls: 0,
    });
    await reconciler.stop();
    expect(sim.calls.length).toBe(from);
  });

  it('joins a pass already running instead of starting a second one', async () => {
    const store = await openStore();
    const { reconciler } = reconcilerOver(store, { now: idleClock().now });
    const first = reconciler.runOnce();
    expect(reconciler.runOnce()).toBe(first);
    await first;
    expect(reconciler.runOnce()).not.toBe(first);
  });

  it('runs on its interval once started, until stopped', async () => {
    const store = await openStore();
    const started = await startLongRecording();
    await store.accept(webhookUpdate(started));
    await waitForStatus(source, started.id, 'RECORDING');
    let healed: () => void = () => {};
    const rang = new Promise<void>((resolve) => {
      healed = resolve;
    });
    const reconciler = createReconciler({
      store,
      realtimeKit: source,
      onEvent: () => healed(),
      intervalMs: 20,
      idleMs: 0,
      budget: createTokenBucket(100),
      logger,
    });
    reconciler.start();
    await rang;
    await reconciler.stop();
    expect((await store.history(started.id)).map((e) => e.status)).toEqual([
      'INVOKED',
      'RECORDING',
    ]);
  });
});
