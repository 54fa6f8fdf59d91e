import { mkdirSync } from 'node:fs';
import { createServer } from 'node:http';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { listenAndReport } from './listen.js';
import { webhookReader } from './signed-body.js';

/**
 * A second baseline for the intake: the thin intake made to keep the gateway's promises the
 * obvious way, one transaction per delivery. Under one advisory lock (so events commit in the
 * order of their sequence numbers, across any number of such servers) it skips a delivery seen
 * before, reads the recording's status, stores the delivery and the recording's new status, and
 * appends an event when the status changed; it acknowledges once that has committed. No payload
 * validation, no transition rules beyond "changed", no publishing: the floor of an ordered,
 * deduplicated intake without group commit. Postgres (`BENCH_DATABASE_URL`, a pool as large as the
 * gateway's) or the embedded PGlite (`BENCH_DATA_DIR`).
 */

const TABLES = [
  `create table if not exists deliveries (
    rtk_uuid text primary key,
    recording_id text not null,
    status text not null,
    received_at timestamptz not null default now()
  )`,
  `create table if not exists recordings (recording_id text primary key, status text not null)`,
  `create table if not exists events (
    seq bigint generated always as identity primary key,
    recording_id text not null,
    meeting_id text,
    status text not null,
    previous_status text,
    body jsonb not null
  )`,
];

interface Client {
  query(sql: string, params?: unknown[]): Promise<{ rows: Array<Record<string, unknown>> }>;
}

interface Db {
  /** Runs `work` in one transaction on one connection. */
  transaction<T>(work: (client: Client) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

async function open(): Promise<Db> {
  const url = process.env.BENCH_DATABASE_URL;
  if (url) {
    const pool = new pg.Pool({ connectionString: url, max: 10 });
    for (const table of TABLES) await pool.query(table);
    return {
      async transaction(work) {
        const client = await pool.connect();
        try {
          await client.query('begin');
          const result = await work(client);
          await client.query('commit');
          return result;
        } catch (error) {
          await client.query('rollback').catch(() => undefined);
          throw error;
        } finally {
          client.release();
        }
      },
      close: () => pool.end(),
    };
  }
  const dataDir = process.env.BENCH_DATA_DIR;
  if (!dataDir) throw new Error('BENCH_DATABASE_URL or BENCH_DATA_DIR is needed');
  mkdirSync(dataDir, { recursive: true });
  const pglite = await PGlite.create(dataDir);
  for (const table of TABLES) await pglite.query(table);
  return {
    transaction: (work) => pglite.transaction((tx) => work(tx as unknown as Client)),
    close: () => pglite.close(),
  };
}

const db = await open();
const readWebhook = webhookReader();

const server = createServer(async (req, res) => {
  const delivery = await readWebhook(req, res);
  if (delivery === null) return;
  const { body, update } = delivery;
  const uuid = req.headers['rtk-uuid'];
  if (typeof uuid !== 'string') return void res.writeHead(400).end();
  try {
    await db.transaction(async (client) => {
      await client.query('select pg_advisory_xact_lock(1)');
      const stored = await client.query(
        `insert into deliveries (rtk_uuid, recording_id, status) values ($1, $2, $3)
         on conflict (rtk_uuid) do nothing returning 1`,
        [uuid, update.recordingId, update.status],
      );
      if (stored.rows.length === 0) return; // seen before
      const { rows } = await client.query('select status from recordings where recording_id = $1', [
        update.recordingId,
      ]);
      const previous = (rows[0]?.status as string | undefined) ?? null;
      if (previous === update.status) return;
      await client.query(
        `insert into recordings (recording_id, status) values ($1, $2)
         on conflict (recording_id) do update set status = excluded.status`,
        [update.recordingId, update.status],
      );
      await client.query(
        `insert into events (recording_id, meeting_id, status, previous_status, body)
         values ($1, $2, $3, $4, $5::jsonb)`,
        [update.recordingId, update.meetingId, update.status, previous, body.toString('utf8')],
      );
    });
  } catch {
    return void res.writeHead(503).end();
  }
  res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
});

listenAndReport(server, () => db.close());
