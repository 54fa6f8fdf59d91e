import { type Kysely, sql } from 'kysely';
import type { RecordingStatus, RecordingStatusEvent } from '../../domain/model.js';
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
export const EVENT_LOG_LOCK = 0x72746b01;

/**
 * Runs `work` in a transaction that holds the event log's lock from its start to its commit. On
 * Postgres the BEGIN and the lock travel in one round trip (two statements in one simple-protocol
 * query, which takes no parameters): every batch of the intake pays these round trips while other
 * writers wait, so one fewer is felt in every acknowledgement. PGlite answers in process and takes
 * one statement per query, so it gets a plain transaction.
 */
export async function inEventLogTransaction<T>(
  db: Kysely<Schema>,
  kind: 'postgres' | 'pglite',
  work: (trx: Kysely<Schema>) => Promise<T>,
): Promise<T> {
  if (kind === 'pglite') {
    return db.transaction().execute(async (trx) => {
      await sql`select pg_advisory_xact_lock(${sql.lit(EVENT_LOG_LOCK)})`.execute(trx);
      return work(trx);
    });
  }
  return db.connection().execute(async (connection) => {
    let result: T;
    try {
      // Inside the try: a lock wait that times out leaves the transaction open and aborted, and
      // the connection must not go back to the pool that way.
      await sql.raw(`begin; select pg_advisory_xact_lock(${EVENT_LOG_LOCK})`).execute(connection);
      result = await work(connection);
    } catch (error) {
      // The original error is the one to report; a connection that is gone rolls back by itself.
      await sql`rollback`.execute(connection).catch(() => undefined);
      throw error;
    }
    await sql`commit`.execute(connection);
    return result;
  });
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

/**
 * Reads, under the lock, what the batch needs to decide — which of its deliveries were seen before
 * and the state of its recordings — in one statement, whose text (like the write's) is the same
 * for every batch: the ids go as JSON arrays.
 */
async function readBefore(trx: Kysely<Schema>, arrivals: readonly Arrival[]) {
  const deliveryIds = arrivals.flatMap(({ update }) => update.deliveryId ?? []);
  const recordingIds = [...new Set(arrivals.map(({ update }) => update.recording.id))];
  const { rows } = await sql<{
    seen: boolean;
    id: string;
    status: RecordingStatus;
    meeting_id: string | null;
    revision: number;
    changed_at: Date;
  }>`
    select false as seen, recording_id as id, status, meeting_id, revision, changed_at
    from recordings
    where recording_id in (select jsonb_array_elements_text(${JSON.stringify(recordingIds)}::jsonb))
    union all
    select true, delivery_id, null, null, null, null
    from deliveries
    where delivery_id in (select jsonb_array_elements_text(${JSON.stringify(deliveryIds)}::jsonb))
  `.execute(trx);
  const seen = new Set<string>();
  const known = new Map<string, Pending>();
  for (const row of rows) {
    if (row.seen) {
      seen.add(row.id);
      continue;
    }
    known.set(row.id, {
      status: row.status,
      meetingId: row.meeting_id,
      revision: row.revision,
      changedAt: new Date(row.changed_at).toISOString(),
      stored: 0,
      deferred: 0,
    });
  }
  return { seen, known };
}

/**
 * Decides and stores `arrivals`, in order, in a transaction that holds the event log's lock
 * (`inEventLogTransaction`): each decision sees the state the earlier ones left, exactly as if they
 * had been accepted one by one. One statement reads what the decisions need and one writes what
 * they decided.
 */
export async function acceptBatchIn(
  trx: Kysely<Schema>,
  arrivals: readonly Arrival[],
): Promise<AcceptOutcome[]> {
  const { seen, known } = await readBefore(trx, arrivals);
  const outcomes: AcceptOutcome[] = [];
  // Published outcomes, whose events get their cursors once inserted.
  const drafts: Drafts = [];
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
    state.status = draft.status;
    state.changedAt = receivedAt;
    const outcome = { kind: 'published' as const, event: draft };
    drafts.push(outcome);
    outcomes.push(outcome);
  }

  await store(trx, deliveries, known, drafts);
  return outcomes;
}

type Drafts = Array<{ kind: 'published'; event: RecordingStatusEvent }>;

