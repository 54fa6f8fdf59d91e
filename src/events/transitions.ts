import type { RecordingStatus } from '../domain/model.js';

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
 * What to make of a delivery saying a recording is now `next`:
 * - `publish`: a change subscribers see;
 * - `unchanged`: the recording is already in that status (a retry, or a repeat that moves nothing);
 * - `stale`: behind what is known (an earlier status, or anything after a final one);
 * - `confirm`: a RECORDING ⇄ PAUSED move whose order the payload cannot prove; ask upstream;
 * - `defer`: such a move that upstream could not confirm; keep it for the reconciler.
 */
export type Decision = 'publish' | 'unchanged' | 'stale' | 'confirm' | 'defer';

/**
 * The one rule every write to the event log follows. RealtimeKit's payload carries no time of the
 * change, so a resume repeats the bytes of the first RECORDING and a late PAUSED looks exactly like
 * a new pause. Ranks order everything except the alternation, which only the upstream's current
 * status can settle: `upstream` is that status when it was asked (null when it could not be), and
 * undefined when nobody asked yet.
 */
export function decideTransition(
  current: RecordingStatus | null,
  next: RecordingStatus,
  upstream?: RecordingStatus | null,
): Decision {
  if (current === null) return 'publish';
  if (current === next) return 'unchanged';
  if (isFinalStatus(current) || RANK[next] < RANK[current]) return 'stale';
  if (RANK[next] > RANK[current]) return 'publish';
  if (upstream === undefined) return 'confirm';
  if (upstream === null) return 'defer';
  return upstream === next ? 'publish' : 'stale';
}
