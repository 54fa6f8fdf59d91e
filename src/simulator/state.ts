import type {
  CALLER_TYPES,
  RecordingStatus,
  START_REASONS,
  STOP_REASONS,
  TRACK_MEDIA_KINDS,
} from './contract.js';

/** Internal state shapes of the simulator; `views.ts` turns them into upstream bodies. */

export interface Caller {
  name: string;
  type: (typeof CALLER_TYPES)[number];
  user_Id: string;
}

export interface StartReason {
  reason: (typeof START_REASONS)[number];
  caller: Caller;
}

export interface StopReason {
  reason: (typeof STOP_REASONS)[number];
  caller?: Caller;
}

/** One file of a track recording, as upstream lists them in `download_url`. */
export interface LayerDownload {
  layer_name: string;
  download_url: string;
  media_kind: (typeof TRACK_MEDIA_KINDS)[number];
  file_name: string;
}

/** One layer of a track recording. */
export interface TrackLayer {
  name: string;
  fileNamePrefix: string;
  /** False when every output of the layer is a storage config: no link in RealtimeKit's bucket. */
  toBucket: boolean;
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
  layers: TrackLayer[];
  /** Track recordings only: the participants whose tracks are recorded; null means everyone. */
  userIds: string[] | null;
  /** Real-clock bookkeeping for `recording_duration`. */
  startedAtMs: number | null;
  pausedAtMs: number | null;
  pausedTotalMs: number;
  /** Cancels the one lifecycle timer pending for this recording. */
  cancelTimer: (() => void) | null;
}

/** Recordings in these states count as active: they block a second start and can be stopped. */
export const ACTIVE_STATUSES: readonly RecordingStatus[] = ['INVOKED', 'RECORDING', 'PAUSED'];
