import type { MeetingOrganizer, MeetingRecordingConfig } from '../domain/model.js';
import { builder } from './builder.js';
import {
  AudioChannelEnum,
  AudioCodecEnum,
  VideoCodecEnum,
  WatermarkPositionEnum,
} from './enums.js';
import { StorageConfigRef } from './recording-parts.js';

/** The value types a Meeting is made of: its recording defaults and its organiser. */

type Config = MeetingRecordingConfig;
type Video = NonNullable<Config['videoConfig']>;
type Watermark = NonNullable<Video['watermark']>;

const AudioConfigRef = builder.objectRef<NonNullable<Config['audioConfig']>>('AudioConfig');
AudioConfigRef.implement({
  description: 'Audio settings of recordings.',
  fields: (t) => ({
    channel: t.expose('channel', {
      type: AudioChannelEnum,
      nullable: true,
      description: 'Channel layout.',
    }),
    codec: t.expose('codec', { type: AudioCodecEnum, nullable: true, description: 'Codec.' }),
    exportFile: t.exposeBoolean('exportFile', {
      nullable: true,
      description: 'Whether the audio is also exported as its own file.',
    }),
  }),
});

const WatermarkSizeRef = builder.objectRef<NonNullable<Watermark['size']>>('WatermarkSize');
WatermarkSizeRef.implement({
  description: 'Size of a watermark in pixels.',
  fields: (t) => ({
    width: t.exposeInt('width', { nullable: true, description: 'Width in px.' }),
    height: t.exposeInt('height', { nullable: true, description: 'Height in px.' }),
  }),
});

const WatermarkRef = builder.objectRef<Watermark>('Watermark');
WatermarkRef.implement({
  description: 'An image laid over recordings.',
  fields: (t) => ({
    url: t.exposeString('url', { nullable: true, description: 'URL of the image.' }),
    position: t.expose('position', {
      type: WatermarkPositionEnum,
      nullable: true,
      description: 'Corner of the video.',
    }),
    size: t.expose('size', { type: WatermarkSizeRef, nullable: true, description: 'Size.' }),
  }),
});

const VideoConfigRef = builder.objectRef<Video>('VideoConfig');
VideoConfigRef.implement({
  description: 'Video settings of recordings.',
  fields: (t) => ({
    codec: t.expose('codec', { type: VideoCodecEnum, nullable: true, description: 'Codec.' }),
    width: t.exposeInt('width', { nullable: true, description: 'Width in px.' }),
    height: t.exposeInt('height', { nullable: true, description: 'Height in px.' }),
    exportFile: t.exposeBoolean('exportFile', {
      nullable: true,
      description: 'Whether the video is also exported as its own file.',
    }),
    watermark: t.expose('watermark', {
      type: WatermarkRef,
      nullable: true,
      description: 'A watermark image.',
    }),
  }),
});

const LiveStreamingConfigRef =
  builder.objectRef<NonNullable<Config['liveStreamingConfig']>>('LiveStreamingConfig');
LiveStreamingConfigRef.implement({
  description: 'Where recordings are live streamed.',
  fields: (t) => ({
    rtmpUrl: t.exposeString('rtmpUrl', { nullable: true, description: 'RTMP URL streamed to.' }),
  }),
});

const RealtimekitBucketConfigRef =
  builder.objectRef<NonNullable<Config['realtimekitBucketConfig']>>('RealtimekitBucketConfig');
RealtimekitBucketConfigRef.implement({
  description: 'Whether RealtimeKit keeps recordings in its own bucket.',
  fields: (t) => ({
    enabled: t.exposeBoolean('enabled', {
      nullable: true,
      description: 'When false, recordings get no download URLs.',
    }),
  }),
});

export const RecordingConfigRef = builder.objectRef<Config>('RecordingConfig');
RecordingConfigRef.implement({
  description:
    'A meeting’s recording defaults, which take precedence over the app’s. Storage credentials are write-only upstream and never returned.',
  fields: (t) => ({
    fileNamePrefix: t.exposeString('fileNamePrefix', {
      nullable: true,
      description: 'Prefix of recording file names.',
    }),
    maxSeconds: t.exposeInt('maxSeconds', {
      nullable: true,
      description: 'Longest recording in seconds (60..86400).',
    }),
    audioConfig: t.expose('audioConfig', {
      type: AudioConfigRef,
      nullable: true,
      description: 'Audio settings.',
    }),
    videoConfig: t.expose('videoConfig', {
      type: VideoConfigRef,
      nullable: true,
      description: 'Video settings.',
    }),
    liveStreamingConfig: t.expose('liveStreamingConfig', {
      type: LiveStreamingConfigRef,
      nullable: true,
      description: 'Live streaming settings.',
    }),
    realtimekitBucketConfig: t.expose('realtimekitBucketConfig', {
      type: RealtimekitBucketConfigRef,
      nullable: true,
      description: 'RealtimeKit bucket settings.',
    }),
    storageConfig: t.expose('storageConfig', {
      type: StorageConfigRef,
      nullable: true,
      description: 'Your own storage, without its credentials.',
    }),
  }),
});

export const MeetingOrganizerRef = builder.objectRef<MeetingOrganizer>('MeetingOrganizer');
MeetingOrganizerRef.implement({
  description: 'Who organised a meeting, as RealtimeKit’s webhooks name it.',
  fields: (t) => ({
    id: t.exposeID('id', { nullable: true, description: 'Id of the organiser.' }),
    name: t.exposeString('name', { nullable: true, description: 'Name of the organiser.' }),
  }),
});
