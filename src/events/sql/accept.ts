import { sql, type Transaction } from 'kysely';
import type { RecordingStatus } from '../../datasources/types.js';
import { encodeCursor } from '../cursor.js';
import { buildStatusEvent, meetingOf, type RecordingState } from '../status-event.js';
import { type Decision, decideTransition } from '../transitions.js';
import type { AcceptOutcome, StatusUpdate } from '../types.js';
import type { DeliveryOutcome, Schema } from './schema.js';

/**
 * The write path of the event log: a batch of status updates, decided one after another in
 * arrival order and stored in one transaction (one update is a batch of one).
 */

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

/** One update to store, with the time it was received (ISO-8601, as the database keeps it). */
export interface Arrival {
  update: StatusUpdate;
  receivedAt: string;
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

/** A recording's row as this batch leaves it: absolute state, and counters to add. */
interface Pending extends RecordingState {
  changedAt: string;
  /** Deliveries stored in this batch. */
  stored: number;
  /** Deferrals in this batch. */
  deferred: number;
}

/** Reads, under the lock, what the batch needs to decide: known deliveries and recordings. */
async function readBefore(trx: Transaction<Schema>, arrivals: readonly Arrival[]) {
  const deliveryIds = arrivals.flatMap(({ update }) => update.deliveryId ?? []);
  const recordingIds = [...new Set(arrivals.map(({ update }) => update.recording.id))];
  const seen = new Set<string>();
  if (deliveryIds.length > 0) {
    const rows = await trx
      .selectFrom('deliveries')
      .select('delivery_id')
      .where('delivery_id', 'in', deliveryIds)
      .execute();
    for (const row of rows) if (row.delivery_id !== null) seen.add(row.delivery_id);
  }
  const rows = await trx
    .selectFrom('recordings')
    .select(['recording_id', 'status', 'meeting_id', 'revision', 'changed_at'])
    .where('recording_id', 'in', recordingIds)
    .execute();
  const known = new Map<string, Pending>(
    rows.map((row) => [
      row.recording_id,
      {
        status: row.status,
        meetingId: row.meeting_id,
        revision: row.revision,
        changedAt: row.changed_at.toISOString(),
        stored: 0,
        deferred: 0,
      },
    ]),
  );
  return { seen, known };
}

/**
 * Decides and stores `arrivals` in one transaction, in order: each decision sees the state the
 * earlier ones left, exactly as if they had been accepted one by one. Events are inserted one at a
 * time so each gets its `seq` in decision order; deliveries and recording rows go in one statement
 * each.
 */
export async function acceptBatchIn(
  trx: Transaction<Schema>,
  arrivals: readonly Arrival[],
): Promise<AcceptOutcome[]> {
  await lockEventLog(trx);
  const { seen, known } = await readBefore(trx, arrivals);
  const outcomes: AcceptOutcome[] = [];
  const deliveries: Array<{ arrival: Arrival; outcome: DeliveryOutcome }> = [];

  for (const arrival of arrivals) {
    const { update, receivedAt } = arrival;
    if (update.deliveryId !== null && seen.has(update.deliveryId)) {
      outcomes.push({ kind: 'duplicate' });
      continue;
    }
    const recordingId = update.recording.id;
    const previous = known.get(recordingId) ?? null;
    let decision: Decision = 'publish';
    if (previous !== null) {
      decision = decideTransition(
        previous.status,
        update.recording.status,
        upstreamAnswer(update, previous),
      );
      if (decision === 'confirm') {
        const { status: current, revision } = previous;
        outcomes.push({ kind: 'unconfirmed', current, revision });
        continue;
      }
    }
    if (update.deliveryId !== null) seen.add(update.deliveryId);
    const meetingId = meetingOf(update, previous);
    const state: Pending = previous ?? {
      status: update.recording.status,
      meetingId,
      revision: 0,
      changedAt: receivedAt,
      stored: 0,
      deferred: 0,
    };
    state.meetingId = meetingId;
    state.revision += 1;
    state.stored += 1;
    known.set(recordingId, state);

    if (decision !== 'publish' && previous !== null) {
      if (decision === 'defer') state.deferred += 1;
      deliveries.push({ arrival, outcome: STORED_AS[decision] });
      outcomes.push(unpublished(decision, previous.status));
      continue;
    }
    deliveries.push({ arrival, outcome: 'published' });
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
    state.status = draft.status;
    state.changedAt = receivedAt;
    outcomes.push({ kind: 'published', event: { ...draft, cursor: encodeCursor(Number(seq)) } });
  }

  await storeDeliveries(trx, deliveries);
  await storeRecordings(trx, known);
  return outcomes;
}

async function storeDeliveries(
  trx: Transaction<Schema>,
  deliveries: ReadonlyArray<{ arrival: Arrival; outcome: DeliveryOutcome }>,
): Promise<void> {
  if (deliveries.length === 0) return;
  await trx
    .insertInto('deliveries')
    .values(
      deliveries.map(({ arrival: { update, receivedAt }, outcome }) => ({
        delivery_id: update.deliveryId,
        webhook_id: update.webhookId,
        body_hash: update.bodyHash,
        organization_id: update.organizationId,
        received_at: receivedAt,
        recording_id: update.recording.id,
        status: update.recording.status,
        outcome,
        source: update.source,
      })),
    )
    .execute();
}

/**
 * One row per recording the batch touched. Status, meeting and time of change are absolute (only
 * writers under the lock change them); the counters are added, because the reconciler clears
 * `recheck` without the lock.
 */
async function storeRecordings(
  trx: Transaction<Schema>,
  known: ReadonlyMap<string, Pending>,
): Promise<void> {
  const touched = [...known].filter(([, state]) => state.stored > 0);
  if (touched.length === 0) return;
  await trx
    .insertInto('recordings')
    .values(
      touched.map(([recordingId, state]) => ({
        recording_id: recordingId,
        meeting_id: state.meetingId,
        status: state.status,
        changed_at: state.changedAt,
        revision: state.stored,
        recheck: state.deferred,
      })),
    )
    .onConflict((oc) =>
      oc.column('recording_id').doUpdateSet((eb) => ({
        meeting_id: eb.ref('excluded.meeting_id'),
        status: eb.ref('excluded.status'),
        changed_at: eb.ref('excluded.changed_at'),
        revision: eb('recordings.revision', '+', eb.ref('excluded.revision')),
        recheck: eb('recordings.recheck', '+', eb.ref('excluded.recheck')),
      })),
    )
    .execute();
}
