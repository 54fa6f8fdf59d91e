import type { RecordingStatus } from '../datasources/types.js';
import { encodeCursor } from './cursor.js';
import type { RecordingStatusEvent, StatusUpdate } from './types.js';

/**
 * What a store remembers per recording between updates. Any store (memory or SQL) keeps this
 * shape, so the decision below is the same everywhere.
 */
export interface RecordingState {
  status: RecordingStatus;
  meetingId: string | null;
}

/**
 * Builds the event subscribers see for a visible transition. A webhook may omit the meeting, so the
 * one remembered from an earlier update of the same recording fills the gap, in the event and in its
 * recording snapshot alike.
 */
export function buildStatusEvent(
  update: StatusUpdate,
  previous: RecordingState | null,
  sequence: number,
): RecordingStatusEvent {
  const meetingId = update.recording.meetingId ?? previous?.meetingId ?? null;
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

/** The state to keep after `update`, whether or not it was visible. */
export function nextRecordingState(
  update: StatusUpdate,
  previous: RecordingState | null,
  visible: boolean,
): RecordingState {
  return {
    status: visible || previous === null ? update.recording.status : previous.status,
    meetingId: update.recording.meetingId ?? previous?.meetingId ?? null,
  };
}