/**
 * The batch's write: its deliveries, one row per recording it touched, and its events in decision
 * order, in one statement of data-modifying CTEs (each runs once, referenced or not). The rows go
 * as three JSON arrays, so the statement's text is the same for every batch: Postgres parses one
 * short statement instead of a VALUES list as long as the batch, and nothing per row is spelled
 * into SQL.
 *
 * Recording rows: status, meeting and time of change are absolute (only writers under the lock
 * change them); the counters are added, because the reconciler clears `recheck` without the lock.
 * Events are inserted in the order of their array (`ordinality`), which is the order their `seq`
 * values are drawn in; that order is checked rather than trusted (cursors must follow decisions),
 * and a violation rolls back.
 */
const writeBatch = (deliveries: string, recordings: string, events: string) => sql<{
  seq: string;
}>`
with delivered as (
  insert into deliveries
    (delivery_id, webhook_id, body_hash, organization_id, received_at, recording_id, status,
     outcome, source)
  select delivery_id, webhook_id, body_hash, organization_id, received_at, recording_id, status,
     outcome, source
  from jsonb_to_recordset(${deliveries}::jsonb) as d(delivery_id text, webhook_id text,
     body_hash text, organization_id text, received_at timestamptz, recording_id text,
     status text, outcome text, source text)
), recorded as (
  insert into recordings (recording_id, meeting_id, status, changed_at, revision, recheck)
  select recording_id, meeting_id, status, changed_at, revision, recheck
  from jsonb_to_recordset(${recordings}::jsonb) as r(recording_id text, meeting_id text,
     status text, changed_at timestamptz, revision integer, recheck integer)
  on conflict (recording_id) do update set
    meeting_id = excluded.meeting_id,
    status = excluded.status,
    changed_at = excluded.changed_at,
    revision = recordings.revision + excluded.revision,
    recheck = recordings.recheck + excluded.recheck
), inserted as (
  insert into events
    (recording_id, meeting_id, status, previous_status, occurred_at, source, recording)
  select e->>'recording_id', e->>'meeting_id', e->>'status', e->>'previous_status',
     (e->>'occurred_at')::timestamptz, e->>'source', e->'recording'
  from jsonb_array_elements(${events}::jsonb) with ordinality as x(e, n)
  order by n
  returning seq
)
select seq from inserted
`;

async function store(
  trx: Kysely<Schema>,
  deliveries: ReadonlyArray<{ arrival: Arrival; outcome: DeliveryOutcome }>,
  known: ReadonlyMap<string, Pending>,
  drafts: Drafts,
): Promise<void> {
  // Every stored delivery touches its recording's row; with none there is nothing to write.
  if (deliveries.length === 0) return;
  const delivered = deliveries.map(({ arrival: { update, receivedAt }, outcome }) => ({
    delivery_id: update.deliveryId,
    webhook_id: update.webhookId,
    body_hash: update.bodyHash,
    organization_id: update.organizationId,
    received_at: receivedAt,
    recording_id: update.recording.id,
    status: update.recording.status,
    outcome,
    source: update.source,
  }));
  const recorded = [...known]
    .filter(([, state]) => state.stored > 0)
    .map(([recordingId, state]) => ({
      recording_id: recordingId,
      meeting_id: state.meetingId,
      status: state.status,
      changed_at: state.changedAt,
      revision: state.stored,
      recheck: state.deferred,
    }));
  const events = drafts.map(({ event }) => ({
    recording_id: event.recordingId,
    meeting_id: event.meetingId,
    status: event.status,
    previous_status: event.previousStatus,
    occurred_at: event.occurredAt,
    source: event.source,
    recording: event.recording,
  }));
  const { rows } = await writeBatch(
    JSON.stringify(delivered),
    JSON.stringify(recorded),
    JSON.stringify(events),
  ).execute(trx);
  // Rows come back in the order they were inserted, which is decision order: their numbers must
  // increase along it, or cursors would not follow decisions.
  const sequences = rows.map((row) => Number(row.seq));
  const ordered =
    sequences.length === drafts.length &&
    sequences.every((seq, index) => index === 0 || seq > (sequences[index - 1] ?? seq));
  if (!ordered) throw new Error('event sequence numbers did not follow the insert order');
  drafts.forEach((draft, index) => {
    draft.event = { ...draft.event, cursor: encodeCursor(sequences[index] as number) };
  });
}
