import { randomUUID } from 'node:crypto';
import { print } from 'graphql';
import { describe, expect, it, vi } from 'vitest';
import type { RecordingStatusEvent } from '../src/domain/model.js';
import { openDatabase } from '../src/events/sql/database.js';
import { createSqlEventStore } from '../src/events/sql/store.js';
import { RecordingStatusChangedDocument } from './__generated__/graphql.js';
import { rsaPair } from './support/keys.js';
import { silentLogger } from './support/logs.js';
import { freshDataDir } from './support/pglite.js';
import { startGatewayProcess } from './support/processes.js';
import { resultLog } from './support/subscriptions.js';
import { scaled } from './support/time.js';
import { wsClient } from './support/ws.js';
import { deliverSigned, statusUpdateBody } from './webhooks/support.js';

/**
 * The promise the gateway exists for: RealtimeKit retries what was not acknowledged, the gateway
 * is killed mid-burst, a subscriber reconnects with its last cursor, and it ends with every stored
 * status change exactly once, in order.
 */

const key = rsaPair();
const dataDir = freshDataDir('rtk-durability-');

const startGateway = () =>
  startGatewayProcess({
    DATA_DIR: dataDir,
    REALTIMEKIT_WEBHOOK_PUBLIC_KEY: key.pem,
    RECONCILE_BUDGET_PER_MINUTE: '0',
    EVENT_POLL_INTERVAL_MS: '200',
  });

/** `Map.groupBy`, which Node 20 lacks. */
function groupBy<T>(items: T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) groups.set(key(item), [...(groups.get(key(item)) ?? []), item]);
  return groups;
}

interface Delivery {
  uuid: string;
  body: string;
  recordingId: string;
}

function delivery(id: string, status: string, meetingId: string, mark: string): Delivery {
  const body = JSON.stringify(statusUpdateBody({ id, status, meetingId, startedTime: mark }));
  return { uuid: randomUUID(), body, recordingId: id };
}

/** Whole lifecycles of `recordings` recordings in one meeting, each change delivered once. */
function deliveries(recordings: number, meetingId: string): Delivery[] {
  const list: Delivery[] = [];
  for (let i = 0; i < recordings; i += 1) {
    const id = randomUUID();
    for (const status of ['INVOKED', 'RECORDING', 'PAUSED', 'RECORDING', 'UPLOADING', 'UPLOADED']) {
      list.push(delivery(id, status, meetingId, `${i}-${list.length}`));
    }
  }
  return list;
}

/**
 * Sends deliveries of one recording in order, recordings in parallel; calls `onAck` after each
 * 2xx and resolves with all that got one.
 */
async function send(url: string, batch: Delivery[], onAck = (_count: number) => {}) {
  const acknowledged = new Set<string>();
  await Promise.all(
    [...groupBy(batch, (d) => d.recordingId).values()].map(async (own) => {
      for (const { uuid, body } of own) {
        try {
          const response = await deliverSigned(url, body, key.privateKey, { 'rtk-uuid': uuid });
          if (response.status >= 200 && response.status < 300) {
            acknowledged.add(uuid);
            onAck(acknowledged.size);
          }
        } catch {
          return; // the gateway died under this request: RealtimeKit would retry it later
        }
      }
    }),
  );
  return acknowledged;
}

type Seen = Pick<RecordingStatusEvent, 'cursor' | 'recordingId' | 'status'>;

/** Collects a meeting's events over graphql-ws, resuming after `after` when given. */
function watch(url: string, meetingId: string, after: string | null) {
  const log = resultLog<{ recordingStatusChanged: Seen }>();
  const client = wsClient(url);
  client.subscribe<{ recordingStatusChanged: Seen }>(
    { query: print(RecordingStatusChangedDocument), variables: { meetingId, after } },
    { next: log.push, error: log.fail, complete: () => log.end('the subscription completed') },
  );
  return {
    client,
    events: () =>
      log.data.map(({ recordingStatusChanged: { cursor, recordingId, status } }) => ({
        cursor,
        recordingId,
        status,
      })),
  };
}

const TIMEOUT_MS = scaled(300_000);

