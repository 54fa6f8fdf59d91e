import { type Kysely, type Selectable, sql, type Transaction } from 'kysely';
import type { RecordingStatus } from '../../datasources/types.js';
import type { Logger } from '../../logger.js';
import { decodeCursor, encodeCursor } from '../cursor.js';
import { buildStatusEvent, nextRecordingState, type RecordingState } from '../status-event.js';
import { isVisibleTransition } from '../transitions.js';
import {
  type AcceptOutcome,
  CursorExpiredError,
  type EventStore,
  type IdempotencyClaim,
  type IdempotencyStore,
  type PendingRecording,
  type RecordingStatusEvent,
  type StatusUpdate,
  StoreUnavailableError,
} from '../types.js';
import { type Database, errorCode } from './database.js';
import type { EventsTable, Schema } from './schema.js';

/**
 * Serialises every write to the event log across all replicas, so that events commit in `seq`
 * order: a reader that takes `seq > last` in order can never skip an event that commits later
 * with a smaller `seq`. The value is arbitrary but must never change ("rtk\x01").
 */
const EVENT_LOG_LOCK = 0x72746b01;

const NON_FINAL_STATUSES: readonly RecordingStatus[] = [
  'INVOKED',
  'RECORDING',
  'PAUSED',
  'UPLOADING',
];

/** An ISO-8601 instant normalised to what a timestamptz gives back (milliseconds, UTC). */
function toIso(value: string, name: string): string {
  const time = Date.parse(value);
  if (Number.isNaN(time)) throw new RangeError(`${name} must be an ISO-8601 timestamp`);
  return new Date(time).toISOString();
}

function toEvent(row: Selectable<EventsTable>): RecordingStatusEvent {
  return {
    cursor: encodeCursor(Number(row.seq)),
    recordingId: row.recording_id,
    meetingId: row.meeting_id,
    status: row.status,
    previousStatus: row.previous_status,
    occurredAt: row.occurred_at.toISOString(),
    source: row.source,
    recording: row.recording,
  };
}

async function lockEventLog(trx: Transaction<Schema>): Promise<void> {
  await sql`select pg_advisory_xact_lock(${sql.lit(EVENT_LOG_LOCK)})`.execute(trx);
}

async function readState(
  trx: Transaction<Schema>,
  recordingId: string,
): Promise<RecordingState | null> {
  const row = await trx
    .selectFrom('recordings')
    .select(['status', 'meeting_id'])
    .where('recording_id', '=', recordingId)
    .executeTakeFirst();
  return row ? { status: row.status, meetingId: row.meeting_id } : null;
}

async function acceptIn(
  trx: Transaction<Schema>,
  update: StatusUpdate,
  receivedAt: string,
): Promise<AcceptOutcome> {
  await lockEventLog(trx);
  const recordingId = update.recording.id;
  const previous = await readState(trx, recordingId);
  const visible = isVisibleTransition(previous?.status ?? null, update.recording.status);

  // The delivery goes in first: a conflict on rtk-uuid or body hash means this was accepted
  // before, and nothing else may change.
  const delivery = await trx
    .insertInto('deliveries')
    .values({
      delivery_id: update.deliveryId,
      webhook_id: update.webhookId,
      body_hash: update.bodyHash,
      organization_id: update.organizationId,
      received_at: receivedAt,
      recording_id: recordingId,
      status: update.recording.status,
      outcome: visible ? 'published' : 'stale',
      source: update.source,
    })
    .onConflict((oc) => oc.doNothing())
    .returning('id')
    .executeTakeFirst();
  if (delivery === undefined) return { kind: 'duplicate' };

  const next = nextRecordingState(update, previous, visible);
  if (!visible && previous !== null) {
    if (next.meetingId !== previous.meetingId) {
      await trx
        .updateTable('recordings')
        .set({ meeting_id: next.meetingId })
        .where('recording_id', '=', recordingId)
        .execute();
    }
    return { kind: 'stale', current: previous.status };
  }

  // The shared helper decides the event's shape; its cursor waits for the sequence number.
  const draft = buildStatusEvent({ ...update, receivedAt }, previous, 1);
  const { seq } = await trx
    .insertInto('events')
    .values({
      recording_id: draft.recordingId,
      meeting_id: draft.meetingId,
      status: draft.status,
      previous_status: draft.previousStatus,
      occurred_at: draft.occurredAt,
      source: draft.source,
      recording: JSON.stringify(draft.recording),
    })
    .returning('seq')
    .executeTakeFirstOrThrow();
  await trx
    .insertInto('recordings')
    .values({
      recording_id: recordingId,
      meeting_id: next.meetingId,
      status: next.status,
      changed_at: receivedAt,
    })
    .onConflict((oc) =>
      oc.column('recording_id').doUpdateSet({
        meeting_id: next.meetingId,
        status: next.status,
        changed_at: receivedAt,
      }),
    )
    .execute();
  return { kind: 'published', event: { ...draft, cursor: encodeCursor(Number(seq)) } };
}

