import { sql, type Transaction } from 'kysely';
import type { RecordingStatus } from '../../datasources/types.js';
import { encodeCursor } from '../cursor.js';
import { buildStatusEvent, meetingOf, type RecordingState } from '../status-event.js';
import { type Decision, decideTransition } from '../transitions.js';
import type { AcceptOutcome, StatusUpdate } from '../types.js';
import type { DeliveryOutcome, Schema } from './schema.js';

/** The write path of the event log: one status update, decided and stored in one transaction. */

/**
 * Serialises every write to the event log across all replicas, so that events commit in `seq`
 * order: a reader that takes `seq > last` in order can never skip an event that commits later
 * with a smaller `seq`. It also makes each decision below see the state every earlier write left.
 * The value is arbitrary but must never change ("rtk\x01").
 */
const EVENT_LOG_LOCK = 0x72746b01;

export async function lockEventLog(trx: Transaction<Schema>): Promise<void> {
  await sql`select pg_advisory_xact_lock(${sql.lit(EVENT_LOG_LOCK)})`.execute(trx);
}

type Unpublished = Exclude<Decision, 'publish' | 'confirm'>;

const STORED_AS: Record<Unpublished, DeliveryOutcome> = {
  unchanged: 'unchanged',
  stale: 'stale',
  defer: 'deferred',
};

function unpublished(decision: Unpublished, current: RecordingStatus): AcceptOutcome {
  return decision === 'defer' ? { kind: 'deferred', current } : { kind: decision, current };
}

async function readState(
  trx: Transaction<Schema>,
  recordingId: string,
): Promise<RecordingState | null> {
  const row = await trx
    .selectFrom('recordings')
    .select(['status', 'meeting_id', 'revision'])
    .where('recording_id', '=', recordingId)
    .executeTakeFirst();
  return row ? { status: row.status, meetingId: row.meeting_id, revision: row.revision } : null;
}

/**
 * What upstream said, if it still applies: an answer to a question raised before another delivery
 * of the recording was stored may predate that delivery's change, so it is no answer at all. "Could
 * not ask" (null) holds whatever was stored since.
 */
function upstreamAnswer(
  update: StatusUpdate,
  state: RecordingState,
): RecordingStatus | null | undefined {
  const { upstream } = update;
  if (upstream === undefined) return undefined;
  if (upstream.status === null) return null;
  return upstream.revision === state.revision ? upstream.status : undefined;
}

async function seenBefore(trx: Transaction<Schema>, deliveryId: string | null): Promise<boolean> {
  if (deliveryId === null) return false;
  const row = await trx
    .selectFrom('deliveries')
    .select('id')
    .where('delivery_id', '=', deliveryId)
    .executeTakeFirst();
  return row !== undefined;
}

async function storeDelivery(
  trx: Transaction<Schema>,
  update: StatusUpdate,
  receivedAt: string,
  outcome: DeliveryOutcome,
): Promise<void> {
  await trx
    .insertInto('deliveries')
    .values({
      delivery_id: update.deliveryId,
      webhook_id: update.webhookId,
      body_hash: update.bodyHash,
      organization_id: update.organizationId,
      received_at: receivedAt,
      recording_id: update.recording.id,
      status: update.recording.status,
      outcome,
      source: update.source,
    })
    .execute();
}

export async function acceptIn(
  trx: Transaction<Schema>,
  update: StatusUpdate,
  receivedAt: string,
): Promise<AcceptOutcome> {
  await lockEventLog(trx);
  if (await seenBefore(trx, update.deliveryId)) return { kind: 'duplicate' };
  const recordingId = update.recording.id;
  const previous = await readState(trx, recordingId);
  const meetingId = meetingOf(update, previous);

  if (previous !== null) {
    const decision = decideTransition(
      previous.status,
      update.recording.status,
      upstreamAnswer(update, previous),
    );
    if (decision === 'confirm') {
      return { kind: 'unconfirmed', current: previous.status, revision: previous.revision };
    }
    if (decision !== 'publish') {
      await storeDelivery(trx, update, receivedAt, STORED_AS[decision]);
      // Not a change, but it moves the revision, may name the meeting an earlier update left
      // out, or queue a check.
      await trx
        .updateTable('recordings')
        .set((eb) => ({
          meeting_id: meetingId,
          revision: eb('revision', '+', 1),
          ...(decision === 'defer' ? { recheck: eb('recheck', '+', 1) } : {}),
        }))
        .where('recording_id', '=', recordingId)
        .execute();
      return unpublished(decision, previous.status);
    }
  }

  await storeDelivery(trx, update, receivedAt, 'published');
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
  const state = { meeting_id: meetingId, status: draft.status, changed_at: receivedAt };
  await trx
    .insertInto('recordings')
    .values({ recording_id: recordingId, ...state, revision: 1 })
    .onConflict((oc) =>
      oc
        .column('recording_id')
        .doUpdateSet((eb) => ({ ...state, revision: eb('recordings.revision', '+', 1) })),
    )
    .execute();
  return { kind: 'published', event: { ...draft, cursor: encodeCursor(Number(seq)) } };
}
