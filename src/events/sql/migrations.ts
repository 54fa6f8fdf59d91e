import { type Kysely, type Migration, type MigrationProvider, Migrator, sql } from 'kysely';
import type { Logger } from '../../logger.js';

/**
 * The event store's schema, one migration per change, oldest first. The same migrations serve
 * PGlite and Postgres. Never edit a migration that has shipped; add the next one.
 */
const MIGRATIONS: Record<string, Migration> = {
  '0001-event-store': {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('deliveries')
        .addColumn('id', 'bigint', (col) => col.generatedAlwaysAsIdentity().primaryKey())
        // Unique but nullable: deliveries without an rtk-uuid are deduplicated by body alone.
        .addColumn('delivery_id', 'text', (col) => col.unique())
        .addColumn('webhook_id', 'text')
        .addColumn('body_hash', 'text', (col) => col.notNull().unique())
        .addColumn('organization_id', 'text')
        .addColumn('received_at', 'timestamptz', (col) => col.notNull())
        .addColumn('recording_id', 'text', (col) => col.notNull())
        .addColumn('status', 'text', (col) => col.notNull())
        .addColumn('outcome', 'text', (col) => col.notNull())
        .addColumn('source', 'text', (col) => col.notNull())
        .execute();
      await db.schema
        .createIndex('deliveries_received_at_idx')
        .on('deliveries')
        .column('received_at')
        .execute();

      await db.schema
        .createTable('events')
        .addColumn('seq', 'bigint', (col) => col.generatedAlwaysAsIdentity().primaryKey())
        .addColumn('recording_id', 'text', (col) => col.notNull())
        .addColumn('meeting_id', 'text')
        .addColumn('status', 'text', (col) => col.notNull())
        .addColumn('previous_status', 'text')
        .addColumn('occurred_at', 'timestamptz', (col) => col.notNull())
        .addColumn('source', 'text', (col) => col.notNull())
        .addColumn('recording', 'jsonb', (col) => col.notNull())
        .execute();
      await db.schema
        .createIndex('events_recording_id_idx')
        .on('events')
        .columns(['recording_id', 'seq'])
        .execute();
      await db.schema
        .createIndex('events_occurred_at_idx')
        .on('events')
        .column('occurred_at')
        .execute();

      await db.schema
        .createTable('recordings')
        .addColumn('recording_id', 'text', (col) => col.primaryKey())
        .addColumn('meeting_id', 'text')
        .addColumn('status', 'text', (col) => col.notNull())
        .addColumn('changed_at', 'timestamptz', (col) => col.notNull())
        .addColumn('checked_at', 'timestamptz')
        .execute();
      await db.schema
        .createIndex('recordings_changed_at_idx')
        .on('recordings')
        .column('changed_at')
        .execute();

      await db.schema
        .createTable('idempotency_keys')
        .addColumn('key', 'text', (col) => col.primaryKey())
        .addColumn('request_hash', 'text', (col) => col.notNull())
        .addColumn('state', 'text', (col) => col.notNull())
        .addColumn('recording', 'jsonb')
        .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
        .addColumn('expires_at', 'timestamptz', (col) => col.notNull())
        .execute();
      await db.schema
        .createIndex('idempotency_keys_expires_at_idx')
        .on('idempotency_keys')
        .column('expires_at')
        .execute();

      await db.schema
        .createTable('event_log_meta')
        .addColumn('id', 'integer', (col) => col.primaryKey().check(sql`id = 1`))
        .addColumn('pruned_through', 'bigint', (col) => col.notNull().defaultTo(0))
        .execute();
      await db
        .withTables<{ event_log_meta: { id: number } }>()
        .insertInto('event_log_meta')
        .values({ id: 1 })
        .execute();
    },

    async down(db: Kysely<unknown>): Promise<void> {
      for (const table of [
        'event_log_meta',
        'idempotency_keys',
        'recordings',
        'events',
        'deliveries',
      ]) {
        await db.schema.dropTable(table).ifExists().execute();
      }
    },
  },

  // Deliveries are deduplicated by rtk-uuid and by the recording's state, never by bytes:
  // RealtimeKit's payload has no time of change, so a resume repeats the first RECORDING's body.
  '0002-delivery-semantics': {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .alterTable('deliveries')
        .dropConstraint('deliveries_body_hash_key')
        .ifExists()
        .execute();
      await db.schema
        .alterTable('deliveries')
        .alterColumn('body_hash', (col) => col.dropNotNull())
        .execute();
      await db.schema
        .alterTable('recordings')
        .addColumn('recheck', 'integer', (col) => col.notNull().defaultTo(0))
        .addColumn('revision', 'integer', (col) => col.notNull().defaultTo(0))
        .execute();
      // Replays read one meeting's events (or a token's meetings) after a cursor.
      await db.schema
        .createIndex('events_meeting_id_idx')
        .on('events')
        .columns(['meeting_id', 'seq'])
        .execute();
      await db.schema
        .createIndex('recordings_recheck_idx')
        .on('recordings')
        .column('recording_id')
        .where(sql.ref('recheck'), '>', 0)
        .execute();
    },

    async down(db: Kysely<unknown>): Promise<void> {
      await db.schema.dropIndex('recordings_recheck_idx').ifExists().execute();
      await db.schema.dropIndex('events_meeting_id_idx').ifExists().execute();
      await db.schema
        .alterTable('recordings')
        .dropColumn('recheck')
        .dropColumn('revision')
        .execute();
    },
  },

  // A pending key carries a lease its claimer renews while the start runs, and the claim's token:
  // a key whose claimer died (the lease passed) is taken over by the next retry, and what the
  // first claimer does after losing it changes nothing. Rows written before, or by a replica not
  // yet upgraded, get a lease longer than any start can take.
  '0003-idempotency-lease': {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .alterTable('idempotency_keys')
        .addColumn('lease_until', 'timestamptz', (col) =>
          col.notNull().defaultTo(sql`now() + interval '5 minutes'`),
        )
        .addColumn('claim_token', 'text')
        .execute();
    },

    async down(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .alterTable('idempotency_keys')
        .dropColumn('lease_until')
        .dropColumn('claim_token')
        .execute();
    },
  },
};

/** Every migration's name, oldest first: what a migrated database has applied. */
export const MIGRATION_NAMES: readonly string[] = Object.keys(MIGRATIONS);

const provider: MigrationProvider = {
  async getMigrations() {
    return MIGRATIONS;
  },
};

/**
 * Brings the schema up to date. Kysely's Migrator holds a Postgres advisory lock while it runs,
 * so replicas starting together apply each migration once and the others wait, then find nothing
 * to do. Throws the migration's error when one fails (its transaction is rolled back).
 */
export async function migrateToLatest<DB>(db: Kysely<DB>, logger: Logger): Promise<void> {
  const migrator = new Migrator({
    db,
    provider,
    migrationTableName: 'event_store_migration',
    migrationLockTableName: 'event_store_migration_lock',
  });
  const { error, results } = await migrator.migrateToLatest();
  for (const result of results ?? []) {
    if (result.status === 'Success') {
      logger.info({ migration: result.migrationName }, 'event store migration applied');
    }
  }
  if (error !== undefined) throw error;
}
