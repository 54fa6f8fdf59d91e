import DataLoader from 'dataloader';
import type { RealtimeKitDataSource } from './realtimekit.js';
import type { Meeting, Recording } from './types.js';

/**
 * Per-request DataLoaders. RealtimeKit has no batch endpoints, so a batch is one call per distinct
 * key; what the loaders buy is deduplication within a request and priming from list results, which
 * embed each recording's meeting.
 */
export interface Loaders {
  recording: DataLoader<string, Recording | null>;
  meeting: DataLoader<string, Meeting | null>;
  sessionMeeting: DataLoader<string, string | null>;
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}

/** One call per key; a failed key gets its Error in its own slot and the others still resolve. */
function perKey<V>(load: (key: string) => Promise<V>) {
  return (keys: readonly string[]): Promise<Array<V | Error>> =>
    Promise.all(keys.map((key) => load(key).catch(asError)));
}

/** Builds the loaders of one request (or of one subscription event). */
export function createLoaders(source: RealtimeKitDataSource): Loaders {
  return {
    recording: new DataLoader(perKey((id) => source.getRecording(id))),
    meeting: new DataLoader(perKey((id) => source.getMeeting(id))),
    sessionMeeting: new DataLoader(perKey((id) => source.getSessionMeetingId(id))),
  };
}

/**
 * Whether an embedded meeting carries what `GET /meetings/{id}` would: upstream meetings always
 * have `created_at` and `updated_at`, while webhook payloads embed a partial meeting without
 * `updatedAt`. Priming a partial one would answer later meeting fields with nulls.
 */
function isCompleteMeeting(meeting: Meeting): boolean {
  return meeting.createdAt !== null && meeting.updatedAt !== null;
}

/**
 * Primes the loaders from a list result: each recording by id, each embedded (complete) meeting by
 * id, and each session's meeting, so resolving `recording.meeting` for a page costs no extra calls.
 */
export function primeFromRecordings(loaders: Loaders, recordings: Recording[]): void {
  for (const recording of recordings) {
    loaders.recording.prime(recording.id, recording);
    const meeting = recording.meeting;
    if (meeting && isCompleteMeeting(meeting)) loaders.meeting.prime(meeting.id, meeting);
    const meetingId = recording.meetingId ?? meeting?.id ?? null;
    if (recording.sessionId && meetingId)
      loaders.sessionMeeting.prime(recording.sessionId, meetingId);
  }
}
