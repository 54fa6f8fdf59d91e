import { MAX_FILE_NAME_BYTES } from '../datasources/validation-fields.js';
import { builder } from './builder.js';
import {
  AudioChannelEnum,
  AudioCodecEnum,
  InteractiveTypeEnum,
  StorageAuthMethodEnum,
  StorageTypeEnum,
  TrackMediaKindEnum,
  TrackOutputTypeEnum,
  VideoCodecEnum,
  WatermarkPositionEnum,
} from './enums.js';

/** Inputs mirroring RealtimeKit's start-recording and track-recording bodies, in camelCase. */

export const StorageConfigInput = builder.inputType('StorageConfigInput', {
  description:
    'Where to upload the recording. The credentials here are sent to RealtimeKit and never returned, logged or echoed in errors.',
  fields: (t) => ({
    type: t.field({ type: StorageTypeEnum, required: true, description: 'Kind of storage.' }),
    accessKey: t.string({ description: 'Access key (not needed for GCS). Write-only.' }),
    secret: t.string({ description: 'Secret key. Write-only.' }),
    authMethod: t.field({
      type: StorageAuthMethodEnum,
      description: 'SFTP authentication method.',
    }),
    bucket: t.string({ description: 'Bucket name.' }),
    host: t.string({ description: 'SFTP host (required for SFTP).' }),
    password: t.string({
      description: 'SFTP password, or the private key’s passphrase with KEY. Write-only.',
    }),
    path: t.string({ description: 'Path under the bucket root where files are placed.' }),
    port: t.int({ description: 'SFTP port, 1..65535.' }),
    privateKey: t.string({ description: 'SFTP private key, with KEY. Write-only.' }),
    region: t.string({ description: 'Bucket region, e.g. `us-east-1`.' }),
    username: t.string({ description: 'SFTP user name (required for SFTP).' }),
  }),
});

const AudioConfigInput = builder.inputType('AudioConfigInput', {
  description: 'Audio settings of a recording.',
  fields: (t) => ({
    channel: t.field({ type: AudioChannelEnum, description: 'Channel layout (default STEREO).' }),
    codec: t.field({ type: AudioCodecEnum, description: 'Codec (default AAC).' }),
    exportFile: t.boolean({ description: 'Also export the audio as its own file.' }),
  }),
});

const WatermarkSizeInput = builder.inputType('WatermarkSizeInput', {
  description: 'Size of the watermark in pixels.',
  fields: (t) => ({
    width: t.int({ description: 'Width in px, at least 1.' }),
    height: t.int({ description: 'Height in px, at least 1.' }),
  }),
});

const WatermarkInput = builder.inputType('WatermarkInput', {
  description: 'An image laid over the recording.',
  fields: (t) => ({
    url: t.string({ description: 'URL of the image (http or https).' }),
    position: t.field({ type: WatermarkPositionEnum, description: 'Corner (default LEFT_TOP).' }),
    size: t.field({ type: WatermarkSizeInput, description: 'Size in pixels.' }),
  }),
});

const VideoConfigInput = builder.inputType('VideoConfigInput', {
  description: 'Video settings of a recording.',
  fields: (t) => ({
    codec: t.field({ type: VideoCodecEnum, description: 'Codec (default H264).' }),
    width: t.int({ description: 'Width in px, 1..1920 (default 1280).' }),
    height: t.int({ description: 'Height in px, 1..1920 (default 720).' }),
    exportFile: t.boolean({ description: 'Also export the video as its own file.' }),
    watermark: t.field({ type: WatermarkInput, description: 'A watermark image.' }),
  }),
});

const InteractiveConfigInput = builder.inputType('InteractiveConfigInput', {
  description: 'Timed metadata embedded in the recording.',
  fields: (t) => ({ type: t.field({ type: InteractiveTypeEnum, description: 'Format.' }) }),
});

