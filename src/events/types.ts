import type {
  EventSource,
  Recording,
  RecordingStatus,
  RecordingStatusEvent,
} from '../domain/model.js';

/**
 * A verified, normalised status update, as the intake (or the reconciler) hands it to the store.
 * `recording` is the snapshot from the payload (with its `meeting` when the payload had one).
 */
export interface StatusUpdate {
  /** `rtk-uuid`: RealtimeKit's per-delivery id, when the header was present. */
  deliveryId: string | null;
  /** `rtk-webhook-id`: the webhook configuration that sent it. */
  webhookId: string | null;
  /**
   * SHA-256 (hex) of the raw webhook body, kept for forensics; null for reconciler observations.
   * Never a dedupe key: RealtimeKit sends byte-identical bodies for distinct changes (a resume
   * repeats the first RECORDING's bytes).
   */
  bodyHash: string | null;
  /** When the gateway received it (ISO-8601). */
  receivedAt: string;
  /** `recording.organizationId` from the payload: the app that owns the recording. */
  organizationId: string | null;
  source: EventSource;
  recording: Recording;
  /**
   * What upstream said of the recording when asked (`status` null: it could not be asked or did
   * not answer), and the recording's `revision` in the log when the question was raised (from an
   * `unconfirmed` outcome, or `PendingRecording`). Only consulted for a RECORDING ⇄ PAUSED move,
   * and only if nothing was stored for the recording since: see `decideTransition`.
   */
  upstream?: { status: RecordingStatus | null; revision: number };
}

/**
 * What one subscriber wants and may see of the event stream; null matches everything. The store
 * applies it when reading (replays read only matching events), the feed when handing out live ones.
 */
export interface EventFilter {
  /** The meetings events must belong to (lower-case ids); an empty set matches nothing. */
  meetingIds: ReadonlySet<string> | null;
  recordingId: string | null;
  statuses: ReadonlySet<RecordingStatus> | null;
}

/** Whether `event` passes `filter` (the same rule the store applies in SQL). */
export function matchesFilter(event: RecordingStatusEvent, filter: EventFilter | null): boolean {
  if (filter === null) return true;
  const { meetingIds, recordingId, statuses } = filter;
  return (
    (meetingIds === null || (event.meetingId !== null && meetingIds.has(event.meetingId))) &&
    (recordingId === null || event.recordingId === recordingId) &&
    (statuses === null || statuses.has(event.status))
  );
}

/** What the store made of one update. Every kind but `unconfirmed` is stored and final. */
export type AcceptOutcome =
  | { kind: 'published'; event: RecordingStatusEvent }
  /** This delivery (its `rtk-uuid`) was accepted before; nothing new to publish. */
  | { kind: 'duplicate' }
  /** Kept; the recording is already in this status, so it changes nothing. */
  | { kind: 'unchanged'; current: RecordingStatus }
  /** Kept but behind the current status (late, or after a final one): never published. */
  | { kind: 'stale'; current: RecordingStatus }
  /**
   * Nothing stored: a RECORDING ⇄ PAUSED move whose order only upstream can settle. Ask it, then
   * accept the update again with `upstream: { status, revision }`; if something else was stored
   * for the recording meanwhile, the answer is out of date and the question comes back.
   */
  | { kind: 'unconfirmed'; current: RecordingStatus; revision: number }
  /** Kept unpublished: upstream could not confirm it; the reconciler checks the recording soon. */
  | { kind: 'deferred'; current: RecordingStatus };

/** Thrown by a store that cannot durably accept or read right now (the intake answers 503). */
export class StoreUnavailableError extends Error {
  override readonly name = 'StoreUnavailableError';
}

/** The cursor names events the store no longer keeps (older than the retention). */
export class CursorExpiredError extends Error {
  override readonly name = 'CursorExpiredError';
}

/** A recording the store believes is still moving, for the reconciler. */
export interface PendingRecording {
  recordingId: string;
  meetingId: string | null;
  status: RecordingStatus;
  /** When its last visible change was stored (ISO-8601). */
  changedAt: string;
  /** Deferred deliveries awaiting a check (0: none); hand it back to `markChecked`. */
  recheck: number;
  /** The recording's revision in the log, for `StatusUpdate.upstream`. */
  revision: number;
}

/**
 * The durable event log: orders, deduplicates and keeps status updates, and is the only source of
 * published events. Cursors come from the database, so every replica sharing it agrees on them.
 */
export interface EventStore {
  /** Stores the update in one transaction and says what subscribers should see of it. */
  accept(update: StatusUpdate): Promise<AcceptOutcome>;
  /**
   * Published events after `cursor` (exclusive; null = from the oldest kept), oldest first, at most
   * `limit`, only those matching `filter` when given. Throws CursorExpiredError when events after
   * `cursor` were already pruned.
   */
  readAfter(
    cursor: string | null,
    limit: number,
    filter?: EventFilter | null,
  ): Promise<RecordingStatusEvent[]>;
  /** The newest published event's cursor, or null when there is none. */
  latestCursor(): Promise<string | null>;
  /** Every published event of one recording, oldest first. */
  history(recordingId: string): Promise<RecordingStatusEvent[]>;
  /** `history` of many recordings in one query, by recording id (every id present). */
  histories(recordingIds: readonly string[]): Promise<Map<string, RecordingStatusEvent[]>>;
  /**
   * Recordings for the reconciler, least recently checked first: those a deferred delivery flagged
   * for a check, and those not in a final status whose last visible change is older than
   * `idleBefore` and that were not checked since `checkedBefore`.
   */
  pendingRecordings(options: {
    idleBefore: string;
    checkedBefore: string;
    limit: number;
  }): Promise<PendingRecording[]>;
  /**
   * Notes that the reconciler looked at these recordings at `at`, clearing the deferrals it saw
   * (a deferral stored since keeps the recording queued).
   */
  markChecked(
    checked: ReadonlyArray<Pick<PendingRecording, 'recordingId' | 'recheck'>>,
    at: string,
  ): Promise<void>;
  /** Deletes published events and delivery records older than `before`; returns events deleted. */
  prune(before: string): Promise<number>;
  close(): Promise<void>;
}

/**
 * Live fan-out of stored events to this process's subscribers. A tailer reads the store in cursor
 * order (woken by a doorbell, and by a poll should a ring be lost) and hands each event to every
 * subscriber.
 */
export interface EventFeed {
  /**
   * Every stored event after `after` (when given), then live ones: in cursor order, with no gap and
   * no duplicate at the seam. Without `after`, only events stored from now on.
   */
  subscribe(options?: {
    after?: string | null;
    signal?: AbortSignal;
    /** Only matching events are read, buffered and handed out. */
    filter?: EventFilter | null;
    /** Told the cursor of each event as the subscription hands it out. */
    onEvent?: (cursor: string) => void;
    /**
     * Asked when the subscription has caught up with the live feed, with the cursor of the last
     * event it handed out (or its `after`); true ends it there.
     */
    onCaughtUp?: (last: string | null) => boolean;
  }): AsyncIterableIterator<RecordingStatusEvent>;
  /** The cursor of the newest event handed out to subscriptions (null before any). */
  readonly position: string | null;
  /** Rings the doorbell: something new was stored (here or, through Redis, on another replica). */
  notify(): void;
  /** How many subscriptions are open in this process. */
  readonly subscribers: number;
  close(): Promise<void>;
}
