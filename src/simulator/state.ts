import type { RecordingStatus } from '../datasources/types.js';

/** Internal state shapes of the simulator; `views.ts` turns them into upstream bodies. */

export interface Caller {
  name: string;
  type: 'ORGANIZATION' | 'USER';
  user_Id: string;
}

export interface StartReason {
  reason: 'API_CALL' | 'RECORD_ON_START';
  caller: Caller;
}

export interface StopReason {
  reason: 'API_CALL' | 'INTERNAL_ERROR' | 'ALL_PEERS_LEFT';
  caller?: Caller;
}

/** One file of a track recording, as upstream lists them in `download_url`. */
export interface LayerDownload {
  layer_name: string;
  download_url: string;
  media_kind: 'audio';
  file_name: string;
}

export interface MeetingState {
  id: string;
  /** The app the meeting was first seen under; reported as `organization_id`. */
  appId: string;
  title: string;
  createdAt: string;
  updatedAt: string;
  /** The meeting's one live session. */
  sessionId: string;
  sessionStartedAt: string;
}

export interface RecordingState {
  id: string;
  /** Creation order, to sort recordings invoked in the same millisecond. */
  seq: number;
  appId: string;
  kind: 'composite' | 'track';
  meetingId: string;
  sessionId: string;
  status: RecordingStatus;
  invokedTime: string;
  startedTime: string | null;
  stoppedTime: string | null;
  recordingDuration: number | null;
  outputFileName: string;
  fileSize: number | null;
  downloadUrl: string | LayerDownload[] | null;
  audioDownloadUrl: string | null;
  downloadUrlExpiry: string | null;
  startReason: StartReason;
  stopReason: StopReason | null;
  /** The readable part of the storage config; secrets are dropped on the way in. */
  storageConfig: Record<string, unknown> | null;
  maxSeconds: number;
  bucketEnabled: boolean;
  /** File extension of the separate audio file, or null when none is exported. */
  audioExtension: string | null;
  layers: Array<{ name: string; fileNamePrefix: string }>;
  /** Real-clock bookkeeping for `recording_duration`. */
  startedAtMs: number | null;
  pausedAtMs: number | null;
  pausedTotalMs: number;
  /** Cancels the one lifecycle timer pending for this recording. */
  cancelTimer: (() => void) | null;
}

/** Recordings in these states count as active: they block a second start and can be stopped. */
export const ACTIVE_STATUSES: readonly RecordingStatus[] = ['INVOKED', 'RECORDING', 'PAUSED'];

/** Storage fields RealtimeKit never returns. */
export const STORAGE_SECRETS = ['access_key', 'secret', 'password', 'private_key'] as const;
