import type {
  RecordingListQuery,
  RecordingPage,
  StartRecordingInput,
  StartTrackRecordingInput,
} from '../domain/inputs.js';
import type { Meeting, Recording, RecordingAction } from '../domain/model.js';
import type { CloudflareClient } from './cloudflare-client.js';
import type { UpstreamCaller } from './upstream-call.js';

/**
 * The RealtimeKit recordings API through the official SDK, returning domain records. Arguments are
 * validated before anything is sent; the retry policy is ours (see upstream-call.ts).
 */
export interface RealtimeKitDataSource {
  listRecordings(query: RecordingListQuery): Promise<RecordingPage>;
  /** Null when upstream has no such recording. */
  getRecording(id: string): Promise<Recording | null>;
  /** Null when nothing is recording in the meeting. */
  getActiveRecording(meetingId: string): Promise<Recording | null>;
  /**
   * Every recording still running in the meeting (INVOKED, RECORDING or PAUSED), newest first, at
   * most MAX_ACTIVE_RECORDINGS: one list call filtered by meeting and those statuses, since the
   * active-recording endpoint answers one recording and a meeting may have several.
   */
  listActiveRecordings(meetingId: string): Promise<Recording[]>;
  startRecording(input: StartRecordingInput): Promise<Recording>;
  startTrackRecording(input: StartTrackRecordingInput): Promise<Recording>;
  actOnRecording(id: string, action: RecordingAction): Promise<Recording>;
  /** Null when upstream has no such meeting. */
  getMeeting(id: string): Promise<Meeting | null>;
  /** The meeting a session belongs to (its `associated_id`); null when there is no such session. */
  getSessionMeetingId(sessionId: string): Promise<string | null>;
  /** A cheap reachability check for /readyz; throws UpstreamError. */
  ping(): Promise<void>;
}

/** What both halves of the datasource work with (internal). */
export interface DataSourceScope {
  client: CloudflareClient;
  accountId: string;
  appId: string;
  caller: UpstreamCaller;
}
