import { mkdirSync } from 'node:fs';
import { createServer } from 'node:http';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { listenAndReport } from './listen.js';
import { webhookReader } from './signed-body.js';

/**
 * Baseline for the intake: a thin durable intake. It verifies the signature over the raw body,
 * then stores the delivery with one INSERT in its own transaction (deduplicated by `rtk-uuid`) and
 * acknowledges once that has committed. Postgres (`BENCH_DATABASE_URL`, a pool as large as the
 * gateway's) or the embedded PGlite (`BENCH_DATA_DIR`), like the gateway.
 */

const TABLE = `create table if not exists deliveries (
  seq bigserial primary key,
  rtk_uuid text unique,
  recording_id text not null,
  status text not null,
  received_at timestamptz not null default now(),
  body jsonb not null
)`;
const INSERT = `insert into deliveries (rtk_uuid, recording_id, status, body)
  values ($1, $2, $3, $4::jsonb) on conflict (rtk_uuid) do nothing`;

interface Db {
  query(sql: string, params?: unknown[]): Promise<unknown>;
  close(): Promise<void>;
}

async function open(): Promise<Db> {
  const url = process.env.BENCH_DATABASE_URL;
  if (url) {
    const pool = new pg.Pool({ connectionString: url, max: 10 });
    return { query: (sql, params) => pool.query(sql, params), close: () => pool.end() };
  }
  const dataDir = process.env.BENCH_DATA_DIR;
  if (!dataDir) throw new Error('BENCH_DATABASE_URL or BENCH_DATA_DIR is needed');
  mkdirSync(dataDir, { recursive: true });
  const pglite = await PGlite.create(dataDir);
  return { query: (sql, params) => pglite.query(sql, params), close: () => pglite.close() };
}

const db = await open();
await db.query(TABLE);
const readWebhook = webhookReader();

const server = createServer(async (req, res) => {
  const delivery = await readWebhook(req, res);
  if (delivery === null) return;
  const { body, update } = delivery;
  const uuid = req.headers['rtk-uuid'];
  try {
    await db.query(INSERT, [
      typeof uuid === 'string' ? uuid : null,
      update.recordingId,
      update.status,
      body.toString('utf8'),
    ]);
  } catch {
    return void res.writeHead(503).end();
  }
  res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
});

listenAndReport(server, () => db.close());