async function claimIn(
  trx: Transaction<Schema>,
  key: string,
  requestHash: string,
  expiresAt: string,
): Promise<IdempotencyClaim> {
  // An expired key is gone as far as callers can tell; the row is only reused.
  await trx
    .deleteFrom('idempotency_keys')
    .where('key', '=', key)
    .where('expires_at', '<=', sql<Date>`now()`)
    .execute();
  const inserted = await trx
    .insertInto('idempotency_keys')
    .values({ key, request_hash: requestHash, state: 'pending', expires_at: expiresAt })
    .onConflict((oc) => oc.column('key').doNothing())
    .returning('key')
    .executeTakeFirst();
  if (inserted !== undefined) return { state: 'claimed' };

  const row = await trx
    .selectFrom('idempotency_keys')
    .select(['request_hash', 'state', 'recording'])
    .where('key', '=', key)
    .executeTakeFirstOrThrow();
  if (row.request_hash !== requestHash) return { state: 'mismatch' };
  if (row.state === 'done' && row.recording !== null) {
    return { state: 'done', recording: row.recording };
  }
  return { state: 'pending' };
}

/**
 * The durable event store over PGlite or Postgres (see `openDatabase`). Every write is one
 * transaction; cursors are the `events.seq` identity, so replicas sharing a database agree on
 * them. Database failures surface as StoreUnavailableError, without connection details. The
 * `Database` stays open on `close()`: its owner closes it.
 */
