import type {
  AudioChannel,
  AudioCodec,
  InteractiveType,
  Recording,
  RecordingStatus,
  StorageAuthMethod,
  StorageType,
  TrackMediaKind,
  TrackOutputType,
  VideoCodec,
  WatermarkPosition,
} from './model.js';

/** What callers ask of the datasource: start inputs and list queries, in the model's spelling. */

export interface StorageConfigInput {
  type: StorageType;
  accessKey?: string | null;
  secret?: string | null;
  authMethod?: StorageAuthMethod | null;
  bucket?: string | null;
  host?: string | null;
  password?: string | null;
  path?: string | null;
  port?: number | null;
  privateKey?: string | null;
  region?: string | null;
  username?: string | null;
}

export interface StartRecordingInput {
  meetingId: string;
  allowMultipleRecordings?: boolean | null;
  maxSeconds?: number | null;
  fileNamePrefix?: string | null;
  url?: string | null;
  audioConfig?: {
    channel?: AudioChannel | null;
    codec?: AudioCodec | null;
    exportFile?: boolean | null;
  } | null;
  videoConfig?: {
    codec?: VideoCodec | null;
    width?: number | null;
    height?: number | null;
    exportFile?: boolean | null;
    watermark?: {
      url?: string | null;
      position?: WatermarkPosition | null;
      size?: { width?: number | null; height?: number | null } | null;
    } | null;
  } | null;
  interactiveConfig?: { type?: InteractiveType | null } | null;
  realtimekitBucketConfig?: { enabled: boolean } | null;
  rtmpOutConfig?: { rtmpUrl?: string | null } | null;
  storageConfig?: StorageConfigInput | null;
}

export interface TrackLayerInput {
  name: string;
  fileNamePrefix?: string | null;
  mediaKind?: TrackMediaKind | null;
  outputs?: Array<{
    type?: TrackOutputType | null;
    storageConfig?: StorageConfigInput | null;
  }> | null;
}

export interface StartTrackRecordingInput {
  meetingId: string;
  layers?: TrackLayerInput[] | null;
  userIds?: string[] | null;
  maxSeconds?: number | null;
}

export type RecordingSortOrder = 'ASC' | 'DESC';

export interface RecordingListQuery {
  meetingId?: string | null;
  status?: RecordingStatus[] | null;
  startTime?: string | null;
  endTime?: string | null;
  expired?: boolean | null;
  search?: string | null;
  sortOrder?: RecordingSortOrder | null;
  /** 1-based page number, as upstream counts. */
  pageNo: number;
  perPage: number;
}

export interface RecordingPage {
  recordings: Recording[];
  totalCount: number;
}
