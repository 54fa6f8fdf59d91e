import type { Recording, RecordingStatus } from '../datasources/types.js';

/** Where a status change was learned: a RealtimeKit webhook, or the reconciler polling upstream. */
export type EventSource = 'WEBHOOK' | 'RECONCILER';

/**
 * A verified, normalised status update, as the intake (or the reconciler) hands it to the store.
 * `recording` is the snapshot from the payload (with its `meeting` when the payload had one).
 */
export interface StatusUpdate {
  /** `rtk-uuid`: RealtimeKit's per-delivery id, when the header was present. */
  deliveryId: string | null;
  /** `rtk-webhook-id`: the webhook configuration that sent it. */
  webhookId: string | null;
  /** SHA-256 (hex) of the raw body, so the same body delivered again is recognised. */
  bodyHash: string;
  /** When the gateway received it (ISO-8601). */
  receivedAt: string;
  /** `recording.organizationId` from the payload: the app that owns the recording. */
  organizationId: string | null;
  source: EventSource;
  recording: Recording;
}

/** A status change as subscribers see it. */
export interface RecordingStatusEvent {
  /** Opaque, increasing across all events and replicas; pass as `after` to resume. */
  cursor: string;
  recordingId: string;
  meetingId: string | null;
  status: RecordingStatus;
  previousStatus: RecordingStatus | null;
  occurredAt: string;
  source: EventSource;
  recording: Recording;
}

/** What the store made of one update. */
export type AcceptOutcome =
  | { kind: 'published'; event: RecordingStatusEvent }
  /** The same delivery or body was accepted before; nothing new to publish. */
  | { kind: 'duplicate' }
  /** Kept but not a change subscribers may see: late, regressive, or a repeat of the current status. */
  | { kind: 'stale'; current: RecordingStatus };

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
   * `limit`. Throws CursorExpiredError when events after `cursor` were already pruned.
   */
  readAfter(cursor: string | null, limit: number): Promise<RecordingStatusEvent[]>;
  /** The newest published event's cursor, or null when there is none. */
  latestCursor(): Promise<string | null>;
  /** Every published event of one recording, oldest first. */
  history(recordingId: string): Promise<RecordingStatusEvent[]>;
  /**
   * Recordings not in a final status whose last visible change is older than `idleBefore` and that
   * were not checked since `checkedBefore`, least recently checked first.
   */
  pendingRecordings(options: {
    idleBefore: string;
    checkedBefore: string;
    limit: number;
  }): Promise<PendingRecording[]>;
  /** Notes that the reconciler looked at these recordings at `at`. */
  markChecked(recordingIds: string[], at: string): Promise<void>;
  /** Deletes published events and delivery records older than `before`; returns events deleted. */
  prune(before: string): Promise<number>;
  close(): Promise<void>;
}

/** What an idempotency key holds. */
export type IdempotencyClaim =
  /** The caller owns the key now and must `complete` or `release` it. */
  | { state: 'claimed' }
  /** An earlier request with the same key finished; here is its result. */
  | { state: 'done'; recording: Recording }
  /** An earlier request with the same key is still running. */
  | { state: 'pending' }
  /** The key was used for a different request. */
  | { state: 'mismatch' };

/** Idempotency keys of start requests, kept in the same database as the event log. */
export interface IdempotencyStore {
  claim(key: string, requestHash: string, expiresAt: string): Promise<IdempotencyClaim>;
  complete(key: string, recording: Recording): Promise<void>;
  /** Frees a claimed key after a failed request, so a retry may try again. */
  release(key: string): Promise<void>;
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
  }): AsyncIterableIterator<RecordingStatusEvent>;
  /** Rings the doorbell: something new was stored (here or, through Redis, on another replica). */
  notify(): void;
  /** How many subscriptions are open in this process. */
  readonly subscribers: number;
  close(): Promise<void>;
}
