/**
 * The gateway's own model of RealtimeKit recordings and meetings: camelCase, enums in GraphQL's
 * UPPER_SNAKE_CASE spelling, timestamps as ISO-8601 strings. The upstream's snake_case shapes are
 * mapped to and from these in `mapping.ts` and nowhere else.
 */

export const RECORDING_STATUSES = [
  'INVOKED',
  'RECORDING',
  'PAUSED',
  'UPLOADING',
  'UPLOADED',
  'ERRORED',
] as const;
export type RecordingStatus = (typeof RECORDING_STATUSES)[number];

/** The statuses of a recording that is still running: RealtimeKit's "ongoing" recordings. */
export const ACTIVE_RECORDING_STATUSES: readonly RecordingStatus[] = [
  'INVOKED',
  'RECORDING',
  'PAUSED',
];

/** The most active recordings of one meeting the gateway reads (one upstream page). */
export const MAX_ACTIVE_RECORDINGS = 100;

export const CALLER_TYPES = ['ORGANIZATION', 'USER'] as const;
export type CallerType = (typeof CALLER_TYPES)[number];

export const START_REASON_KINDS = ['API_CALL', 'RECORD_ON_START'] as const;
export type StartReasonKind = (typeof START_REASON_KINDS)[number];

export const STOP_REASON_KINDS = ['API_CALL', 'INTERNAL_ERROR', 'ALL_PEERS_LEFT'] as const;
export type StopReasonKind = (typeof STOP_REASON_KINDS)[number];

export const STORAGE_TYPES = ['AWS', 'AZURE', 'DIGITALOCEAN', 'GCS', 'SFTP'] as const;
export type StorageType = (typeof STORAGE_TYPES)[number];

export const STORAGE_AUTH_METHODS = ['KEY', 'PASSWORD'] as const;
export type StorageAuthMethod = (typeof STORAGE_AUTH_METHODS)[number];

export const MEETING_STATUSES = ['ACTIVE', 'INACTIVE'] as const;
export type MeetingStatus = (typeof MEETING_STATUSES)[number];

export const AUDIO_CHANNELS = ['MONO', 'STEREO'] as const;
export type AudioChannel = (typeof AUDIO_CHANNELS)[number];

export const AUDIO_CODECS = ['MP3', 'AAC'] as const;
export type AudioCodec = (typeof AUDIO_CODECS)[number];

export const VIDEO_CODECS = ['H264', 'VP8', 'VP9'] as const;
export type VideoCodec = (typeof VIDEO_CODECS)[number];

export const WATERMARK_POSITIONS = [
  'LEFT_TOP',
  'RIGHT_TOP',
  'LEFT_BOTTOM',
  'RIGHT_BOTTOM',
] as const;
export type WatermarkPosition = (typeof WATERMARK_POSITIONS)[number];

export const INTERACTIVE_TYPES = ['ID3'] as const;
export type InteractiveType = (typeof INTERACTIVE_TYPES)[number];

export const TRACK_MEDIA_KINDS = ['AUDIO'] as const;
export type TrackMediaKind = (typeof TRACK_MEDIA_KINDS)[number];

export const TRACK_OUTPUT_TYPES = ['REALTIMEKIT_BUCKET', 'STORAGE_CONFIG'] as const;
export type TrackOutputType = (typeof TRACK_OUTPUT_TYPES)[number];

export const RECORDING_ACTIONS = ['pause', 'resume', 'stop'] as const;
export type RecordingAction = (typeof RECORDING_ACTIONS)[number];

/** Who started or stopped a recording. */
export interface Caller {
  name: string | null;
  type: CallerType | null;
  userId: string | null;
}

export interface StartReason {
  reason: StartReasonKind | null;
  caller: Caller | null;
}

export interface StopReason {
  reason: StopReasonKind | null;
  caller: Caller | null;
}

/** Readable storage settings. The write-only secrets never enter this shape. */
export interface StorageConfig {
  type: StorageType;
  authMethod: StorageAuthMethod | null;
  bucket: string | null;
  host: string | null;
  path: string | null;
  port: number | null;
  region: string | null;
  username: string | null;
}

/** The organisation a webhook names as the meeting's organiser. */
export interface MeetingOrganizer {
  id: string | null;
  name: string | null;
}

/** A meeting's recording defaults, as upstream's `recording_config` (readable parts only). */
export interface MeetingRecordingConfig {
  fileNamePrefix: string | null;
  maxSeconds: number | null;
  audioConfig: {
    channel: AudioChannel | null;
    codec: AudioCodec | null;
    exportFile: boolean | null;
  } | null;
  videoConfig: {
    codec: VideoCodec | null;
    width: number | null;
    height: number | null;
    exportFile: boolean | null;
    watermark: {
      url: string | null;
      position: WatermarkPosition | null;
      size: { width: number | null; height: number | null } | null;
    } | null;
  } | null;
  liveStreamingConfig: { rtmpUrl: string | null } | null;
  realtimekitBucketConfig: { enabled: boolean | null } | null;
  storageConfig: StorageConfig | null;
}

/** One layer's file of a track recording, where upstream returns `download_url` as a list. */
export interface RecordingLayerDownload {
  layer: string | null;
  url: string | null;
  mediaKind: string | null;
  fileName: string | null;
}

export interface Meeting {
  id: string;
  title: string | null;
  status: MeetingStatus | null;
  createdAt: string | null;
  updatedAt: string | null;
  recordOnStart: boolean | null;
  liveStreamOnStart: boolean | null;
  persistChat: boolean | null;
  summarizeOnEnd: boolean | null;
  transcribeOnEnd: boolean | null;
  sessionKeepAliveTimeInSecs: number | null;
  /** The meeting's own recording defaults; storage secrets never enter this shape. */
  recordingConfig: MeetingRecordingConfig | null;
  /** Known only from webhooks: `GET /meetings/{id}` does not return these. */
  roomName: string | null;
  startedAt: string | null;
  endedAt: string | null;
  organizedBy: MeetingOrganizer | null;
}

export interface Recording {
  id: string;
  status: RecordingStatus;
  outputFileName: string | null;
  sessionId: string | null;
  /** The meeting, when the source told us (list filter, embedded meeting, webhook). */
  meetingId: string | null;
  invokedTime: string | null;
  startedTime: string | null;
  stoppedTime: string | null;
  recordingDuration: number | null;
  fileSize: number | null;
  /** A single download URL; null for track recordings whose upstream value is a list. */
  downloadUrl: string | null;
  /** Per-layer files of a track recording; empty for composite recordings. */
  layerDownloads: RecordingLayerDownload[];
  audioDownloadUrl: string | null;
  downloadUrlExpiry: string | null;
  startReason: StartReason | null;
  stopReason: StopReason | null;
  storageConfig: StorageConfig | null;
  /** The meeting as embedded by the source (list results, webhook payloads), possibly partial. */
  meeting: Meeting | null;
}
