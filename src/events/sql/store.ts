import { type Kysely, type Selectable, sql } from 'kysely';
import type { RecordingStatus, RecordingStatusEvent } from '../../domain/model.js';
import type { Logger } from '../../logger.js';
import { type Metrics, NO_METRICS } from '../../metrics/metrics.js';
import { decodeCursor, encodeCursor } from '../cursor.js';
import {
  type AcceptOutcome,
  CursorExpiredError,
  type EventFilter,
  type EventStore,
  type PendingRecording,
  StoreUnavailableError,
} from '../types.js';
import { type Arrival, acceptBatchIn, inEventLogTransaction } from './accept.js';
import { type Database, errorCode } from './database.js';
import { createGroupCommit } from './group-commit.js';
import type { EventsTable, Schema } from './schema.js';

/** Deliveries one group commit takes at most. */
const MAX_BATCH = 128;

/** SQLSTATE classes 22 (data exception) and 23 (integrity constraint): this data, not an outage. */
const isDataError = (error: unknown) => /^2[23]/.test(errorCode(error) ?? '');

const NON_FINAL_STATUSES: readonly RecordingStatus[] = [
  'INVOKED',
  'RECORDING',
  'PAUSED',
  'UPLOADING',
];

/** A filter with an empty set can match no event: no need to ask the database. */
function nothingMatches(filter: EventFilter | null): boolean {
  return filter?.meetingIds?.size === 0 || filter?.statuses?.size === 0;
}

/** An ISO-8601 instant normalised to what a timestamptz gives back (milliseconds, UTC). */
function toIso(value: string, name: string): string {
  const time = Date.parse(value);
  if (Number.isNaN(time)) throw new RangeError(`${name} must be an ISO-8601 timestamp`);
  return new Date(time).toISOString();
}

type EventRow = Selectable<EventsTable>;

function toEvent(row: EventRow): RecordingStatusEvent {
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

/**
 * The durable event store over PGlite or Postgres (see `openDatabase`). Every write is one
 * transaction; cursors are the `events.seq` identity, so replicas sharing a database agree on
 * them. Database failures surface as StoreUnavailableError, without connection details. The
 * `Database` stays open on `close()`: its owner closes it.
 */
export function createSqlEventStore(
  database: Database,
  options: { logger?: Logger; metrics?: Pick<Metrics, 'eventStored'> } = {},
): EventStore {
  const { db } = database;
  const { logger } = options;
  const metrics = options.metrics ?? NO_METRICS;
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

  const commits = createGroupCommit<Arrival, AcceptOutcome>({
    write: (arrivals) =>
      inEventLogTransaction(db, database.kind, (trx) => acceptBatchIn(trx, arrivals)),
    maxBatch: MAX_BATCH,
    retryAlone: isDataError,
  });

  return {
    async accept(update) {
      const receivedAt = toIso(update.receivedAt, 'receivedAt');
      const outcome = await guard('accept', () => commits.submit({ update, receivedAt }));
      if (outcome.kind === 'published') {
        metrics.eventStored(update.source === 'WEBHOOK' ? 'webhook' : 'reconciler');
      }
      return outcome;
    },

    async readAfter(cursor, limit, filter = null) {
      const after = cursor === null ? 0 : decodeCursor(cursor);
      if (after === null) throw new RangeError('malformed cursor');
      if (!Number.isSafeInteger(limit) || limit < 1) {
        throw new RangeError('limit must be a positive integer');
      }
      // Nothing can match: no events to miss, so no read and no gap to report either.
      if (nothingMatches(filter)) return [];
      return guard('readAfter', async (db) => {
        // One statement, so one snapshot: the events and the prune mark agree, and a cursor whose
        // successors were pruned is never answered with what remains after the gap.
        const rows = await db
          .selectFrom('event_log_meta as meta')
          .leftJoinLateral(
            (eb) =>
              eb
                .selectFrom('events')
                .selectAll()
                .where('seq', '>', after)
                .$if(filter?.meetingIds != null, (query) =>
                  query.where('meeting_id', 'in', [...(filter?.meetingIds ?? [''])]),
                )
                .$if(filter?.recordingId != null, (query) =>
                  query.where('recording_id', '=', filter?.recordingId ?? ''),
                )
                .$if(filter?.statuses != null, (query) =>
                  query.where('status', 'in', [...(filter?.statuses ?? ['INVOKED'])]),
                )
                .orderBy('seq')
                .limit(limit)
                .as('event'),
            (join) => join.onTrue(),
          )
          .select([
            'meta.pruned_through',
            'event.seq',
            'event.recording_id',
            'event.meeting_id',
            'event.status',
            'event.previous_status',
            'event.occurred_at',
            'event.source',
            'event.recording',
          ])
          .orderBy('event.seq')
          .execute();
        if (after > 0 && after < Number(rows[0]?.pruned_through ?? 0)) {
          throw new CursorExpiredError('events after this cursor are no longer kept');
        }
        return rows.flatMap((row) => (row.seq === null ? [] : [toEvent(row as EventRow)]));
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

    histories(recordingIds) {
      return guard('histories', async (db) => {
        const byRecording = new Map(recordingIds.map((id) => [id, [] as RecordingStatusEvent[]]));
        if (byRecording.size === 0) return byRecording;
        const rows = await db
          .selectFrom('events')
          .selectAll()
          .where('recording_id', 'in', [...byRecording.keys()])
          .orderBy('seq')
          .execute();
        for (const row of rows) byRecording.get(row.recording_id)?.push(toEvent(row));
        return byRecording;
      });
    },

    async pendingRecordings({ idleBefore, checkedBefore, limit }) {
      const idle = toIso(idleBefore, 'idleBefore');
      const checked = toIso(checkedBefore, 'checkedBefore');
      return guard('pendingRecordings', async (db): Promise<PendingRecording[]> => {
        const rows = await db
          .selectFrom('recordings')
          .select(['recording_id', 'meeting_id', 'status', 'changed_at', 'recheck', 'revision'])
          .where('status', 'in', NON_FINAL_STATUSES)
          .where((eb) =>
            eb.or([
              eb('recheck', '>', 0),
              eb.and([
                eb('changed_at', '<', new Date(idle)),
                eb.or([eb('checked_at', 'is', null), eb('checked_at', '<', new Date(checked))]),
              ]),
            ]),
          )
          .orderBy(sql`recheck > 0`, 'desc')
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
          recheck: row.recheck,
          revision: row.revision,
        }));
      });
    },

    async markChecked(checked, at) {
      const checkedAt = toIso(at, 'at');
      return guard('markChecked', async (db) => {
        if (checked.length === 0) return;
        await db.transaction().execute(async (trx) => {
          await trx
            .updateTable('recordings')
            .set({ checked_at: checkedAt })
            .where(
              'recording_id',
              'in',
              checked.map((entry) => entry.recordingId),
            )
            .execute();
          const flagged = checked.filter((entry) => entry.recheck > 0);
          if (flagged.length === 0) return;
          await trx
            .updateTable('recordings')
            .set({ recheck: 0 })
            .where((eb) =>
              eb.or(
                flagged.map((entry) =>
                  eb.and([
                    eb('recording_id', '=', entry.recordingId),
                    eb('recheck', '=', entry.recheck),
                  ]),
                ),
              ),
            )
            .execute();
        });
      });
    },

    async prune(before) {
      const cutoff = toIso(before, 'before');
      return guard('prune', (db) =>
        inEventLogTransaction(db, database.kind, async (trx) => {
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

    async close() {
      closed = true;
    },
  };
}
