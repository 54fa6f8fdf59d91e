import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect } from 'kysely';
import type { Logger } from '../../logger.js';
import { StoreUnavailableError } from '../types.js';
import { lockDataDir } from './data-dir-lock.js';
import { migrateToLatest } from './migrations.js';
import { PGliteDialect } from './pglite-dialect.js';
import { readTemplate } from './pglite-template.js';
import type { Schema } from './schema.js';

/** An open, migrated event-store database and what runs it. */
export interface Database {
  readonly db: Kysely<Schema>;
  readonly kind: 'postgres' | 'pglite';
  /** Closes the pool or the PGlite instance. Safe to call twice. */
  close(): Promise<void>;
}

export interface OpenDatabaseOptions {
  /** A Postgres connection string; wins over `dataDir` and `memory`. */
  databaseUrl?: string;
  /** PGlite's data directory, created when missing. */
  dataDir?: string;
  /** PGlite in memory, gone on close (tests). */
  memory?: boolean;
  /**
   * A PGlite data directory (`dumpDataDir()` tarball) to start an empty one from; by default the
   * template `npm run build` makes, when there is one.
   */
  loadDataDir?: Blob;
  logger: Logger;
}

// A store that cannot answer in this time is as good as down: the intake answers 503 and
// RealtimeKit retries, which beats holding its delivery open.
const POOL_OPTIONS = {
  max: 10,
  connectionTimeoutMillis: 5_000,
  idleTimeoutMillis: 30_000,
  statement_timeout: 15_000,
  query_timeout: 20_000,
  keepAlive: true,
  application_name: 'rtk-gateway',
} as const;

/** A Postgres or Node error code (SQLSTATE, ECONNREFUSED, …): safe to log, unlike messages. */
export function errorCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' ? code : undefined;
}

async function openPostgres(databaseUrl: string, logger: Logger): Promise<Kysely<Schema>> {
  // Loaded only when configured: the embedded default never needs the Postgres driver.
  const { default: pg } = await import('pg');
  const pool = new pg.Pool({ connectionString: databaseUrl, ...POOL_OPTIONS });
  // A client whose socket dies emits 'error'; with no listener Node would crash the process. The
  // pool listens while a client is idle, nobody while it is checked out between two statements
  // of a transaction, so every client gets its own listener. The failing statement itself
  // rejects, and the pool drops the broken client.
  pool.on('error', (error) => {
    logger.warn({ code: errorCode(error) }, 'idle event store connection failed');
  });
  pool.on('connect', (client) => {
    client.on('error', (error) => {
      logger.debug({ code: errorCode(error) }, 'event store connection failed');
    });
  });
  return new Kysely<Schema>({ dialect: new PostgresDialect({ pool }) });
}

/**
 * How PGlite starts Postgres: its own defaults, with 32 MB of shared buffers instead of Postgres'
 * 128 MB. PGlite touches most of that memory as it runs, and an event log's working set (recent
 * events, recordings, deliveries) is a small part of it; the files stay in the OS page cache
 * besides. About 100 MB less resident memory for every embedded gateway.
 */
const PGLITE_START_PARAMS = [...PGlite.defaultStartParams, '-c', 'shared_buffers=32MB'];

async function openPGlite(
  dataDir: string | undefined,
  loadDataDir: Blob | undefined,
): Promise<Kysely<Schema>> {
  if (dataDir !== undefined) await mkdir(dataDir, { recursive: true });
  // An existing directory is opened as it is; only an empty one starts from a template.
  const fresh = dataDir === undefined || !existsSync(join(dataDir, 'PG_VERSION'));
  const template = fresh ? (loadDataDir ?? (await readTemplate())) : undefined;
  const pglite = await PGlite.create(dataDir, {
    startParams: PGLITE_START_PARAMS,
    ...(template ? { loadDataDir: template } : {}),
  });
  return new Kysely<Schema>({ dialect: new PGliteDialect(pglite) });
}

/**
 * Opens the event-store database — Postgres when `databaseUrl` is given, else PGlite in `dataDir`
 * or in memory — and migrates it to the latest schema before returning. Fails with a
 * StoreUnavailableError whose message names the backend and an error code, never the URL.
 */
export async function openDatabase(options: OpenDatabaseOptions): Promise<Database> {
  const { logger } = options;
  const kind = options.databaseUrl ? 'postgres' : 'pglite';
  const dataDir = options.dataDir ? resolve(options.dataDir) : undefined;
  if (kind === 'pglite' && dataDir === undefined && options.memory !== true) {
    throw new TypeError('openDatabase needs databaseUrl, dataDir or memory: true');
  }

  // Refused loudly rather than wrapped: two processes on one PGlite directory would corrupt it.
  const unlock = kind === 'pglite' && dataDir !== undefined ? await lockDataDir(dataDir) : null;
  let db: Kysely<Schema> | undefined;
  try {
    db = options.databaseUrl
      ? await openPostgres(options.databaseUrl, logger)
      : await openPGlite(dataDir, options.loadDataDir);
    await migrateToLatest(db, logger);
  } catch (error) {
    await db?.destroy().catch(() => undefined);
    await unlock?.();
    const code = errorCode(error);
    logger.error({ kind, code }, 'event store database could not be opened');
    throw new StoreUnavailableError(
      `could not open the ${kind} event store database${code ? ` (${code})` : ''}`,
    );
  }

  logger.info(
    kind === 'postgres' ? { kind } : { kind, dataDir: dataDir ?? ':memory:' },
    'event store database ready',
  );
  let closing: Promise<void> | undefined;
  const opened = db;
  return {
    db: opened,
    kind,
    close() {
      closing ??= opened.destroy().finally(() => unlock?.());
      return closing;
    },
  };
}