const RealtimekitBucketConfigInput = builder.inputType('RealtimekitBucketConfigInput', {
  description: 'Whether RealtimeKit keeps the files in its own bucket.',
  fields: (t) => ({
    enabled: t.boolean({
      required: true,
      description: 'When false, no download URLs are produced.',
    }),
  }),
});

const RtmpOutConfigInput = builder.inputType('RtmpOutConfigInput', {
  description: 'Live stream the recording to an RTMP endpoint.',
  fields: (t) => ({ rtmpUrl: t.string({ description: 'rtmp:// or rtmps:// URL.' }) }),
});

export const StartRecordingInput = builder.inputType('StartRecordingInput', {
  description: 'What to record and how.',
  fields: (t) => ({
    meetingId: t.id({ required: true, description: 'The meeting to record (a UUID).' }),
    idempotencyKey: t.string({
      description:
        'Makes the start safe to retry: a repeat with the same key within 24 hours returns the first result without starting again (1..255 printable ASCII characters).',
    }),
    allowMultipleRecordings: t.boolean({
      description: 'Allow this recording beside others already running in the meeting.',
    }),
    maxSeconds: t.int({ description: 'Stop after this many seconds, 60..86400 (default 86400).' }),
    fileNamePrefix: t.string({
      description: `Prefix of the recording’s file name: at most ${MAX_FILE_NAME_BYTES} bytes, without \`/\`, \`\\\` or control characters.`,
    }),
    url: t.string({
      description: 'Record this web page (http or https) instead of the meeting’s default view.',
    }),
    audioConfig: t.field({ type: AudioConfigInput, description: 'Audio settings.' }),
    videoConfig: t.field({ type: VideoConfigInput, description: 'Video settings.' }),
    interactiveConfig: t.field({ type: InteractiveConfigInput, description: 'Timed metadata.' }),
    realtimekitBucketConfig: t.field({
      type: RealtimekitBucketConfigInput,
      description: 'RealtimeKit bucket settings.',
    }),
    rtmpOutConfig: t.field({ type: RtmpOutConfigInput, description: 'Live stream settings.' }),
    storageConfig: t.field({ type: StorageConfigInput, description: 'Your own storage.' }),
  }),
});

const TrackLayerOutputInput = builder.inputType('TrackLayerOutputInput', {
  description: 'A destination of a track layer’s files.',
  fields: (t) => ({
    type: t.field({ type: TrackOutputTypeEnum, description: 'Kind of destination.' }),
    storageConfig: t.field({ type: StorageConfigInput, description: 'With STORAGE_CONFIG.' }),
  }),
});

const TrackLayerInput = builder.inputType('TrackLayerInput', {
  description: 'A named layer mapping meeting tracks to output files.',
  fields: (t) => ({
    name: t.string({ required: true, description: 'Layer name, unique in the request.' }),
    fileNamePrefix: t.string({
      description: `Prefix of this layer’s file names: at most ${MAX_FILE_NAME_BYTES} bytes, without \`/\`, \`\\\` or control characters.`,
    }),
    mediaKind: t.field({ type: TrackMediaKindEnum, description: 'Media to record (AUDIO).' }),
    outputs: t.field({ type: [TrackLayerOutputInput], description: 'Where the files go.' }),
  }),
});

export const StartTrackRecordingInput = builder.inputType('StartTrackRecordingInput', {
  description: 'A per-participant track recording of a meeting.',
  fields: (t) => ({
    meetingId: t.id({ required: true, description: 'The meeting to record (a UUID).' }),
    idempotencyKey: t.string({
      description:
        'Makes the start safe to retry: a repeat with the same key within 24 hours returns the first result without starting again (1..255 printable ASCII characters).',
    }),
    layers: t.field({
      type: [TrackLayerInput],
      description: 'Layers to record; all participant audio under the default name when absent.',
    }),
    userIds: t.stringList({ description: 'Only these participants (beta upstream), at most 100.' }),
    maxSeconds: t.int({ description: 'Stop after this many seconds, 60..86400.' }),
  }),
});
