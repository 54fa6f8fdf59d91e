import type Cloudflare from 'cloudflare';
import type {
  RecordingListQuery,
  RecordingPage,
  StartRecordingInput,
  StartTrackRecordingInput,
} from '../domain/inputs.js';
import type { Meeting, Recording, RecordingAction } from '../domain/model.js';
import type { Logger } from '../logger.js';
import { createReads } from './realtimekit-reads.js';
import { createWrites } from './realtimekit-writes.js';
import { createUpstreamCaller, type UpstreamCaller } from './upstream-call.js';

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

export interface RealtimeKitDataSourceOptions {
  client: Cloudflare;
  accountId: string;
  appId: string;
  /** The longest Retry-After a read waits for before failing as RATE_LIMITED. */
  maxRetryWaitMs: number;
  logger: Logger;
  /**
   * Other secrets of the process (JWT secrets) that an upstream message must never repeat; the
   * client's API token is always among them.
   */
  secrets?: ReadonlyArray<string | null | undefined>;
  /** Injectable for tests. */
  sleep?: (ms: number) => Promise<void>;
}

/** What both halves of the datasource work with (internal). */
export interface DataSourceScope {
  client: Cloudflare;
  accountId: string;
  appId: string;
  caller: UpstreamCaller;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Builds the datasource over one SDK client; share it across requests, since it shares reads. */
export function createRealtimeKitDataSource(
  options: RealtimeKitDataSourceOptions,
): RealtimeKitDataSource {
  const caller = createUpstreamCaller({
    maxRetryWaitMs: options.maxRetryWaitMs,
    logger: options.logger,
    sleep: options.sleep ?? defaultSleep,
    secrets: [options.client.apiToken, ...(options.secrets ?? [])].filter(
      (secret): secret is string => typeof secret === 'string' && secret.length > 0,
    ),
  });
  const scope = {
    client: options.client,
    accountId: options.accountId,
    appId: options.appId,
    caller,
  };
  return { ...createReads(scope), ...createWrites(scope) };
}
