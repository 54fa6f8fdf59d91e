import type { Recording, RecordingStatus } from '../datasources/types.js';

/**
 * A verified, normalised `recording.statusUpdate` delivery, as the intake hands it to the store.
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
  recording: Recording;
}

/** A status change as subscribers see it. */
export interface RecordingStatusEvent {
  /** Opaque, increasing across all events; pass as `after` to resume. */
  cursor: string;
  recordingId: string;
  meetingId: string | null;
  status: RecordingStatus;
  previousStatus: RecordingStatus | null;
  occurredAt: string;
  recording: Recording;
}

/** What the store made of one update. */
export type AcceptOutcome =
  | { kind: 'published'; event: RecordingStatusEvent }
  /** The same delivery or body was accepted before; nothing new to publish. */
  | { kind: 'duplicate' }
  /** Kept but not a change subscribers may see: late, regressive, or a repeat of the current status. */
  | { kind: 'stale'; current: RecordingStatus };

/** Thrown by a store that cannot durably accept an update right now (the intake answers 503). */
export class StoreUnavailableError extends Error {
  override readonly name = 'StoreUnavailableError';
}

/**
 * Orders, deduplicates and keeps status updates. Issue #2 ships an in-memory store; the durable
 * SQL store (issue #3) implements the same interface.
 */
export interface EventStore {
  accept(update: StatusUpdate): Promise<AcceptOutcome>;
  close(): Promise<void>;
}

/** Fan-out of published events to this process's subscribers. */
export interface EventBus {
  publish(event: RecordingStatusEvent): Promise<void>;
  subscribe(signal?: AbortSignal): AsyncIterable<RecordingStatusEvent>;
  /** How many subscriptions are open in this process. */
  readonly subscribers: number;
  close(): Promise<void>;
}
