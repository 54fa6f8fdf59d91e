import DataLoader from 'dataloader';
import type { Meeting, Recording } from '../domain/model.js';
import type { RecordingStatusEvent } from '../events/types.js';
import type { RealtimeKitDataSource } from './source.js';

/**
 * Per-request DataLoaders. RealtimeKit has no batch endpoints, so a batch is one call per distinct
 * key; what the loaders buy is deduplication within a request (a meeting's active recordings are
 * read once however many recordings of it a response holds) and priming from list results, which
 * embed each recording's meeting. The event log does batch: one query per batch of histories.
 */
export interface Loaders {
  recording: DataLoader<string, Recording | null>;
  meeting: DataLoader<string, Meeting | null>;
  sessionMeeting: DataLoader<string, string | null>;
  /** RealtimeKit's active-recording answer, by meeting id. */
  activeRecording: DataLoader<string, Recording | null>;
  /** Every running recording, by meeting id. */
  activeRecordings: DataLoader<string, Recording[]>;
  /** Published status events, oldest first, by recording id. */
  history: DataLoader<string, RecordingStatusEvent[]>;
}

/** Reads the histories of many recordings at once (one query to the event log). */
export type ReadHistories = (
  recordingIds: readonly string[],
) => Promise<ReadonlyMap<string, RecordingStatusEvent[]>>;

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}

/** One call per key; a failed key gets its Error in its own slot and the others still resolve. */
function perKey<V>(load: (key: string) => Promise<V>) {
  return (keys: readonly string[]): Promise<Array<V | Error>> =>
    Promise.all(keys.map((key) => load(key).catch(asError)));
}

/** Builds the loaders of one request (or of one subscription event). */
export function createLoaders(
  source: RealtimeKitDataSource,
  readHistories: ReadHistories,
): Loaders {
  const loaders: Loaders = {
    recording: new DataLoader(perKey((id) => source.getRecording(id))),
    meeting: new DataLoader(perKey((id) => source.getMeeting(id))),
    sessionMeeting: new DataLoader(perKey((id) => source.getSessionMeetingId(id))),
    activeRecording: new DataLoader(perKey((id) => source.getActiveRecording(id))),
    activeRecordings: new DataLoader(
      perKey(async (id) => {
        const recordings = await source.listActiveRecordings(id);
        primeFromRecordings(loaders, recordings);
        return recordings;
      }),
    ),
    history: new DataLoader(async (ids) => {
      const histories = await readHistories(ids);
      return ids.map((id) => histories.get(id) ?? []);
    }),
  };
  return loaders;
}

/**
 * One `Loaders` object whose loaders are built on first use and replaced by `renew()`. The object
 * itself never changes, because yoga copies the context's properties into its own context: a
 * context that swapped its `loaders` would keep serving the first set.
 */
export function renewableLoaders(create: () => Loaders): { loaders: Loaders; renew(): void } {
  let current: Loaders | undefined;
  const get = () => {
    current ??= create();
    return current;
  };
  const loaders: Loaders = {
    get recording() {
      return get().recording;
    },
    get meeting() {
      return get().meeting;
    },
    get sessionMeeting() {
      return get().sessionMeeting;
    },
    get activeRecording() {
      return get().activeRecording;
    },
    get activeRecordings() {
      return get().activeRecordings;
    },
    get history() {
      return get().history;
    },
  };
  return {
    loaders,
    renew() {
      current = undefined;
    },
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