export function createSqlEventStore(
  database: Database,
  options: { logger?: Logger } = {},
): EventStore & IdempotencyStore {
  const { db } = database;
  const { logger } = options;
  let closed = false;

  async function guard<T>(operation: string, run: (db: Kysely<Schema>) => Promise<T>): Promise<T> {
    if (closed) throw new StoreUnavailableError('event store is closed');
    try {
      return await run(db);
    } catch (error) {
      if (error instanceof CursorExpiredError) throw error;
      // Messages from the driver may name hosts or users; the code says enough.
      logger?.warn({ operation, code: errorCode(error) }, 'event store operation failed');
      throw new StoreUnavailableError(`event store unavailable (${operation} failed)`);
    }
  }

  return {
    async accept(update) {
      const receivedAt = toIso(update.receivedAt, 'receivedAt');
      return guard('accept', (db) =>
        db.transaction().execute((trx) => acceptIn(trx, update, receivedAt)),
      );
    },

    async readAfter(cursor, limit) {
      const after = cursor === null ? 0 : decodeCursor(cursor);
      if (after === null) throw new RangeError('malformed cursor');
      if (!Number.isSafeInteger(limit) || limit < 1) {
        throw new RangeError('limit must be a positive integer');
      }
      return guard('readAfter', async (db) => {
        const rows = await db
          .selectFrom('events')
          .selectAll()
          .where('seq', '>', after)
          .orderBy('seq')
          .limit(limit)
          .execute();
        // Read after the events: a prune in between can only make this stricter, never hide a
        // gap in what was just read.
        if (after > 0) {
          const meta = await db
            .selectFrom('event_log_meta')
            .select('pruned_through')
            .executeTakeFirstOrThrow();
          if (after < Number(meta.pruned_through)) {
            throw new CursorExpiredError('events after this cursor are no longer kept');
          }
        }
        return rows.map(toEvent);
      });
    },

    latestCursor() {
      return guard('latestCursor', async (db) => {
        const row = await db
          .selectFrom('event_log_meta')
          .select((eb) => [
            'pruned_through',
            eb
              .selectFrom('events')
              .select((inner) => inner.fn.max('seq').as('seq'))
              .as('latest'),
          ])
          .executeTakeFirstOrThrow();
        // Once everything is pruned the newest cursor ever issued is still the place to resume.
        const latest = Math.max(Number(row.latest ?? 0), Number(row.pruned_through));
        return latest > 0 ? encodeCursor(latest) : null;
      });
    },

    history(recordingId) {
      return guard('history', async (db) => {
        const rows = await db
          .selectFrom('events')
          .selectAll()
          .where('recording_id', '=', recordingId)
          .orderBy('seq')
          .execute();
        return rows.map(toEvent);
      });
    },

    async pendingRecordings({ idleBefore, checkedBefore, limit }) {
      const idle = toIso(idleBefore, 'idleBefore');
      const checked = toIso(checkedBefore, 'checkedBefore');
      return guard('pendingRecordings', async (db): Promise<PendingRecording[]> => {
        const rows = await db
          .selectFrom('recordings')
          .select(['recording_id', 'meeting_id', 'status', 'changed_at'])
          .where('status', 'in', NON_FINAL_STATUSES)
          .where('changed_at', '<', new Date(idle))
          .where((eb) =>
            eb.or([eb('checked_at', 'is', null), eb('checked_at', '<', new Date(checked))]),
          )
          .orderBy('checked_at', (ob) => ob.asc().nullsFirst())
          .orderBy('changed_at')
          .orderBy('recording_id')
          .limit(limit)
          .execute();
        return rows.map((row) => ({
          recordingId: row.recording_id,
          meetingId: row.meeting_id,
          status: row.status,
          changedAt: row.changed_at.toISOString(),
        }));
      });
    },

    async markChecked(recordingIds, at) {
      const checkedAt = toIso(at, 'at');
      return guard('markChecked', async (db) => {
        if (recordingIds.length === 0) return;
        await db
          .updateTable('recordings')
          .set({ checked_at: checkedAt })
          .where('recording_id', 'in', recordingIds)
          .execute();
      });
    },

    async prune(before) {
      const cutoff = toIso(before, 'before');
      return guard('prune', (db) =>
        db.transaction().execute(async (trx) => {
          await lockEventLog(trx);
          // Prune a prefix of the log, up to the newest event older than the cutoff, so what is
          // kept is contiguous and `pruned_through` alone says which cursors have expired.
          const { through } = await trx
            .selectFrom('events')
            .select((eb) => eb.fn.max('seq').as('through'))
            .where('occurred_at', '<', new Date(cutoff))
            .executeTakeFirstOrThrow();
          let deleted = 0;
          if (through !== null) {
            const result = await trx
              .deleteFrom('events')
              .where('seq', '<=', through)
              .executeTakeFirst();
            deleted = Number(result.numDeletedRows);
            await trx
              .updateTable('event_log_meta')
              .set((eb) => ({
                pruned_through: sql<number>`greatest(${eb.ref('pruned_through')}, ${String(through)}::bigint)`,
              }))
              .execute();
          }
          await trx.deleteFrom('deliveries').where('received_at', '<', new Date(cutoff)).execute();
          await trx
            .deleteFrom('idempotency_keys')
            .where('expires_at', '<=', sql<Date>`now()`)
            .execute();
          return deleted;
        }),
      );
    },

    async claim(key, requestHash, expiresAt) {
      const expires = toIso(expiresAt, 'expiresAt');
      return guard('claim', (db) =>
        db.transaction().execute((trx) => claimIn(trx, key, requestHash, expires)),
      );
    },

    complete(key, recording) {
      return guard('complete', async (db) => {
        await db
          .updateTable('idempotency_keys')
          .set({ state: 'done', recording: JSON.stringify(recording) })
          .where('key', '=', key)
          .execute();
      });
    },

    release(key) {
      return guard('release', async (db) => {
        await db
          .deleteFrom('idempotency_keys')
          .where('key', '=', key)
          .where('state', '=', 'pending')
          .execute();
      });
    },

    async close() {
      closed = true;
    },
  };
}
