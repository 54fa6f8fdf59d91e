import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { GatewayServer } from '../src/transport/server.js';
import type { RecordingStatusChangedSubscriptionVariables } from './__generated__/graphql.js';
import { type StatusWatch, watchStatuses } from './support/clients.js';
import { startTestServer } from './support/gateway.js';
import { rsaPair } from './support/keys.js';
import { createProxiedTestDatabase, createTestDatabase } from './support/postgres.js';
import { requireRedis, TEST_REDIS_URL } from './support/redis.js';
import { scaled } from './support/time.js';
import { deliverSigned, statusUpdateBody } from './webhooks/support.js';

/**
 * Production shape: replicas sharing one Postgres and one Redis, driven over real sockets. Webhooks
 * are signed by the test (the key is pinned), so any replica can take any delivery.
 */

const key = rsaPair();
const leftovers: Array<() => Promise<unknown>> = [];
let replicaA: GatewayServer;
let replicaB: GatewayServer;

afterAll(async () => {
  for (const cleanup of leftovers.reverse()) await cleanup();
});

function sharedEnv(databaseUrl: string): Record<string, string> {
  return {
    DATABASE_URL: databaseUrl,
    REDIS_URL: TEST_REDIS_URL,
    REALTIMEKIT_WEBHOOK_PUBLIC_KEY: key.pem,
    // Long enough that only the Redis doorbell can explain a prompt event on the other replica.
    EVENT_POLL_INTERVAL_MS: '60000',
    RECONCILE_BUDGET_PER_MINUTE: '0',
  };
}

let sent = 0;

/** Posts a signed delivery of `body` as RealtimeKit would, with a fresh `rtk-uuid` unless given. */
function postWebhook(server: GatewayServer, body: string, uuid: string = randomUUID()) {
  return deliverSigned(server, body, key.privateKey, { 'rtk-uuid': uuid });
}

async function deliver(
  server: GatewayServer,
  recordingId: string,
  meetingId: string,
  status: string,
) {
  // Each change differs from the last, as RealtimeKit's do in their times: the same body again is
  // a repeat by design.
  sent += 1;
  const body = JSON.stringify(
    statusUpdateBody({ id: recordingId, status, meetingId, recordingDuration: sent }),
  );
  return postWebhook(server, body);
}

async function subscriber(
  server: GatewayServer,
  variables: RecordingStatusChangedSubscriptionVariables,
): Promise<StatusWatch> {
  const watch = await watchStatuses(server, variables);
  leftovers.push(() => watch.close());
  return watch;
}

beforeAll(async () => {
  // Without Redis the replicas would only poll, and the tests would time out saying nothing.
  await requireRedis();
  const database = await createTestDatabase();
  leftovers.push(database.drop);
  replicaA = await startTestServer(sharedEnv(database.url));
  leftovers.push(() => replicaA.stop());
  replicaB = await startTestServer(sharedEnv(database.url));
  leftovers.push(() => replicaB.stop());
}, 60_000);

describe('two replicas over one Postgres and one Redis', () => {
  it('delivers a webhook taken by one replica to a subscriber of the other, with one cursor order', async () => {
    const meetingId = randomUUID();
    const onB = await subscriber(replicaB, { meetingId });
    const onA = await subscriber(replicaA, { meetingId });
    const recordingId = randomUUID();
    expect((await deliver(replicaA, recordingId, meetingId, 'INVOKED')).status).toBe(200);
    expect((await deliver(replicaB, recordingId, meetingId, 'RECORDING')).status).toBe(200);
    await onB.untilCount(2);
    await onA.untilCount(2);
    expect(onB.events.map((e) => [e.status, e.source])).toEqual([
      ['INVOKED', 'WEBHOOK'],
      ['RECORDING', 'WEBHOOK'],
    ]);
    expect(onA.events.map((e) => e.cursor)).toEqual(onB.events.map((e) => e.cursor));
  });

  it('resumes on one replica after a cursor seen on the other, with no gap and no repeat', async () => {
    const meetingId = randomUUID();
    const recordingId = randomUUID();
    const first = await subscriber(replicaA, { meetingId });
    await deliver(replicaA, recordingId, meetingId, 'INVOKED');
    await first.untilCount(1);
    await first.close();
    // Missed while disconnected, taken by both replicas.
    await deliver(replicaB, recordingId, meetingId, 'RECORDING');
    await deliver(replicaA, recordingId, meetingId, 'PAUSED');
    const resumed = await subscriber(replicaB, { meetingId, after: first.events[0]?.cursor });
    await resumed.untilCount(2);
    await deliver(replicaA, recordingId, meetingId, 'RECORDING');
    await resumed.untilCount(3);
    expect(resumed.events.map((e) => [e.previousStatus, e.status])).toEqual([
      ['INVOKED', 'RECORDING'],
      ['RECORDING', 'PAUSED'],
      ['PAUSED', 'RECORDING'],
    ]);
  });

  it('refuses a cursor older than the retention with CURSOR_EXPIRED', async () => {
    const meetingId = randomUUID();
    const recordingId = randomUUID();
    const watch = await subscriber(replicaA, { meetingId });
    await deliver(replicaA, recordingId, meetingId, 'INVOKED');
    await watch.untilCount(1);
    await deliver(replicaA, recordingId, meetingId, 'RECORDING');
    await watch.untilCount(2);
    // Everything up to now passes the retention.
    await replicaA.app.store.prune(new Date(Date.now() + 60_000).toISOString());
    const late = await subscriber(replicaB, { meetingId, after: watch.events[0]?.cursor });
    expect(late.errors).toHaveLength(1);
    expect(late.errors[0]).toMatchObject({ extensions: { code: 'CURSOR_EXPIRED' } });
  });

  it('refuses a malformed cursor with VALIDATION before streaming', async () => {
    const refused = await subscriber(replicaA, { meetingId: randomUUID(), after: 'yesterday' });
    expect(refused.errors).toHaveLength(1);
    expect(refused.errors[0]).toMatchObject({ extensions: { code: 'VALIDATION', field: 'after' } });
  });
});

describe('a gateway whose Postgres goes away', () => {
  it('answers 503 and publishes nothing while it is down, then accepts the retried delivery', async () => {
    const { url, proxy, cleanup } = await createProxiedTestDatabase();
    leftovers.push(cleanup);
    const gateway = await startTestServer(sharedEnv(url));
    leftovers.push(() => gateway.stop());
    const meetingId = randomUUID();
    const watch = await subscriber(gateway, { meetingId });
    const recordingId = randomUUID();
    expect((await deliver(gateway, recordingId, meetingId, 'INVOKED')).status).toBe(200);
    await watch.untilCount(1);

    await proxy.stop();
    const body = JSON.stringify(
      statusUpdateBody({ id: recordingId, status: 'RECORDING', meetingId }),
    );
    const uuid = randomUUID();
    const down = await postWebhook(gateway, body, uuid);
    expect(down.status).toBe(503);
    expect(down.body).toEqual({ error: 'event store unavailable, retry later' });

    await proxy.start();
    // RealtimeKit retries the same delivery.
    await vi.waitFor(
      async () => expect((await postWebhook(gateway, body, uuid)).status).toBe(200),
      { timeout: scaled(60_000), interval: 250 },
    );
    await watch.untilCount(2);
    expect(watch.events.map((e) => e.status)).toEqual(['INVOKED', 'RECORDING']);
  }, 60_000);
});