describe('durability across a crash', () => {
  it(
    'loses and repeats nothing when the gateway is SIGKILLed mid-burst',
    async () => {
      const meetingId = randomUUID();
      const all = deliveries(40, meetingId);
      // RealtimeKit repeats some deliveries (same rtk-uuid) and resends some bodies under a new one.
      const repeats = all.filter((_, i) => i % 7 === 0).map((d) => ({ ...d }));
      const resent = all.filter((_, i) => i % 11 === 0).map((d) => ({ ...d, uuid: randomUUID() }));
      const burst = [...all, ...repeats, ...resent];

      const first = await startGateway();
      const before = watch(first.url, meetingId, null);
      // The gateway is out of process: its subscription is live once it delivers an event. Until
      // then, each check sends another probe (a recording of its own) and looks for any of them.
      const probes = new Set<string>();
      await vi.waitFor(
        async () => {
          const probe = delivery(randomUUID(), 'INVOKED', meetingId, 'probe');
          probes.add(probe.recordingId);
          expect(await send(first.url, [probe])).toEqual(new Set([probe.uuid]));
          expect(before.events().some((event) => probes.has(event.recordingId))).toBe(true);
        },
        { timeout: scaled(60_000), interval: 50 },
      );

      // Killed while deliveries are in flight: after the 20th acknowledgement.
      const acknowledgedBeforeCrash = await send(first.url, burst, (count) => {
        if (count === 20) first.child.kill('SIGKILL');
      });
      await first.exited;
      await before.client.dispose();
      expect(acknowledgedBeforeCrash.size).toBeGreaterThanOrEqual(20);
      expect(acknowledgedBeforeCrash.size).toBeLessThan(burst.length);

      const second = await startGateway();
      const lastCursor = before.events().at(-1)?.cursor ?? null;
      const after = watch(second.url, meetingId, lastCursor);
      // RealtimeKit retries everything that was not acknowledged.
      const retried = burst.filter((d) => !acknowledgedBeforeCrash.has(d.uuid));
      const acknowledgedAfter = await send(second.url, retried);
      expect(acknowledgedAfter).toEqual(new Set(retried.map((d) => d.uuid)));

      expect(await second.stop()).toBe(0);
      await after.client.dispose();

      // The store, read directly: every acknowledged delivery is in it, and the events it holds are
      // exactly what the subscriber saw across both lives, in order.
      const database = await openDatabase({ dataDir, logger: silentLogger });
      try {
        const stored = await createSqlEventStore(database).readAfter(null, 10_000);
        const seen = [...before.events(), ...after.events()];
        // Only probes sent before the subscription was live can have gone unseen.
        const firstSeen = seen[0]?.cursor ?? '';
        const unseen = stored.filter((e) => e.cursor < firstSeen);
        expect(unseen.every((e) => probes.has(e.recordingId))).toBe(true);
        expect(seen.map((e) => e.cursor)).toEqual(
          stored.filter((e) => e.cursor >= firstSeen).map((e) => e.cursor),
        );
        expect(new Set(seen.map((e) => e.cursor)).size).toBe(seen.length);
        const perRecording = groupBy(stored, (event) => event.recordingId);
        for (const probe of probes) {
          expect(perRecording.get(probe)?.map((e) => e.status)).toEqual(['INVOKED']);
          perRecording.delete(probe);
        }
        expect(perRecording.size).toBe(40);
        for (const events of perRecording.values()) {
          expect(events.map((e) => e.status)).toEqual([
            'INVOKED',
            'RECORDING',
            'PAUSED',
            'RECORDING',
            'UPLOADING',
            'UPLOADED',
          ]);
        }
        const uuids = new Set(
          (await database.db.selectFrom('deliveries').select('delivery_id').execute()).map(
            (row) => row.delivery_id,
          ),
        );
        for (const uuid of [...acknowledgedBeforeCrash, ...acknowledgedAfter]) {
          const original = burst.find((d) => d.uuid === uuid);
          // A repeat acknowledged as a duplicate is stored once, under the first delivery's id.
          expect(
            uuids.has(uuid) || burst.some((d) => d.body === original?.body && uuids.has(d.uuid)),
          ).toBe(true);
        }
      } finally {
        await database.close();
      }
    },
    TIMEOUT_MS,
  );
});
