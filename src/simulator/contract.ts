/**
 * RealtimeKit's closed sets, spelled as the upstream spells them on the wire (snake_case keys,
 * upper- or lower-case values exactly as the API reference and the `cloudflare` SDK 7.3.0 types
 * have them). The simulator stands in for the upstream, so it builds on these and never on the
 * gateway's own model: a gateway mistake must show up as a disagreement, not be copied.
 */

export const RECORDING_STATUSES = [
  'INVOKED',
  'RECORDING',
  'UPLOADING',
  'UPLOADED',
  'ERRORED',
  'PAUSED',
] as const;
export type RecordingStatus = (typeof RECORDING_STATUSES)[number];

export const RECORDING_ACTIONS = ['stop', 'pause', 'resume'] as const;
export type RecordingAction = (typeof RECORDING_ACTIONS)[number];

export const START_REASONS = ['API_CALL', 'RECORD_ON_START'] as const;
export const STOP_REASONS = ['API_CALL', 'INTERNAL_ERROR', 'ALL_PEERS_LEFT'] as const;
export const CALLER_TYPES = ['ORGANIZATION', 'USER'] as const;

export const STORAGE_TYPES = ['aws', 'azure', 'digitalocean', 'gcs', 'sftp'] as const;
export const STORAGE_AUTH_METHODS = ['KEY', 'PASSWORD'] as const;
/** Storage fields clients may write but RealtimeKit never returns. */
export const STORAGE_SECRETS = ['access_key', 'secret', 'password', 'private_key'] as const;

export const AUDIO_CHANNELS = ['mono', 'stereo'] as const;
export const AUDIO_CODECS = ['MP3', 'AAC'] as const;
/** VP9 is in the SDK 7.3.0 types though not in the openapi enum; the SDK is the newer source. */
export const VIDEO_CODECS = ['H264', 'VP8', 'VP9'] as const;
export const WATERMARK_POSITIONS = [
  'left top',
  'right top',
  'left bottom',
  'right bottom',
] as const;
export const INTERACTIVE_TYPES = ['ID3'] as const;

export const TRACK_MEDIA_KINDS = ['audio'] as const;
/** Where a track layer's files go; track recordings land in the RealtimeKit bucket by default. */
export const TRACK_OUTPUT_TYPES = ['REALTIMEKIT_BUCKET', 'STORAGE_CONFIG'] as const;

export const SORT_BY = ['invokedTime'] as const;
export const SORT_ORDERS = ['ASC', 'DESC'] as const;

export const WEBHOOK_EVENTS = [
  'meeting.started',
  'meeting.ended',
  'meeting.participantJoined',
  'meeting.participantLeft',
  'meeting.chatSynced',
  'recording.statusUpdate',
  'livestreaming.statusUpdate',
  'meeting.transcript',
  'meeting.summary',
] as const;
