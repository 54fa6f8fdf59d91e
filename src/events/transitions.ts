import type { RecordingStatus } from '../datasources/types.js';

/**
 * How far along the lifecycle a status is. RECORDING and PAUSED share a rank because a recording
 * may alternate between them; UPLOADED and ERRORED share the final rank so neither overrides the
 * other once reached.
 */
const RANK: Readonly<Record<RecordingStatus, number>> = {
  INVOKED: 0,
  RECORDING: 1,
  PAUSED: 1,
  UPLOADING: 2,
  UPLOADED: 3,
  ERRORED: 3,
};

/** Whether `status` is final: nothing a subscriber sees may follow it. */
export function isFinalStatus(status: RecordingStatus): boolean {
  return RANK[status] === RANK.UPLOADED;
}

/**
 * Whether moving from `current` (null: the recording is unknown) to `next` is a change subscribers
 * may see. Deliveries arrive late and out of order, so only forward moves and the RECORDING ⇄
 * PAUSED alternation pass; a repeat of the current status is not a change.
 */
export function isVisibleTransition(
  current: RecordingStatus | null,
  next: RecordingStatus,
): boolean {
  if (current === null) return true;
  if (current === next || isFinalStatus(current)) return false;
  if (RANK[next] > RANK[current]) return true;
  return RANK[next] === RANK[current];
}
