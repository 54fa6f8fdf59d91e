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
const EVENT_LOG_LOCK = 0x72746b01;

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
    await sql.raw(`begin; select pg_advisory_xact_lock(${EVENT_LOG_LOCK})`).execute(connection);
    let result: T;
    try {
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
 * and the state of its recordings — in one statement.
 */
async function readBefore(trx: Kysely<Schema>, arrivals: readonly Arrival[]) {
  const deliveryIds = arrivals.flatMap(({ update }) => update.deliveryId ?? []);
  const recordingIds = [...new Set(arrivals.map(({ update }) => update.recording.id))];
  const rows = await trx
    .selectFrom('recordings')
    .select([
      sql<boolean>`false`.as('seen'),
      'recording_id as id',
      'status',
      'meeting_id',
      'revision',
      'changed_at',
    ])
    .where('recording_id', 'in', recordingIds)
    .$if(deliveryIds.length > 0, (query) =>
      query.unionAll(
        trx
          .selectFrom('deliveries')
          .select([
            sql<boolean>`true`.as('seen'),
            sql<string>`delivery_id`.as('id'),
            sql<RecordingStatus>`null`.as('status'),
            sql<string | null>`null`.as('meeting_id'),
            sql<number>`null`.as('revision'),
            sql<Date>`null`.as('changed_at'),
          ])
          .where('delivery_id', 'in', deliveryIds),
      ),
    )
    .execute();
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
 * Writes the batch in one statement (data-modifying CTEs): its deliveries, one row per recording
 * it touched, and its events in decision order, each event then getting its cursor.
 *
 * Recording rows: status, meeting and time of change are absolute (only writers under the lock
 * change them); the counters are added, because the reconciler clears `recheck` without the lock.
 * Events: a multi-row insert numbers its rows in the order of its VALUES list; that order is
 * checked rather than trusted (cursors must follow decisions), and a violation rolls back.
 */
async function store(
  trx: Kysely<Schema>,
  deliveries: ReadonlyArray<{ arrival: Arrival; outcome: DeliveryOutcome }>,
  known: ReadonlyMap<string, Pending>,
  drafts: Drafts,
): Promise<void> {
  // Every stored delivery touches its recording's row; with none there is nothing to write.
  if (deliveries.length === 0) return;
  const touched = [...known].filter(([, state]) => state.stored > 0);
  const writes = trx
    .with('delivered', (db) =>
      db
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
        .returning('id'),
    )
    .with('recorded', (db) =>
      db
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
        .returning('recording_id'),
    );
  if (drafts.length === 0) {
    await writes.selectFrom('recorded').select('recording_id').execute();
    return;
  }
  const rows = await writes
    .with('inserted', (db) =>
      db
        .insertInto('events')
        .values(
          drafts.map(({ event }) => ({
            recording_id: event.recordingId,
            meeting_id: event.meetingId,
            status: event.status,
            previous_status: event.previousStatus,
            occurred_at: event.occurredAt,
            source: event.source,
            recording: JSON.stringify(event.recording),
          })),
        )
        .returning('seq'),
    )
    .selectFrom('inserted')
    .select('seq')
    .execute();
  const sequences = rows.map((row) => Number(row.seq));
  const ordered =
    sequences.length === drafts.length &&
    sequences.every((seq, index) => index === 0 || seq > (sequences[index - 1] ?? seq));
  if (!ordered) throw new Error('event sequence numbers did not follow the insert order');
  drafts.forEach((draft, index) => {
    draft.event = { ...draft.event, cursor: encodeCursor(sequences[index] as number) };
  });
}
