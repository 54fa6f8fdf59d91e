import type { RecordingStatus } from '../domain/model.js';
import { encodeCursor } from './cursor.js';
import type { RecordingStatusEvent, StatusUpdate } from './types.js';

/** What the event log remembers per recording between updates. */
export interface RecordingState {
  status: RecordingStatus;
  meetingId: string | null;
  /** Deliveries stored for the recording so far. */
  revision: number;
}

/** The meeting to keep: the update's, else the one an earlier update named. */
export function meetingOf(update: StatusUpdate, previous: RecordingState | null): string | null {
  return update.recording.meetingId ?? previous?.meetingId ?? null;
}

/**
 * Builds the event subscribers see for a published change. A webhook may omit the meeting, so the
 * one remembered from an earlier update of the same recording fills the gap, in the event and in
 * its recording snapshot alike.
 */
export function buildStatusEvent(
  update: StatusUpdate,
  previous: RecordingState | null,
  sequence: number,
): RecordingStatusEvent {
  const meetingId = meetingOf(update, previous);
  return {
    cursor: encodeCursor(sequence),
    recordingId: update.recording.id,
    meetingId,
    status: update.recording.status,
    previousStatus: previous?.status ?? null,
    occurredAt: update.receivedAt,
    source: update.source,
    recording: { ...update.recording, meetingId },
  };
}
