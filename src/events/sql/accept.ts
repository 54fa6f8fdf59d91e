import { sql, type Transaction } from 'kysely';
import { encodeCursor } from '../cursor.js';
import { buildStatusEvent, nextRecordingState, type RecordingState } from '../status-event.js';
import { isVisibleTransition } from '../transitions.js';
import type { AcceptOutcome, StatusUpdate } from '../types.js';
import type { Schema } from './schema.js';

/** The write path of the event log: one status update, decided and stored in one transaction. */

/**
 * Serialises every write to the event log across all replicas, so that events commit in `seq`
 * order: a reader that takes `seq > last` in order can never skip an event that commits later
 * with a smaller `seq`. The value is arbitrary but must never change ("rtk\x01").
 */
const EVENT_LOG_LOCK = 0x72746b01;

export async function lockEventLog(trx: Transaction<Schema>): Promise<void> {
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

export async function acceptIn(
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
