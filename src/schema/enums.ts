import type {
  AudioChannel,
  AudioCodec,
  CallerType,
  InteractiveType,
  MeetingStatus,
  RecordingStatus,
  StartReasonKind,
  StopReasonKind,
  StorageAuthMethod,
  StorageType,
  TrackMediaKind,
  TrackOutputType,
  VideoCodec,
  WatermarkPosition,
} from '../domain/model.js';
import { builder } from './builder.js';

/** Every closed set of the RealtimeKit recording API, spelled in GraphQL's UPPER_SNAKE_CASE. */

type Described<T extends string> = Record<T, { description: string }>;

export const RecordingStatusEnum = builder.enumType('RecordingStatus', {
  description: 'Where a recording is in its lifecycle.',
  values: {
    INVOKED: { description: 'Requested; RealtimeKit is assigning a worker.' },
    RECORDING: { description: 'A worker is recording (or live streaming) the meeting.' },
    PAUSED: { description: 'Recording is paused; resume continues the same file.' },
    UPLOADING: { description: 'Stopped; the file is being uploaded to storage.' },
    UPLOADED: { description: 'The file is uploaded; download URLs are available. Final.' },
    ERRORED: { description: 'An irrecoverable error; no file will be available. Final.' },
  } satisfies Described<RecordingStatus>,
});

export const MeetingStatusEnum = builder.enumType('MeetingStatus', {
  description: 'Whether participants can join a meeting.',
  values: {
    ACTIVE: { description: 'Participants can join.' },
    INACTIVE: { description: 'Participants cannot join.' },
  } satisfies Described<MeetingStatus>,
});

export const CallerTypeEnum = builder.enumType('CallerType', {
  description: 'Whether the app itself or a participant started or stopped a recording.',
  values: {
    ORGANIZATION: { description: 'The app, through the REST API.' },
    USER: { description: 'A meeting participant.' },
  } satisfies Described<CallerType>,
});

export const StartReasonKindEnum = builder.enumType('StartReasonKind', {
  description: 'How a recording was started.',
  values: {
    API_CALL: { description: 'Through the start recording API.' },
    RECORD_ON_START: { description: 'By the meeting’s `recordOnStart` setting.' },
  } satisfies Described<StartReasonKind>,
});

export const StopReasonKindEnum = builder.enumType('StopReasonKind', {
  description: 'Why a recording stopped.',
  values: {
    API_CALL: { description: 'Through the stop recording API.' },
    INTERNAL_ERROR: { description: 'RealtimeKit failed.' },
    ALL_PEERS_LEFT: { description: 'Every participant left the meeting.' },
  } satisfies Described<StopReasonKind>,
});

export const StorageTypeEnum = builder.enumType('StorageType', {
  description: 'Where a recording is uploaded besides (or instead of) RealtimeKit’s bucket.',
  values: {
    AWS: { description: 'Amazon S3.' },
    AZURE: { description: 'Azure Blob Storage.' },
    DIGITALOCEAN: { description: 'DigitalOcean Spaces.' },
    GCS: { description: 'Google Cloud Storage.' },
    SFTP: { description: 'An SFTP server.' },
  } satisfies Described<StorageType>,
});

export const StorageAuthMethodEnum = builder.enumType('StorageAuthMethod', {
  description: 'How the gateway’s upstream authenticates to an SFTP server.',
  values: {
    KEY: { description: 'An SSH private key (`password` then unlocks the key).' },
    PASSWORD: { description: 'A password.' },
  } satisfies Described<StorageAuthMethod>,
});

export const AudioChannelEnum = builder.enumType('AudioChannel', {
  description: 'Audio channel layout.',
  values: {
    MONO: { description: 'One channel.' },
    STEREO: { description: 'Two channels (upstream default).' },
  } satisfies Described<AudioChannel>,
});

export const AudioCodecEnum = builder.enumType('AudioCodec', {
  description: 'Audio codec. With a VP8 or VP9 video codec, upstream forces Vorbis.',
  values: {
    MP3: { description: 'MP3.' },
    AAC: { description: 'AAC (upstream default).' },
  } satisfies Described<AudioCodec>,
});

export const VideoCodecEnum = builder.enumType('VideoCodec', {
  description: 'Video codec.',
  values: {
    H264: { description: 'H.264 (upstream default).' },
    VP8: { description: 'VP8.' },
    VP9: { description: 'VP9.' },
  } satisfies Described<VideoCodec>,
});

export const WatermarkPositionEnum = builder.enumType('WatermarkPosition', {
  description: 'Corner of the video where the watermark is placed.',
  values: {
    LEFT_TOP: { description: 'Top left (upstream default).' },
    RIGHT_TOP: { description: 'Top right.' },
    LEFT_BOTTOM: { description: 'Bottom left.' },
    RIGHT_BOTTOM: { description: 'Bottom right.' },
  } satisfies Described<WatermarkPosition>,
});

export const InteractiveTypeEnum = builder.enumType('InteractiveType', {
  description: 'Format of timed metadata embedded in the recording.',
  values: {
    ID3: { description: 'ID3 tags on the HLS playback timeline.' },
  } satisfies Described<InteractiveType>,
});

export const TrackMediaKindEnum = builder.enumType('TrackMediaKind', {
  description: 'Media recorded by a track layer. RealtimeKit records audio tracks only today.',
  values: {
    AUDIO: { description: 'Participant audio, as WebM files.' },
  } satisfies Described<TrackMediaKind>,
});

export const TrackOutputTypeEnum = builder.enumType('TrackOutputType', {
  description: 'Where a track layer’s files go.',
  values: {
    REALTIMEKIT_BUCKET: { description: 'RealtimeKit’s own bucket.' },
    STORAGE_CONFIG: { description: 'The storage given in the output’s `storageConfig`.' },
  } satisfies Described<TrackOutputType>,
});

export const SortDirectionEnum = builder.enumType('SortDirection', {
  description: 'Sort direction.',
  values: {
    ASC: { description: 'Oldest first.' },
    DESC: { description: 'Newest first.' },
  },
});

export const RecordingOrderFieldEnum = builder.enumType('RecordingOrderField', {
  description: 'What recordings can be sorted by (upstream supports one key).',
  values: { INVOKED_TIME: { description: 'When the recording was requested.' } },
});
