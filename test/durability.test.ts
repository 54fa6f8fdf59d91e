import { type ChildProcess, spawn } from 'node:child_process';
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { print } from 'graphql';
import { createClient } from 'graphql-ws';
import { afterAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { openDatabase } from '../src/events/sql/database.js';
import { createSqlEventStore } from '../src/events/sql/store.js';
import type { RecordingStatusEvent } from '../src/events/types.js';
import { createLogger } from '../src/logger.js';
import { RecordingStatusChangedDocument } from './__generated__/graphql.js';
import { signBody, statusUpdateBody } from './webhooks/support.js';

/**
 * The promise the gateway exists for: RealtimeKit retries what was not acknowledged, the gateway
 * is killed mid-burst, a subscriber reconnects with its last cursor, and it ends with every stored
 * status change exactly once, in order.
 */

const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const dataDir = mkdtempSync(join(tmpdir(), 'rtk-durability-'));
const children: ChildProcess[] = [];

afterAll(() => {
  for (const child of children) child.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

async function startGateway(): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    env: {
      PATH: process.env.PATH ?? '',
      PORT: '0',
      DATA_DIR: dataDir,
      REALTIMEKIT_WEBHOOK_PUBLIC_KEY: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
      RECONCILE_BUDGET_PER_MINUTE: '0',
      EVENT_POLL_INTERVAL_MS: '200',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.push(child);
  const url = await new Promise<string>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`gateway exited with ${code}`)));
    createInterface({ input: child.stdout as NodeJS.ReadableStream }).on('line', (line) => {
      if (line.includes('rtk-gateway listening')) {
        resolve(String(JSON.parse(line).url).replace('/graphql', ''));
      }
    });
  });
  return { child, url };
}

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

/** Four recordings' worth of lifecycles per meeting, each delivered once plus some repeats. */
function deliveries(recordings: number, meetingId: string): Delivery[] {
  const list: Delivery[] = [];
  for (let i = 0; i < recordings; i += 1) {
    const id = randomUUID();
    for (const status of ['INVOKED', 'RECORDING', 'PAUSED', 'RECORDING', 'UPLOADING', 'UPLOADED']) {
      const body = JSON.stringify(
        statusUpdateBody({ id, status, meetingId, startedTime: `${i}-${list.length}` }),
      );
      list.push({ uuid: randomUUID(), body, recordingId: id });
    }
  }
  return list;
}

/** Sends deliveries of one recording in order, recordings in parallel; resolves with what got 2xx. */
async function send(url: string, batch: Delivery[]): Promise<Set<string>> {
  const acknowledged = new Set<string>();
  const byRecording = groupBy(batch, (delivery) => delivery.recordingId);
  await Promise.all(
    [...byRecording.values()].map(async (own) => {
      for (const delivery of own) {
        try {
          const response = await fetch(`${url}/webhooks/realtimekit`, {
            method: 'POST',
            headers: {
              'content-type': 'application/json',
              'rtk-uuid': delivery.uuid,
              'rtk-signature': signBody(delivery.body, privateKey),
            },
            body: delivery.body,
          });
          if (response.status >= 200 && response.status < 300) acknowledged.add(delivery.uuid);
        } catch {
          return; // the gateway died under this request: RealtimeKit would retry it later
        }
      }
    }),
  );
  return acknowledged;
}

/** Collects a meeting's events over graphql-ws, resuming after `after` when given. */
function watch(url: string, meetingId: string, after: string | null) {
  const events: Array<Pick<RecordingStatusEvent, 'cursor' | 'recordingId' | 'status'>> = [];
  const client = createClient({
    url: `${url.replace('http', 'ws')}/graphql`,
    webSocketImpl: WebSocket,
    retryAttempts: 0,
  });
  client.subscribe<{ recordingStatusChanged: RecordingStatusEvent }>(
    {
      query: print(RecordingStatusChangedDocument),
      variables: { meetingId, after },
    },
    {
      next: (result) => {
        const event = result.data?.recordingStatusChanged;
        if (event)
          events.push({
            cursor: event.cursor,
            recordingId: event.recordingId,
            status: event.status,
          });
      },
      error: () => {},
      complete: () => {},
    },
  );
  return { events, client };
}

describe('durability across a crash', () => {
  it('loses and repeats nothing when the gateway is SIGKILLed mid-burst', async () => {
    const meetingId = randomUUID();
    const all = deliveries(40, meetingId);
    // RealtimeKit repeats some deliveries (same rtk-uuid) and resends some bodies under a new one.
    const repeats = all.filter((_, i) => i % 7 === 0).map((d) => ({ ...d }));
    const resent = all.filter((_, i) => i % 11 === 0).map((d) => ({ ...d, uuid: randomUUID() }));
    const burst = [...all, ...repeats, ...resent];

    const first = await startGateway();
    const before = watch(first.url, meetingId, null);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const sending = send(first.url, burst);
    // Kill it while deliveries are in flight.
    await new Promise((resolve) => setTimeout(resolve, 150));
    first.child.kill('SIGKILL');
    const acknowledgedBeforeCrash = await sending;
    await before.client.dispose();
    expect(acknowledgedBeforeCrash.size).toBeGreaterThan(0);
    expect(acknowledgedBeforeCrash.size).toBeLessThan(burst.length);

    const second = await startGateway();
    const lastCursor = before.events.at(-1)?.cursor ?? null;
    const after = watch(second.url, meetingId, lastCursor);
    // RealtimeKit retries everything that was not acknowledged.
    const retried = burst.filter((d) => !acknowledgedBeforeCrash.has(d.uuid));
    const acknowledgedAfter = await send(second.url, retried);
    expect(acknowledgedAfter).toEqual(new Set(retried.map((d) => d.uuid)));

    second.child.kill('SIGTERM');
    await new Promise((resolve) => second.child.once('exit', resolve));
    await after.client.dispose();

    // The store, read directly: every acknowledged delivery is in it, and the events it holds are
    // exactly what the subscriber saw across both lives, in order.
    const database = await openDatabase({ dataDir, logger: createLogger({ level: 'silent' }) });
    try {
      const store = createSqlEventStore(database);
      const stored = await store.readAfter(null, 10_000);
      const seen = [...before.events, ...after.events];
      expect(seen.map((e) => e.cursor)).toEqual(stored.map((e) => e.cursor));
      expect(new Set(seen.map((e) => e.cursor)).size).toBe(seen.length);
      const perRecording = groupBy(stored, (event) => event.recordingId);
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
  }, 60_000);
});
