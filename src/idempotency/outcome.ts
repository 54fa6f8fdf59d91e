import type { RealtimeKitDataSource } from '../datasources/source.js';
import type { Recording } from '../domain/model.js';
import { GatewayError, UpstreamError } from '../errors.js';

/**
 * Whether a failed start may still have started a recording. RealtimeKit does not deduplicate
 * starts, so a timeout, a dropped connection, a 5xx or an unreadable answer leave the outcome
 * unknown; a 4xx (or a refusal before anything was sent) means nothing started.
 */
export function isUnknownOutcome(error: unknown): boolean {
  if (error instanceof UpstreamError) {
    return error.upstreamStatus === null || error.upstreamStatus >= 500;
  }
  return !(error instanceof GatewayError);
}

/** The error a caller gets for a start whose outcome is unknown: it says how to find out. */
export function unknownOutcomeError(error: UpstreamError): UpstreamError {
  return new UpstreamError(
    `${error.message}; the recording may have started. Retry with the same idempotencyKey: the gateway checks before starting again.`,
    error.upstreamStatus,
  );
}

/**
 * How far RealtimeKit's clock may be behind ours when judging whether a running recording was
 * invoked by an earlier attempt (its `invokedTime` against the key's first claim).
 */
export const CLOCK_TOLERANCE_MS = 60_000;

/**
 * The recordings of the meeting that an earlier attempt may have started: running now and
 * invoked since that attempt (a recording without an invoked time counts too).
 */
export async function recordingsStartedSince(
  realtimeKit: RealtimeKitDataSource,
  meetingId: string,
  since: string,
): Promise<Recording[]> {
  const from = Date.parse(since) - CLOCK_TOLERANCE_MS;
  const running = await realtimeKit.listActiveRecordings(meetingId);
  return running.filter(
    (recording) => recording.invokedTime === null || Date.parse(recording.invokedTime) >= from,
  );
}
