/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> =
  | T
  | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';
/** Audio channel layout. */
export type AudioChannel =
  /** One channel. */
  | 'MONO'
  /** Two channels (upstream default). */
  | 'STEREO';

/** Audio codec. With a VP8 or VP9 video codec, upstream forces Vorbis. */
export type AudioCodec =
  /** AAC (upstream default). */
  | 'AAC'
  /** MP3. */
  | 'MP3';

/** Audio settings of a recording. */
export type AudioConfigInput = {
  /** Channel layout (default STEREO). */
  channel?: AudioChannel | null | undefined;
  /** Codec (default AAC). */
  codec?: AudioCodec | null | undefined;
  /** Also export the audio as its own file. */
  exportFile?: boolean | null | undefined;
};

/** Whether the app itself or a participant started or stopped a recording. */
export type CallerType =
  /** The app, through the REST API. */
  | 'ORGANIZATION'
  /** A meeting participant. */
  | 'USER';

/** A stable, machine-readable reason for a failure. */
export type ErrorCode =
  /** The recording or meeting is in a state that does not allow this (RealtimeKit said so, or the gateway is still running the same idempotent request). */
  | 'CONFLICT'
  /** The resume cursor is older than the event log keeps; subscribe without it. */
  | 'CURSOR_EXPIRED'
  /** The credentials do not allow this. */
  | 'FORBIDDEN'
  /** The recording or meeting does not exist. */
  | 'NOT_FOUND'
  /** Too many calls; retry after the given number of seconds. */
  | 'RATE_LIMITED'
  /** No valid credentials were presented. */
  | 'UNAUTHENTICATED'
  /** RealtimeKit refused the call for a reason other than state (its message, with secrets removed, says why), failed, or could not be reached. */
  | 'UPSTREAM'
  /** An argument broke a rule the gateway checks itself; nothing was sent upstream. (When RealtimeKit refuses a request, the code is CONFLICT or UPSTREAM.) */
  | 'VALIDATION';

/** How the gateway learned of a status change. */
export type EventSource =
  /** The reconciler, polling RealtimeKit for a recording whose webhook never came. */
  | 'RECONCILER'
  /** A signed RealtimeKit webhook. */
  | 'WEBHOOK';

/** Timed metadata embedded in the recording. */
export type InteractiveConfigInput = {
  /** Format. */
  type?: InteractiveType | null | undefined;
};

/** Format of timed metadata embedded in the recording. */
export type InteractiveType =
  /** ID3 tags on the HLS playback timeline. */
  'ID3';

/** Whether participants can join a meeting. */
export type MeetingStatus =
  /** Participants can join. */
  | 'ACTIVE'
  /** Participants cannot join. */
  | 'INACTIVE';

/** Whether RealtimeKit keeps the files in its own bucket. */
export type RealtimekitBucketConfigInput = {
  /** When false, no download URLs are produced. */
  enabled: boolean;
};

/** Narrows a list of recordings. All given conditions must hold. */
export type RecordingFilter = {
  /** Only recordings invoked at or before. */
  endTime?: string | null | undefined;
  /** Only expired (true) or unexpired (false) downloads. */
  expired?: boolean | null | undefined;
  /** Only recordings of this meeting. */
  meetingId?: string | number | null | undefined;
  /** Matches the meeting id or title (at most 30000 characters once URL-encoded). */
  search?: string | null | undefined;
  /** Only recordings invoked at or after. */
  startTime?: string | null | undefined;
  /** Only these statuses. */
  status?: Array<RecordingStatus> | null | undefined;
};

/** How recordings are sorted. */
export type RecordingOrder = {
  /** The sort direction. */
  direction?: SortDirection;
  /** The sort key. */
  field?: RecordingOrderField;
};

/** What recordings can be sorted by (upstream supports one key). */
export type RecordingOrderField =
  /** When the recording was requested. */
  'INVOKED_TIME';

/** Where a recording is in its lifecycle. */
export type RecordingStatus =
  /** An irrecoverable error; no file will be available. Final. */
  | 'ERRORED'
  /** Requested; RealtimeKit is assigning a worker. */
  | 'INVOKED'
  /** Recording is paused; resume continues the same file. */
  | 'PAUSED'
  /** A worker is recording (or live streaming) the meeting. */
  | 'RECORDING'
  /** The file is uploaded; download URLs are available. Final. */
  | 'UPLOADED'
  /** Stopped; the file is being uploaded to storage. */
  | 'UPLOADING';

/** Live stream the recording to an RTMP endpoint. */
export type RtmpOutConfigInput = {
  /** rtmp:// or rtmps:// URL. */
  rtmpUrl?: string | null | undefined;
};

/** Sort direction. */
export type SortDirection =
  /** Oldest first. */
  | 'ASC'
  /** Newest first. */
  | 'DESC';

/** How a recording was started. */
export type StartReasonKind =
  /** Through the start recording API. */
  | 'API_CALL'
  /** By the meeting’s `recordOnStart` setting. */
  | 'RECORD_ON_START';

/** What to record and how. */
export type StartRecordingInput = {
  /** Allow this recording beside others already running in the meeting. */
  allowMultipleRecordings?: boolean | null | undefined;
  /** Audio settings. */
  audioConfig?: AudioConfigInput | null | undefined;
  /** Prefix of the recording’s file name: at most 255 bytes, without `/`, `\` or control characters. */
  fileNamePrefix?: string | null | undefined;
  /** Makes the start safe to retry: a repeat with the same key within 24 hours returns the first result without starting again (1..255 printable ASCII characters). */
  idempotencyKey?: string | null | undefined;
  /** Timed metadata. */
  interactiveConfig?: InteractiveConfigInput | null | undefined;
  /** Stop after this many seconds, 60..86400 (default 86400). */
  maxSeconds?: number | null | undefined;
  /** The meeting to record (a UUID). */
  meetingId: string | number;
  /** RealtimeKit bucket settings. */
  realtimekitBucketConfig?: RealtimekitBucketConfigInput | null | undefined;
  /** Live stream settings. */
  rtmpOutConfig?: RtmpOutConfigInput | null | undefined;
  /** Your own storage. */
  storageConfig?: StorageConfigInput | null | undefined;
  /** Record this web page (http or https) instead of the meeting’s default view. */
  url?: string | null | undefined;
  /** Video settings. */
  videoConfig?: VideoConfigInput | null | undefined;
};

/** A per-participant track recording of a meeting. */
export type StartTrackRecordingInput = {
  /** Makes the start safe to retry: a repeat with the same key within 24 hours returns the first result without starting again (1..255 printable ASCII characters). */
  idempotencyKey?: string | null | undefined;
  /** Layers to record; all participant audio under the default name when absent. */
  layers?: Array<TrackLayerInput> | null | undefined;
  /** Stop after this many seconds, 60..86400. */
  maxSeconds?: number | null | undefined;
  /** The meeting to record (a UUID). */
  meetingId: string | number;
  /** Only these participants (beta upstream), at most 100. */
  userIds?: Array<string> | null | undefined;
};

/** Why a recording stopped. */
export type StopReasonKind =
  /** Every participant left the meeting. */
  | 'ALL_PEERS_LEFT'
  /** Through the stop recording API. */
  | 'API_CALL'
  /** RealtimeKit failed. */
  | 'INTERNAL_ERROR';

/** How the gateway’s upstream authenticates to an SFTP server. */
export type StorageAuthMethod =
  /** An SSH private key (`password` then unlocks the key). */
  | 'KEY'
  /** A password. */
  | 'PASSWORD';

/** Where to upload the recording. The credentials here are sent to RealtimeKit and never returned, logged or echoed in errors. */
export type StorageConfigInput = {
  /** Access key (not needed for GCS). Write-only. */
  accessKey?: string | null | undefined;
  /** SFTP authentication method. */
  authMethod?: StorageAuthMethod | null | undefined;
  /** Bucket name. */
  bucket?: string | null | undefined;
  /** SFTP host (required for SFTP). */
  host?: string | null | undefined;
  /** SFTP password, or the private key’s passphrase with KEY. Write-only. */
  password?: string | null | undefined;
  /** Path under the bucket root where files are placed. */
  path?: string | null | undefined;
  /** SFTP port, 1..65535. */
  port?: number | null | undefined;
  /** SFTP private key, with KEY. Write-only. */
  privateKey?: string | null | undefined;
  /** Bucket region, e.g. `us-east-1`. */
  region?: string | null | undefined;
  /** Secret key. Write-only. */
  secret?: string | null | undefined;
  /** Kind of storage. */
  type: StorageType;
  /** SFTP user name (required for SFTP). */
  username?: string | null | undefined;
};

/** Where a recording is uploaded besides (or instead of) RealtimeKit’s bucket. */
export type StorageType =
  /** Amazon S3. */
  | 'AWS'
  /** Azure Blob Storage. */
  | 'AZURE'
  /** DigitalOcean Spaces. */
  | 'DIGITALOCEAN'
  /** Google Cloud Storage. */
  | 'GCS'
  /** An SFTP server. */
  | 'SFTP';

/** A named layer mapping meeting tracks to output files. */
export type TrackLayerInput = {
  /** Prefix of this layer’s file names: at most 255 bytes, without `/`, `\` or control characters. */
  fileNamePrefix?: string | null | undefined;
  /** Media to record (AUDIO). */
  mediaKind?: TrackMediaKind | null | undefined;
  /** Layer name, unique in the request. */
  name: string;
  /** Where the files go. */
  outputs?: Array<TrackLayerOutputInput> | null | undefined;
};

/** A destination of a track layer’s files. */
export type TrackLayerOutputInput = {
  /** With STORAGE_CONFIG. */
  storageConfig?: StorageConfigInput | null | undefined;
  /** Kind of destination. */
  type?: TrackOutputType | null | undefined;
};

/** Media recorded by a track layer. RealtimeKit records audio tracks only today. */
export type TrackMediaKind =
  /** Participant audio, as WebM files. */
  'AUDIO';

/** Where a track layer’s files go. */
export type TrackOutputType =
  /** RealtimeKit’s own bucket. */
  | 'REALTIMEKIT_BUCKET'
  /** The storage given in the output’s `storageConfig`. */
  | 'STORAGE_CONFIG';

/** Video codec. */
export type VideoCodec =
  /** H.264 (upstream default). */
  | 'H264'
  /** VP8. */
  | 'VP8'
  /** VP9. */
  | 'VP9';

/** Video settings of a recording. */
export type VideoConfigInput = {
  /** Codec (default H264). */
  codec?: VideoCodec | null | undefined;
  /** Also export the video as its own file. */
  exportFile?: boolean | null | undefined;
  /** Height in px, 1..1920 (default 720). */
  height?: number | null | undefined;
  /** A watermark image. */
  watermark?: WatermarkInput | null | undefined;
  /** Width in px, 1..1920 (default 1280). */
  width?: number | null | undefined;
};

/** An image laid over the recording. */
export type WatermarkInput = {
  /** Corner (default LEFT_TOP). */
  position?: WatermarkPosition | null | undefined;
  /** Size in pixels. */
  size?: WatermarkSizeInput | null | undefined;
  /** URL of the image (http or https). */
  url?: string | null | undefined;
};

/** Corner of the video where the watermark is placed. */
export type WatermarkPosition =
  /** Bottom left. */
  | 'LEFT_BOTTOM'
  /** Top left (upstream default). */
  | 'LEFT_TOP'
  /** Bottom right. */
  | 'RIGHT_BOTTOM'
  /** Top right. */
  | 'RIGHT_TOP';

/** Size of the watermark in pixels. */
export type WatermarkSizeInput = {
  /** Height in px, at least 1. */
  height?: number | null | undefined;
  /** Width in px, at least 1. */
  width?: number | null | undefined;
};

export type RecordingFieldsFragment = {
  id: string;
  status: RecordingStatus;
  outputFileName: string | null;
  sessionId: string | null;
  meetingId: string | null;
  invokedTime: string | null;
  startedTime: string | null;
  stoppedTime: string | null;
  recordingDuration: number | null;
  fileSize: number | null;
  downloadUrl: string | null;
  audioDownloadUrl: string | null;
  downloadUrlExpiry: string | null;
  layerDownloads: Array<{
    layer: string | null;
    url: string | null;
    mediaKind: string | null;
    fileName: string | null;
  }>;
  startReason: {
    reason: StartReasonKind | null;
    caller: { name: string | null; type: CallerType | null; userId: string | null } | null;
  } | null;
  stopReason: {
    reason: StopReasonKind | null;
    caller: { name: string | null; type: CallerType | null; userId: string | null } | null;
  } | null;
  storageConfig: {
    type: StorageType;
    authMethod: StorageAuthMethod | null;
    bucket: string | null;
    host: string | null;
    path: string | null;
    port: number | null;
    region: string | null;
    username: string | null;
  } | null;
};

export type MeetingFieldsFragment = {
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
  roomName: string | null;
  startedAt: string | null;
  endedAt: string | null;
  recordingConfig: {
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
    storageConfig: {
      type: StorageType;
      authMethod: StorageAuthMethod | null;
      bucket: string | null;
      host: string | null;
      path: string | null;
      port: number | null;
      region: string | null;
      username: string | null;
    } | null;
  } | null;
  organizedBy: { id: string | null; name: string | null } | null;
};

type ErrorFields_ConflictError_Fragment = {
  __typename: 'ConflictError';
  code: ErrorCode;
  message: string;
};

type ErrorFields_NotFoundError_Fragment = {
  __typename: 'NotFoundError';
  code: ErrorCode;
  message: string;
};

type ErrorFields_RateLimitedError_Fragment = {
  __typename: 'RateLimitedError';
  retryAfterSeconds: number;
  code: ErrorCode;
  message: string;
};

type ErrorFields_UpstreamError_Fragment = {
  __typename: 'UpstreamError';
  code: ErrorCode;
  message: string;
};

type ErrorFields_ValidationError_Fragment = {
  __typename: 'ValidationError';
  field: string;
  code: ErrorCode;
  message: string;
};

export type ErrorFieldsFragment =
  | ErrorFields_ConflictError_Fragment
  | ErrorFields_NotFoundError_Fragment
  | ErrorFields_RateLimitedError_Fragment
  | ErrorFields_UpstreamError_Fragment
  | ErrorFields_ValidationError_Fragment;

export type StartRecordingMutationVariables = Exact<{
  input: StartRecordingInput;
}>;

export type StartRecordingMutation = {
  startRecording:
    | { __typename: 'ConflictError'; code: ErrorCode; message: string }
    | { __typename: 'NotFoundError'; code: ErrorCode; message: string }
    | {
        __typename: 'RateLimitedError';
        retryAfterSeconds: number;
        code: ErrorCode;
        message: string;
      }
    | {
        __typename: 'StartRecordingSuccess';
        recording: {
          id: string;
          status: RecordingStatus;
          outputFileName: string | null;
          sessionId: string | null;
          meetingId: string | null;
          invokedTime: string | null;
          startedTime: string | null;
          stoppedTime: string | null;
          recordingDuration: number | null;
          fileSize: number | null;
          downloadUrl: string | null;
          audioDownloadUrl: string | null;
          downloadUrlExpiry: string | null;
          layerDownloads: Array<{
            layer: string | null;
            url: string | null;
            mediaKind: string | null;
            fileName: string | null;
          }>;
          startReason: {
            reason: StartReasonKind | null;
            caller: { name: string | null; type: CallerType | null; userId: string | null } | null;
          } | null;
          stopReason: {
            reason: StopReasonKind | null;
            caller: { name: string | null; type: CallerType | null; userId: string | null } | null;
          } | null;
          storageConfig: {
            type: StorageType;
            authMethod: StorageAuthMethod | null;
            bucket: string | null;
            host: string | null;
            path: string | null;
            port: number | null;
            region: string | null;
            username: string | null;
          } | null;
        };
      }
    | { __typename: 'UpstreamError'; code: ErrorCode; message: string }
    | { __typename: 'ValidationError'; field: string; code: ErrorCode; message: string };
};

export type StartTrackRecordingMutationVariables = Exact<{
  input: StartTrackRecordingInput;
}>;

export type StartTrackRecordingMutation = {
  startTrackRecording:
    | { __typename: 'ConflictError'; code: ErrorCode; message: string }
    | { __typename: 'NotFoundError'; code: ErrorCode; message: string }
    | {
        __typename: 'RateLimitedError';
        retryAfterSeconds: number;
        code: ErrorCode;
        message: string;
      }
    | {
        __typename: 'StartTrackRecordingSuccess';
        recording: {
          id: string;
          status: RecordingStatus;
          outputFileName: string | null;
          sessionId: string | null;
          meetingId: string | null;
          invokedTime: string | null;
          startedTime: string | null;
          stoppedTime: string | null;
          recordingDuration: number | null;
          fileSize: number | null;
          downloadUrl: string | null;
          audioDownloadUrl: string | null;
          downloadUrlExpiry: string | null;
          layerDownloads: Array<{
            layer: string | null;
            url: string | null;
            mediaKind: string | null;
            fileName: string | null;
          }>;
          startReason: {
            reason: StartReasonKind | null;
            caller: { name: string | null; type: CallerType | null; userId: string | null } | null;
          } | null;
          stopReason: {
            reason: StopReasonKind | null;
            caller: { name: string | null; type: CallerType | null; userId: string | null } | null;
          } | null;
          storageConfig: {
            type: StorageType;
            authMethod: StorageAuthMethod | null;
            bucket: string | null;
            host: string | null;
            path: string | null;
            port: number | null;
            region: string | null;
            username: string | null;
          } | null;
        };
      }
    | { __typename: 'UpstreamError'; code: ErrorCode; message: string }
    | { __typename: 'ValidationError'; field: string; code: ErrorCode; message: string };
};

export type PauseRecordingMutationVariables = Exact<{
  id: string | number;
}>;

export type PauseRecordingMutation = {
  pauseRecording:
    | { __typename: 'ConflictError'; code: ErrorCode; message: string }
    | { __typename: 'NotFoundError'; code: ErrorCode; message: string }
    | { __typename: 'PauseRecordingSuccess'; recording: { id: string; status: RecordingStatus } }
    | {
        __typename: 'RateLimitedError';
        retryAfterSeconds: number;
        code: ErrorCode;
        message: string;
      }
    | { __typename: 'UpstreamError'; code: ErrorCode; message: string }
    | { __typename: 'ValidationError'; field: string; code: ErrorCode; message: string };
};

export type ResumeRecordingMutationVariables = Exact<{
  id: string | number;
}>;

export type ResumeRecordingMutation = {
  resumeRecording:
    | { __typename: 'ConflictError'; code: ErrorCode; message: string }
    | { __typename: 'NotFoundError'; code: ErrorCode; message: string }
    | {
        __typename: 'RateLimitedError';
        retryAfterSeconds: number;
        code: ErrorCode;
        message: string;
      }
    | { __typename: 'ResumeRecordingSuccess'; recording: { id: string; status: RecordingStatus } }
    | { __typename: 'UpstreamError'; code: ErrorCode; message: string }
    | { __typename: 'ValidationError'; field: string; code: ErrorCode; message: string };
};

export type StopRecordingMutationVariables = Exact<{
  id: string | number;
}>;

export type StopRecordingMutation = {
  stopRecording:
    | { __typename: 'ConflictError'; code: ErrorCode; message: string }
    | { __typename: 'NotFoundError'; code: ErrorCode; message: string }
    | {
        __typename: 'RateLimitedError';
        retryAfterSeconds: number;
        code: ErrorCode;
        message: string;
      }
    | { __typename: 'StopRecordingSuccess'; recording: { id: string; status: RecordingStatus } }
    | { __typename: 'UpstreamError'; code: ErrorCode; message: string }
    | { __typename: 'ValidationError'; field: string; code: ErrorCode; message: string };
};

export type RecordingsPageQueryVariables = Exact<{
  filter?: RecordingFilter | null | undefined;
  orderBy?: RecordingOrder | null | undefined;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;

export type RecordingsPageQuery = {
  recordings: {
    totalCount: number;
    pageInfo: {
      hasNextPage: boolean;
      hasPreviousPage: boolean;
      startCursor: string | null;
      endCursor: string | null;
    };
    edges: Array<{
      cursor: string;
      node: {
        id: string;
        status: RecordingStatus;
        outputFileName: string | null;
        sessionId: string | null;
        meetingId: string | null;
        invokedTime: string | null;
        startedTime: string | null;
        stoppedTime: string | null;
        recordingDuration: number | null;
        fileSize: number | null;
        downloadUrl: string | null;
        audioDownloadUrl: string | null;
        downloadUrlExpiry: string | null;
        meeting: {
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
          roomName: string | null;
          startedAt: string | null;
          endedAt: string | null;
          recordingConfig: {
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
            storageConfig: {
              type: StorageType;
              authMethod: StorageAuthMethod | null;
              bucket: string | null;
              host: string | null;
              path: string | null;
              port: number | null;
              region: string | null;
              username: string | null;
            } | null;
          } | null;
          organizedBy: { id: string | null; name: string | null } | null;
        } | null;
        layerDownloads: Array<{
          layer: string | null;
          url: string | null;
          mediaKind: string | null;
          fileName: string | null;
        }>;
        startReason: {
          reason: StartReasonKind | null;
          caller: { name: string | null; type: CallerType | null; userId: string | null } | null;
        } | null;
        stopReason: {
          reason: StopReasonKind | null;
          caller: { name: string | null; type: CallerType | null; userId: string | null } | null;
        } | null;
        storageConfig: {
          type: StorageType;
          authMethod: StorageAuthMethod | null;
          bucket: string | null;
          host: string | null;
          path: string | null;
          port: number | null;
          region: string | null;
          username: string | null;
        } | null;
      };
    }>;
  };
};

export type RecordingByIdQueryVariables = Exact<{
  id: string | number;
}>;

export type RecordingByIdQuery = {
  recording: {
    id: string;
    status: RecordingStatus;
    outputFileName: string | null;
    sessionId: string | null;
    meetingId: string | null;
    invokedTime: string | null;
    startedTime: string | null;
    stoppedTime: string | null;
    recordingDuration: number | null;
    fileSize: number | null;
    downloadUrl: string | null;
    audioDownloadUrl: string | null;
    downloadUrlExpiry: string | null;
    meeting: { id: string; title: string | null } | null;
    layerDownloads: Array<{
      layer: string | null;
      url: string | null;
      mediaKind: string | null;
      fileName: string | null;
    }>;
    startReason: {
      reason: StartReasonKind | null;
      caller: { name: string | null; type: CallerType | null; userId: string | null } | null;
    } | null;
    stopReason: {
      reason: StopReasonKind | null;
      caller: { name: string | null; type: CallerType | null; userId: string | null } | null;
    } | null;
    storageConfig: {
      type: StorageType;
      authMethod: StorageAuthMethod | null;
      bucket: string | null;
      host: string | null;
      path: string | null;
      port: number | null;
      region: string | null;
      username: string | null;
    } | null;
  } | null;
};

export type ActiveRecordingQueryVariables = Exact<{
  meetingId: string | number;
}>;

export type ActiveRecordingQuery = {
  activeRecording: {
    id: string;
    status: RecordingStatus;
    outputFileName: string | null;
    sessionId: string | null;
    meetingId: string | null;
    invokedTime: string | null;
    startedTime: string | null;
    stoppedTime: string | null;
    recordingDuration: number | null;
    fileSize: number | null;
    downloadUrl: string | null;
    audioDownloadUrl: string | null;
    downloadUrlExpiry: string | null;
    layerDownloads: Array<{
      layer: string | null;
      url: string | null;
      mediaKind: string | null;
      fileName: string | null;
    }>;
    startReason: {
      reason: StartReasonKind | null;
      caller: { name: string | null; type: CallerType | null; userId: string | null } | null;
    } | null;
    stopReason: {
      reason: StopReasonKind | null;
      caller: { name: string | null; type: CallerType | null; userId: string | null } | null;
    } | null;
    storageConfig: {
      type: StorageType;
      authMethod: StorageAuthMethod | null;
      bucket: string | null;
      host: string | null;
      path: string | null;
      port: number | null;
      region: string | null;
      username: string | null;
    } | null;
  } | null;
};

export type MeetingByIdQueryVariables = Exact<{
  id: string | number;
  first?: number | null | undefined;
}>;

export type MeetingByIdQuery = {
  meeting: {
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
    roomName: string | null;
    startedAt: string | null;
    endedAt: string | null;
    activeRecording: { id: string; status: RecordingStatus } | null;
    recordings: {
      totalCount: number;
      edges: Array<{ node: { id: string; status: RecordingStatus } }>;
    };
    recordingConfig: {
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
      storageConfig: {
        type: StorageType;
        authMethod: StorageAuthMethod | null;
        bucket: string | null;
        host: string | null;
        path: string | null;
        port: number | null;
        region: string | null;
        username: string | null;
      } | null;
    } | null;
    organizedBy: { id: string | null; name: string | null } | null;
  } | null;
};

export type RecordingHistoryQueryVariables = Exact<{
  id: string | number;
}>;

export type RecordingHistoryQuery = {
  recording: {
    id: string;
    statusHistory: Array<{
      cursor: string;
      status: RecordingStatus;
      previousStatus: RecordingStatus | null;
      source: EventSource;
    }>;
  } | null;
};

export type MeetingActiveRecordingsQueryVariables = Exact<{
  id: string | number;
}>;

export type MeetingActiveRecordingsQuery = {
  meeting: {
    id: string;
    activeRecordings: Array<{
      id: string;
      status: RecordingStatus;
      meetingId: string | null;
      meeting: { id: string } | null;
    }>;
  } | null;
};

export type RecordingStatusChangedSubscriptionVariables = Exact<{
  meetingId?: string | number | null | undefined;
  recordingId?: string | number | null | undefined;
  statuses?: Array<RecordingStatus> | RecordingStatus | null | undefined;
  after?: string | null | undefined;
}>;

export type RecordingStatusChangedSubscription = {
  recordingStatusChanged: {
    cursor: string;
    recordingId: string;
    meetingId: string | null;
    status: RecordingStatus;
    previousStatus: RecordingStatus | null;
    occurredAt: string;
    source: EventSource;
    recording: {
      id: string;
      status: RecordingStatus;
      downloadUrl: string | null;
      downloadUrlExpiry: string | null;
      fileSize: number | null;
      meetingId: string | null;
    };
  };
};

export type RecordingStatusWithMeetingSubscriptionVariables = Exact<{
  meetingId?: string | number | null | undefined;
}>;

export type RecordingStatusWithMeetingSubscription = {
  recordingStatusChanged: {
    recordingId: string;
    status: RecordingStatus;
    recording: {
      id: string;
      meeting: {
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
        roomName: string | null;
        startedAt: string | null;
        endedAt: string | null;
        recordingConfig: {
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
          storageConfig: {
            type: StorageType;
            authMethod: StorageAuthMethod | null;
            bucket: string | null;
            host: string | null;
            path: string | null;
            port: number | null;
            region: string | null;
            username: string | null;
          } | null;
        } | null;
        organizedBy: { id: string | null; name: string | null } | null;
      } | null;
    };
  };
};

export type RecordingStatusWithHistorySubscriptionVariables = Exact<{
  recordingId?: string | number | null | undefined;
}>;

export type RecordingStatusWithHistorySubscription = {
  recordingStatusChanged: {
    status: RecordingStatus;
    recording: { id: string; statusHistory: Array<{ status: RecordingStatus }> };
  };
};

export const RecordingFieldsFragmentDoc = {
  kind: 'Document',
  definitions: [
    {
      kind: 'FragmentDefinition',
      name: { kind: 'Name', value: 'RecordingFields' },
      typeCondition: { kind: 'NamedType', name: { kind: 'Name', value: 'Recording' } },
      selectionSet: {
        kind: 'SelectionSet',
        selections: [
          { kind: 'Field', name: { kind: 'Name', value: 'id' } },
          { kind: 'Field', name: { kind: 'Name', value: 'status' } },
          { kind: 'Field', name: { kind: 'Name', value: 'outputFileName' } },
          { kind: 'Field', name: { kind: 'Name', value: 'sessionId' } },
          { kind: 'Field', name: { kind: 'Name', value: 'meetingId' } },
          { kind: 'Field', name: { kind: 'Name', value: 'invokedTime' } },
          { kind: 'Field', name: { kind: 'Name', value: 'startedTime' } },
          { kind: 'Field', name: { kind: 'Name', value: 'stoppedTime' } },
          { kind: 'Field', name: { kind: 'Name', value: 'recordingDuration' } },
          { kind: 'Field', name: { kind: 'Name', value: 'fileSize' } },
          { kind: 'Field', name: { kind: 'Name', value: 'downloadUrl' } },
          { kind: 'Field', name: { kind: 'Name', value: 'audioDownloadUrl' } },
          { kind: 'Field', name: { kind: 'Name', value: 'downloadUrlExpiry' } },
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'layerDownloads' },
            selectionSet: {
              kind: 'SelectionSet',
              selections: [
                { kind: 'Field', name: { kind: 'Name', value: 'layer' } },
                { kind: 'Field', name: { kind: 'Name', value: 'url' } },
                { kind: 'Field', name: { kind: 'Name', value: 'mediaKind' } },
                { kind: 'Field', name: { kind: 'Name', value: 'fileName' } },
              ],
            },
          },
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'startReason' },
            selectionSet: {
              kind: 'SelectionSet',
              selections: [
                { kind: 'Field', name: { kind: 'Name', value: 'reason' } },
                {
                  kind: 'Field',
                  name: { kind: 'Name', value: 'caller' },
                  selectionSet: {
                    kind: 'SelectionSet',
                    selections: [
                      { kind: 'Field', name: { kind: 'Name', value: 'name' } },
                      { kind: 'Field', name: { kind: 'Name', value: 'type' } },
                      { kind: 'Field', name: { kind: 'Name', value: 'userId' } },
                    ],
                  },
                },
              ],
            },
          },
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'stopReason' },
            selectionSet: {
              kind: 'SelectionSet',
              selections: [
                { kind: 'Field', name: { kind: 'Name', value: 'reason' } },
                {
                  kind: 'Field',
                  name: { kind: 'Name', value: 'caller' },
                  selectionSet: {
                    kind: 'SelectionSet',
                    selections: [
                      { kind: 'Field', name: { kind: 'Name', value: 'name' } },
                      { kind: 'Field', name: { kind: 'Name', value: 'type' } },
                      { kind: 'Field', name: { kind: 'Name', value: 'userId' } },
                    ],
                  },
                },
              ],
            },
          },
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'storageConfig' },
            selectionSet: {
              kind: 'SelectionSet',
              selections: [
                { kind: 'Field', name: { kind: 'Name', value: 'type' } },
                { kind: 'Field', name: { kind: 'Name', value: 'authMethod' } },
                { kind: 'Field', name: { kind: 'Name', value: 'bucket' } },
                { kind: 'Field', name: { kind: 'Name', value: 'host' } },
                { kind: 'Field', name: { kind: 'Name', value: 'path' } },
                { kind: 'Field', name: { kind: 'Name', value: 'port' } },
                { kind: 'Field', name: { kind: 'Name', value: 'region' } },
                { kind: 'Field', name: { kind: 'Name', value: 'username' } },
              ],
            },
          },
        ],
      },
    },
  ],
} as unknown as DocumentNode<RecordingFieldsFragment, unknown>;
export const MeetingFieldsFragmentDoc = {
  kind: 'Document',
  definitions: [
    {
      kind: 'FragmentDefinition',
      name: { kind: 'Name', value: 'MeetingFields' },
      typeCondition: { kind: 'NamedType', name: { kind: 'Name', value: 'Meeting' } },
      selectionSet: {
        kind: 'SelectionSet',
        selections: [
          { kind: 'Field', name: { kind: 'Name', value: 'id' } },
          { kind: 'Field', name: { kind: 'Name', value: 'title' } },
          { kind: 'Field', name: { kind: 'Name', value: 'status' } },
          { kind: 'Field', name: { kind: 'Name', value: 'createdAt' } },
          { kind: 'Field', name: { kind: 'Name', value: 'updatedAt' } },
          { kind: 'Field', name: { kind: 'Name', value: 'recordOnStart' } },
          { kind: 'Field', name: { kind: 'Name', value: 'liveStreamOnStart' } },
          { kind: 'Field', name: { kind: 'Name', value: 'persistChat' } },
          { kind: 'Field', name: { kind: 'Name', value: 'summarizeOnEnd' } },
          { kind: 'Field', name: { kind: 'Name', value: 'transcribeOnEnd' } },
          { kind: 'Field', name: { kind: 'Name', value: 'sessionKeepAliveTimeInSecs' } },
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'recordingConfig' },
            selectionSet: {
              kind: 'SelectionSet',
              selections: [
                { kind: 'Field', name: { kind: 'Name', value: 'fileNamePrefix' } },
                { kind: 'Field', name: { kind: 'Name', value: 'maxSeconds' } },
                {
                  kind: 'Field',
                  name: { kind: 'Name', value: 'audioConfig' },
                  selectionSet: {
                    kind: 'SelectionSet',
                    selections: [
                      { kind: 'Field', name: { kind: 'Name', value: 'channel' } },
                      { kind: 'Field', name: { kind: 'Name', value: 'codec' } },
                      { kind: 'Field', name: { kind: 'Name', value: 'exportFile' } },
                    ],
                  },
                },
                {
                  kind: 'Field',
                  name: { kind: 'Name', value: 'videoConfig' },
                  selectionSet: {
                    kind: 'SelectionSet',
                    selections: [
                      { kind: 'Field', name: { kind: 'Name', value: 'codec' } },
                      { kind: 'Field', name: { kind: 'Name', value: 'width' } },
                      { kind: 'Field', name: { kind: 'Name', value: 'height' } },
                      { kind: 'Field', name: { kind: 'Name', value: 'exportFile' } },
                      {
                        kind: 'Field',
                        name: { kind: 'Name', value: 'watermark' },
                        selectionSet: {
                          kind: 'SelectionSet',
                          selections: [
                            { kind: 'Field', name: { kind: 'Name', value: 'url' } },
                            { kind: 'Field', name: { kind: 'Name', value: 'position' } },
                            {
                              kind: 'Field',
                              name: { kind: 'Name', value: 'size' },
                              selectionSet: {
                                kind: 'SelectionSet',
                                selections: [
                                  { kind: 'Field', name: { kind: 'Name', value: 'width' } },
                                  { kind: 'Field', name: { kind: 'Name', value: 'height' } },
                                ],
                              },
                            },
                          ],
                        },
                      },
                    ],
                  },
                },
                {
                  kind: 'Field',
                  name: { kind: 'Name', value: 'liveStreamingConfig' },
                  selectionSet: {
                    kind: 'SelectionSet',
                    selections: [{ kind: 'Field', name: { kind: 'Name', value: 'rtmpUrl' } }],
                  },
                },
                {
                  kind: 'Field',
                  name: { kind: 'Name', value: 'realtimekitBucketConfig' },
                  selectionSet: {
                    kind: 'SelectionSet',
                    selections: [{ kind: 'Field', name: { kind: 'Name', value: 'enabled' } }],
                  },
                },
                {
                  kind: 'Field',
                  name: { kind: 'Name', value: 'storageConfig' },
                  selectionSet: {
                    kind: 'SelectionSet',
                    selections: [
                      { kind: 'Field', name: { kind: 'Name', value: 'type' } },
                      { kind: 'Field', name: { kind: 'Name', value: 'authMethod' } },
                      { kind: 'Field', name: { kind: 'Name', value: 'bucket' } },
                      { kind: 'Field', name: { kind: 'Name', value: 'host' } },
                      { kind: 'Field', name: { kind: 'Name', value: 'path' } },
                      { kind: 'Field', name: { kind: 'Name', value: 'port' } },
                      { kind: 'Field', name: { kind: 'Name', value: 'region' } },
                      { kind: 'Field', name: { kind: 'Name', value: 'username' } },
                    ],
                  },
                },
              ],
            },
          },
          { kind: 'Field', name: { kind: 'Name', value: 'roomName' } },
          { kind: 'Field', name: { kind: 'Name', value: 'startedAt' } },
          { kind: 'Field', name: { kind: 'Name', value: 'endedAt' } },
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'organizedBy' },
            selectionSet: {
              kind: 'SelectionSet',
              selections: [
                { kind: 'Field', name: { kind: 'Name', value: 'id' } },
                { kind: 'Field', name: { kind: 'Name', value: 'name' } },
              ],
            },
          },
        ],
      },
    },
  ],
} as unknown as DocumentNode<MeetingFieldsFragment, unknown>;
export const ErrorFieldsFragmentDoc = {
  kind: 'Document',
  definitions: [
    {
      kind: 'FragmentDefinition',
      name: { kind: 'Name', value: 'ErrorFields' },
      typeCondition: { kind: 'NamedType', name: { kind: 'Name', value: 'Error' } },
      selectionSet: {
        kind: 'SelectionSet',
        selections: [
          { kind: 'Field', name: { kind: 'Name', value: '__typename' } },
          { kind: 'Field', name: { kind: 'Name', value: 'code' } },
          { kind: 'Field', name: { kind: 'Name', value: 'message' } },
          {
            kind: 'InlineFragment',
            typeCondition: { kind: 'NamedType', name: { kind: 'Name', value: 'ValidationError' } },
            selectionSet: {
              kind: 'SelectionSet',
              selections: [{ kind: 'Field', name: { kind: 'Name', value: 'field' } }],
            },
          },
          {
            kind: 'InlineFragment',
            typeCondition: { kind: 'NamedType', name: { kind: 'Name', value: 'RateLimitedError' } },
            selectionSet: {
              kind: 'SelectionSet',
              selections: [{ kind: 'Field', name: { kind: 'Name', value: 'retryAfterSeconds' } }],
            },
          },
        ],
      },
    },
  ],
} as unknown as DocumentNode<ErrorFieldsFragment, unknown>;
export const StartRecordingDocument = {
  kind: 'Document',
  definitions: [
    {
      kind: 'OperationDefinition',
      operation: 'mutation',
      name: { kind: 'Name', value: 'StartRecording' },
      variableDefinitions: [
        {
          kind: 'VariableDefinition',
          variable: { kind: 'Variable', name: { kind: 'Name', value: 'input' } },
          type: {
            kind: 'NonNullType',
            type: { kind: 'NamedType', name: { kind: 'Name', value: 'StartRecordingInput' } },
          },
        },
      ],
      selectionSet: {
        kind: 'SelectionSet',
        selections: [
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'startRecording' },
            arguments: [
              {
                kind: 'Argument',
                name: { kind: 'Name', value: 'input' },
                value: { kind: 'Variable', name: { kind: 'Name', value: 'input' } },
              },
            ],
            selectionSet: {
              kind: 'SelectionSet',
              selections: [
                { kind: 'Field', name: { kind: 'Name', value: '__typename' } },
                {
                  kind: 'InlineFragment',
                  typeCondition: {
                    kind: 'NamedType',
                    name: { kind: 'Name', value: 'StartRecordingSuccess' },
                  },
                  selectionSet: {
                    kind: 'SelectionSet',
                    selections: [
                      {
                        kind: 'Field',
                        name: { kind: 'Name', value: 'recording' },
                        selectionSet: {
                          kind: 'SelectionSet',
                          selections: [
                            {
                              kind: 'FragmentSpread',
                              name: { kind: 'Name', value: 'RecordingFields' },
                            },
                          ],
                        },
                      },
                    ],
                  },
                },
                { kind: 'FragmentSpread', name: { kind: 'Name', value: 'ErrorFields' } },
              ],
            },
          },
        ],
      },
    },
    {
      kind: 'FragmentDefinition',
      name: { kind: 'Name', value: 'RecordingFields' },
      typeCondition: { kind: 'NamedType', name: { kind: 'Name', value: 'Recording' } },
      selectionSet: {
        kind: 'SelectionSet',
        selections: [
          { kind: 'Field', name: { kind: 'Name', value: 'id' } },
          { kind: 'Field', name: { kind: 'Name', value: 'status' } },
          { kind: 'Field', name: { kind: 'Name', value: 'outputFileName' } },
          { kind: 'Field', name: { kind: 'Name', value: 'sessionId' } },
          { kind: 'Field', name: { kind: 'Name', value: 'meetingId' } },
          { kind: 'Field', name: { kind: 'Name', value: 'invokedTime' } },
          { kind: 'Field', name: { kind: 'Name', value: 'startedTime' } },
          { kind: 'Field', name: { kind: 'Name', value: 'stoppedTime' } },
          { kind: 'Field', name: { kind: 'Name', value: 'recordingDuration' } },
          { kind: 'Field', name: { kind: 'Name', value: 'fileSize' } },
          { kind: 'Field', name: { kind: 'Name', value: 'downloadUrl' } },
          { kind: 'Field', name: { kind: 'Name', value: 'audioDownloadUrl' } },
          { kind: 'Field', name: { kind: 'Name', value: 'downloadUrlExpiry' } },
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'layerDownloads' },
            selectionSet: {
              kind: 'SelectionSet',
              selections: [
                { kind: 'Field', name: { kind: 'Name', value: 'layer' } },
                { kind: 'Field', name: { kind: 'Name', value: 'url' } },
                { kind: 'Field', name: { kind: 'Name', value: 'mediaKind' } },
                { kind: 'Field', name: { kind: 'Name', value: 'fileName' } },
              ],
            },
          },
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'startReason' },
            selectionSet: {
              kind: 'SelectionSet',
              selections: [
                { kind: 'Field', name: { kind: 'Name', value: 'reason' } },
                {
                  kind: 'Field',
                  name: { kind: 'Name', value: 'caller' },
                  selectionSet: {
                    kind: 'SelectionSet',
                    selections: [
                      { kind: 'Field', name: { kind: 'Name', value: 'name' } },
                      { kind: 'Field', name: { kind: 'Name', value: 'type' } },
                      { kind: 'Field', name: { kind: 'Name', value: 'userId' } },
                    ],
                  },
                },
              ],
            },
          },
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'stopReason' },
            selectionSet: {
              kind: 'SelectionSet',
              selections: [
                { kind: 'Field', name: { kind: 'Name', value: 'reason' } },
                {
                  kind: 'Field',
                  name: { kind: 'Name', value: 'caller' },
                  selectionSet: {
                    kind: 'SelectionSet',
                    selections: [
                      { kind: 'Field', name: { kind: 'Name', value: 'name' } },
                      { kind: 'Field', name: { kind: 'Name', value: 'type' } },
                      { kind: 'Field', name: { kind: 'Name', value: 'userId' } },
                    ],
                  },
                },
              ],
            },
          },
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'storageConfig' },
            selectionSet: {
              kind: 'SelectionSet',
              selections: [
                { kind: 'Field', name: { kind: 'Name', value: 'type' } },
                { kind: 'Field', name: { kind: 'Name', value: 'authMethod' } },
                { kind: 'Field', name: { kind: 'Name', value: 'bucket' } },
                { kind: 'Field', name: { kind: 'Name', value: 'host' } },
                { kind: 'Field', name: { kind: 'Name', value: 'path' } },
                { kind: 'Field', name: { kind: 'Name', value: 'port' } },
                { kind: 'Field', name: { kind: 'Name', value: 'region' } },
                { kind: 'Field', name: { kind: 'Name', value: 'username' } },
              ],
            },
          },
        ],
      },
    },
    {
      kind: 'FragmentDefinition',
      name: { kind: 'Name', value: 'ErrorFields' },
      typeCondition: { kind: 'NamedType', name: { kind: 'Name', value: 'Error' } },
      selectionSet: {
        kind: 'SelectionSet',
        selections: [
          { kind: 'Field', name: { kind: 'Name', value: '__typename' } },
          { kind: 'Field', name: { kind: 'Name', value: 'code' } },
          { kind: 'Field', name: { kind: 'Name', value: 'message' } },
          {
            kind: 'InlineFragment',
            typeCondition: { kind: 'NamedType', name: { kind: 'Name', value: 'ValidationError' } },
            selectionSet: {
              kind: 'SelectionSet',
              selections: [{ kind: 'Field', name: { kind: 'Name', value: 'field' } }],
            },
          },
          {
            kind: 'InlineFragment',
            typeCondition: { kind: 'NamedType', name: { kind: 'Name', value: 'RateLimitedError' } },
            selectionSet: {
              kind: 'SelectionSet',
              selections: [{ kind: 'Field', name: { kind: 'Name', value: 'retryAfterSeconds' } }],
            },
          },
        ],
      },
    },
  ],
} as unknown as DocumentNode<StartRecordingMutation, StartRecordingMutationVariables>;
export const StartTrackRecordingDocument = {
  kind: 'Document',
  definitions: [
    {
      kind: 'OperationDefinition',
      operation: 'mutation',
      name: { kind: 'Name', value: 'StartTrackRecording' },
      variableDefinitions: [
        {
          kind: 'VariableDefinition',
          variable: { kind: 'Variable', name: { kind: 'Name', value: 'input' } },
          type: {
            kind: 'NonNullType',
            type: { kind: 'NamedType', name: { kind: 'Name', value: 'StartTrackRecordingInput' } },
          },
        },
      ],
      selectionSet: {
        kind: 'SelectionSet',
        selections: [
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'startTrackRecording' },
            arguments: [
              {
                kind: 'Argument',
                name: { kind: 'Name', value: 'input' },
                value: { kind: 'Variable', name: { kind: 'Name', value: 'input' } },
              },
            ],
            selectionSet: {
              kind: 'SelectionSet',
              selections: [
                { kind: 'Field', name: { kind: 'Name', value: '__typename' } },
                {
                  kind: 'InlineFragment',
                  typeCondition: {
                    kind: 'NamedType',
                    name: { kind: 'Name', value: 'StartTrackRecordingSuccess' },
                  },
                  selectionSet: {
                    kind: 'SelectionSet',
                    selections: [
                      {
                        kind: 'Field',
                        name: { kind: 'Name', value: 'recording' },
                        selectionSet: {
                          kind: 'SelectionSet',
                          selections: [
                            {
                              kind: 'FragmentSpread',
                              name: { kind: 'Name', value: 'RecordingFields' },
                            },
                          ],
                        },
                      },
                    ],
                  },
                },
                { kind: 'FragmentSpread', name: { kind: 'Name', value: 'ErrorFields' } },
              ],
            },
          },
        ],
      },
    },
    {
      kind: 'FragmentDefinition',
      name: { kind: 'Name', value: 'RecordingFields' },
      typeCondition: { kind: 'NamedType', name: { kind: 'Name', value: 'Recording' } },
      selectionSet: {
        kind: 'SelectionSet',
        selections: [
          { kind: 'Field', name: { kind: 'Name', value: 'id' } },
          { kind: 'Field', name: { kind: 'Name', value: 'status' } },
          { kind: 'Field', name: { kind: 'Name', value: 'outputFileName' } },
          { kind: 'Field', name: { kind: 'Name', value: 'sessionId' } },
          { kind: 'Field', name: { kind: 'Name', value: 'meetingId' } },
          { kind: 'Field', name: { kind: 'Name', value: 'invokedTime' } },
          { kind: 'Field', name: { kind: 'Name', value: 'startedTime' } },
          { kind: 'Field', name: { kind: 'Name', value: 'stoppedTime' } },
          { kind: 'Field', name: { kind: 'Name', value: 'recordingDuration' } },
          { kind: 'Field', name: { kind: 'Name', value: 'fileSize' } },
          { kind: 'Field', name: { kind: 'Name', value: 'downloadUrl' } },
          { kind: 'Field', name: { kind: 'Name', value: 'audioDownloadUrl' } },
          { kind: 'Field', name: { kind: 'Name', value: 'downloadUrlExpiry' } },
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'layerDownloads' },
            selectionSet: {
              kind: 'SelectionSet',
              selections: [
                { kind: 'Field', name: { kind: 'Name', value: 'layer' } },
                { kind: 'Field', name: { kind: 'Name', value: 'url' } },
                { kind: 'Field', name: { kind: 'Name', value: 'mediaKind' } },
                { kind: 'Field', name: { kind: 'Name', value: 'fileName' } },
              ],
            },
          },
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'startReason' },
            selectionSet: {
              kind: 'SelectionSet',
              selections: [
                { kind: 'Field', name: { kind: 'Name', value: 'reason' } },
                {
                  kind: 'Field',
                  name: { kind: 'Name', value: 'caller' },
                  selectionSet: {
                    kind: 'SelectionSet',
                    selections: [
                      { kind: 'Field', name: { kind: 'Name', value: 'name' } },
                      { kind: 'Field', name: { kind: 'Name', value: 'type' } },
                      { kind: 'Field', name: { kind: 'Name', value: 'userId' } },
                    ],
                  },
                },
              ],
            },
          },
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'stopReason' },
            selectionSet: {
              kind: 'SelectionSet',
              selections: [
                { kind: 'Field', name: { kind: 'Name', value: 'reason' } },
                {
                  kind: 'Field',
                  name: { kind: 'Name', value: 'caller' },
                  selectionSet: {
                    kind: 'SelectionSet',
                    selections: [
                      { kind: 'Field', name: { kind: 'Name', value: 'name' } },
                      { kind: 'Field', name: { kind: 'Name', value: 'type' } },
                      { kind: 'Field', name: { kind: 'Name', value: 'userId' } },
                    ],
                  },
                },
              ],
            },
          },
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'storageConfig' },
            selectionSet: {
              kind: 'SelectionSet',
              selections: [
                { kind: 'Field', name: { kind: 'Name', value: 'type' } },
                { kind: 'Field', name: { kind: 'Name', value: 'authMethod' } },
                { kind: 'Field', name: { kind: 'Name', value: 'bucket' } },
                { kind: 'Field', name: { kind: 'Name', value: 'host' } },
                { kind: 'Field', name: { kind: 'Name', value: 'path' } },
                { kind: 'Field', name: { kind: 'Name', value: 'port' } },
                { kind: 'Field', name: { kind: 'Name', value: 'region' } },
                { kind: 'Field', name: { kind: 'Name', value: 'username' } },
              ],
            },
          },
        ],
      },
    },
    {
      kind: 'FragmentDefinition',
      name: { kind: 'Name', value: 'ErrorFields' },
      typeCondition: { kind: 'NamedType', name: { kind: 'Name', value: 'Error' } },
      selectionSet: {
        kind: 'SelectionSet',
        selections: [
          { kind: 'Field', name: { kind: 'Name', value: '__typename' } },
          { kind: 'Field', name: { kind: 'Name', value: 'code' } },
          { kind: 'Field', name: { kind: 'Name', value: 'message' } },
          {
            kind: 'InlineFragment',
            typeCondition: { kind: 'NamedType', name: { kind: 'Name', value: 'ValidationError' } },
            selectionSet: {
              kind: 'SelectionSet',
              selections: [{ kind: 'Field', name: { kind: 'Name', value: 'field' } }],
            },
          },
          {
            kind: 'InlineFragment',
            typeCondition: { kind: 'NamedType', name: { kind: 'Name', value: 'RateLimitedError' } },
            selectionSet: {
              kind: 'SelectionSet',
              selections: [{ kind: 'Field', name: { kind: 'Name', value: 'retryAfterSeconds' } }],
            },
          },
        ],
      },
    },
  ],
} as unknown as DocumentNode<StartTrackRecordingMutation, StartTrackRecordingMutationVariables>;
export const PauseRecordingDocument = {
  kind: 'Document',
  definitions: [
    {
      kind: 'OperationDefinition',
      operation: 'mutation',
      name: { kind: 'Name', value: 'PauseRecording' },
      variableDefinitions: [
        {
          kind: 'VariableDefinition',
          variable: { kind: 'Variable', name: { kind: 'Name', value: 'id' } },
          type: {
            kind: 'NonNullType',
            type: { kind: 'NamedType', name: { kind: 'Name', value: 'ID' } },
          },
        },
      ],
      selectionSet: {
        kind: 'SelectionSet',
        selections: [
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'pauseRecording' },
            arguments: [
              {
                kind: 'Argument',
                name: { kind: 'Name', value: 'id' },
                value: { kind: 'Variable', name: { kind: 'Name', value: 'id' } },
              },
            ],
            selectionSet: {
              kind: 'SelectionSet',
              selections: [
                { kind: 'Field', name: { kind: 'Name', value: '__typename' } },
                {
                  kind: 'InlineFragment',
                  typeCondition: {
                    kind: 'NamedType',
                    name: { kind: 'Name', value: 'PauseRecordingSuccess' },
                  },
                  selectionSet: {
                    kind: 'SelectionSet',
                    selections: [
                      {
                        kind: 'Field',
                        name: { kind: 'Name', value: 'recording' },
                        selectionSet: {
                          kind: 'SelectionSet',
                          selections: [
                            { kind: 'Field', name: { kind: 'Name', value: 'id' } },
                            { kind: 'Field', name: { kind: 'Name', value: 'status' } },
                          ],
                        },
                      },
                    ],
                  },
                },
                { kind: 'FragmentSpread', name: { kind: 'Name', value: 'ErrorFields' } },
              ],
            },
          },
        ],
      },
    },
    {
      kind: 'FragmentDefinition',
      name: { kind: 'Name', value: 'ErrorFields' },
      typeCondition: { kind: 'NamedType', name: { kind: 'Name', value: 'Error' } },
      selectionSet: {
        kind: 'SelectionSet',
        selections: [
          { kind: 'Field', name: { kind: 'Name', value: '__typename' } },
          { kind: 'Field', name: { kind: 'Name', value: 'code' } },
          { kind: 'Field', name: { kind: 'Name', value: 'message' } },
          {
            kind: 'InlineFragment',
            typeCondition: { kind: 'NamedType', name: { kind: 'Name', value: 'ValidationError' } },
            selectionSet: {
              kind: 'SelectionSet',
              selections: [{ kind: 'Field', name: { kind: 'Name', value: 'field' } }],
            },
          },
          {
            kind: 'InlineFragment',
            typeCondition: { kind: 'NamedType', name: { kind: 'Name', value: 'RateLimitedError' } },
            selectionSet: {
              kind: 'SelectionSet',
              selections: [{ kind: 'Field', name: { kind: 'Name', value: 'retryAfterSeconds' } }],
            },
          },
        ],
      },
    },
  ],
} as unknown as DocumentNode<PauseRecordingMutation, PauseRecordingMutationVariables>;
export const ResumeRecordingDocument = {
  kind: 'Document',
  definitions: [
    {
      kind: 'OperationDefinition',
      operation: 'mutation',
      name: { kind: 'Name', value: 'ResumeRecording' },
      variableDefinitions: [
        {
          kind: 'VariableDefinition',
          variable: { kind: 'Variable', name: { kind: 'Name', value: 'id' } },
          type: {
            kind: 'NonNullType',
            type: { kind: 'NamedType', name: { kind: 'Name', value: 'ID' } },
          },
        },
      ],
      selectionSet: {
        kind: 'SelectionSet',
        selections: [
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'resumeRecording' },
            arguments: [
              {
                kind: 'Argument',
                name: { kind: 'Name', value: 'id' },
                value: { kind: 'Variable', name: { kind: 'Name', value: 'id' } },
              },
            ],
            selectionSet: {
              kind: 'SelectionSet',
              selections: [
                { kind: 'Field', name: { kind: 'Name', value: '__typename' } },
                {
                  kind: 'InlineFragment',
                  typeCondition: {
                    kind: 'NamedType',
                    name: { kind: 'Name', value: 'ResumeRecordingSuccess' },
                  },
                  selectionSet: {
                    kind: 'SelectionSet',
                    selections: [
                      {
                        kind: 'Field',
                        name: { kind: 'Name', value: 'recording' },
                        selectionSet: {
                          kind: 'SelectionSet',
                          selections: [
                            { kind: 'Field', name: { kind: 'Name', value: 'id' } },
                            { kind: 'Field', name: { kind: 'Name', value: 'status' } },
                          ],
                        },
                      },
                    ],
                  },
                },
                { kind: 'FragmentSpread', name: { kind: 'Name', value: 'ErrorFields' } },
              ],
            },
          },
        ],
      },
    },
    {
      kind: 'FragmentDefinition',
      name: { kind: 'Name', value: 'ErrorFields' },
      typeCondition: { kind: 'NamedType', name: { kind: 'Name', value: 'Error' } },
      selectionSet: {
        kind: 'SelectionSet',
        selections: [
          { kind: 'Field', name: { kind: 'Name', value: '__typename' } },
          { kind: 'Field', name: { kind: 'Name', value: 'code' } },
          { kind: 'Field', name: { kind: 'Name', value: 'message' } },
          {
            kind: 'InlineFragment',
            typeCondition: { kind: 'NamedType', name: { kind: 'Name', value: 'ValidationError' } },
            selectionSet: {
              kind: 'SelectionSet',
              selections: [{ kind: 'Field', name: { kind: 'Name', value: 'field' } }],
            },
          },
          {
            kind: 'InlineFragment',
            typeCondition: { kind: 'NamedType', name: { kind: 'Name', value: 'RateLimitedError' } },
            selectionSet: {
              kind: 'SelectionSet',
              selections: [{ kind: 'Field', name: { kind: 'Name', value: 'retryAfterSeconds' } }],
            },
          },
        ],
      },
    },
  ],
} as unknown as DocumentNode<ResumeRecordingMutation, ResumeRecordingMutationVariables>;
export const StopRecordingDocument = {
  kind: 'Document',
  definitions: [
    {
      kind: 'OperationDefinition',
      operation: 'mutation',
      name: { kind: 'Name', value: 'StopRecording' },
      variableDefinitions: [
        {
          kind: 'VariableDefinition',
          variable: { kind: 'Variable', name: { kind: 'Name', value: 'id' } },
          type: {
            kind: 'NonNullType',
            type: { kind: 'NamedType', name: { kind: 'Name', value: 'ID' } },
          },
        },
      ],
      selectionSet: {
        kind: 'SelectionSet',
        selections: [
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'stopRecording' },
            arguments: [
              {
                kind: 'Argument',
                name: { kind: 'Name', value: 'id' },
                value: { kind: 'Variable', name: { kind: 'Name', value: 'id' } },
              },
            ],
            selectionSet: {
              kind: 'SelectionSet',
              selections: [
                { kind: 'Field', name: { kind: 'Name', value: '__typename' } },
                {
                  kind: 'InlineFragment',
                  typeCondition: {
                    kind: 'NamedType',
                    name: { kind: 'Name', value: 'StopRecordingSuccess' },
                  },
                  selectionSet: {
                    kind: 'SelectionSet',
                    selections: [
                      {
                        kind: 'Field',
                        name: { kind: 'Name', value: 'recording' },
                        selectionSet: {
                          kind: 'SelectionSet',
                          selections: [
                            { kind: 'Field', name: { kind: 'Name', value: 'id' } },
                            { kind: 'Field', name: { kind: 'Name', value: 'status' } },
                          ],
                        },
                      },
                    ],
                  },
                },
                { kind: 'FragmentSpread', name: { kind: 'Name', value: 'ErrorFields' } },
              ],
            },
          },
        ],
      },
    },
    {
      kind: 'FragmentDefinition',
      name: { kind: 'Name', value: 'ErrorFields' },
      typeCondition: { kind: 'NamedType', name: { kind: 'Name', value: 'Error' } },
      selectionSet: {
        kind: 'SelectionSet',
        selections: [
          { kind: 'Field', name: { kind: 'Name', value: '__typename' } },
          { kind: 'Field', name: { kind: 'Name', value: 'code' } },
          { kind: 'Field', name: { kind: 'Name', value: 'message' } },
          {
            kind: 'InlineFragment',
            typeCondition: { kind: 'NamedType', name: { kind: 'Name', value: 'ValidationError' } },
            selectionSet: {
              kind: 'SelectionSet',
              selections: [{ kind: 'Field', name: { kind: 'Name', value: 'field' } }],
            },
          },
          {
            kind: 'InlineFragment',
            typeCondition: { kind: 'NamedType', name: { kind: 'Name', value: 'RateLimitedError' } },
            selectionSet: {
              kind: 'SelectionSet',
              selections: [{ kind: 'Field', name: { kind: 'Name', value: 'retryAfterSeconds' } }],
            },
          },
        ],
      },
    },
  ],
} as unknown as DocumentNode<StopRecordingMutation, StopRecordingMutationVariables>;
export const RecordingsPageDocument = {
  kind: 'Document',
  definitions: [
    {
      kind: 'OperationDefinition',
      operation: 'query',
      name: { kind: 'Name', value: 'RecordingsPage' },
      variableDefinitions: [
        {
          kind: 'VariableDefinition',
          variable: { kind: 'Variable', name: { kind: 'Name', value: 'filter' } },
          type: { kind: 'NamedType', name: { kind: 'Name', value: 'RecordingFilter' } },
        },
        {
          kind: 'VariableDefinition',
          variable: { kind: 'Variable', name: { kind: 'Name', value: 'orderBy' } },
          type: { kind: 'NamedType', name: { kind: 'Name', value: 'RecordingOrder' } },
        },
        {
          kind: 'VariableDefinition',
          variable: { kind: 'Variable', name: { kind: 'Name', value: 'first' } },
          type: { kind: 'NamedType', name: { kind: 'Name', value: 'Int' } },
        },
        {
          kind: 'VariableDefinition',
          variable: { kind: 'Variable', name: { kind: 'Name', value: 'after' } },
          type: { kind: 'NamedType', name: { kind: 'Name', value: 'String' } },
        },
      ],
      selectionSet: {
        kind: 'SelectionSet',
        selections: [
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'recordings' },
            arguments: [
              {
                kind: 'Argument',
                name: { kind: 'Name', value: 'filter' },
                value: { kind: 'Variable', name: { kind: 'Name', value: 'filter' } },
              },
              {
                kind: 'Argument',
                name: { kind: 'Name', value: 'orderBy' },
                value: { kind: 'Variable', name: { kind: 'Name', value: 'orderBy' } },
              },
              {
                kind: 'Argument',
                name: { kind: 'Name', value: 'first' },
                value: { kind: 'Variable', name: { kind: 'Name', value: 'first' } },
              },
              {
                kind: 'Argument',
                name: { kind: 'Name', value: 'after' },
                value: { kind: 'Variable', name: { kind: 'Name', value: 'after' } },
              },
            ],
            selectionSet: {
              kind: 'SelectionSet',
              selections: [
                { kind: 'Field', name: { kind: 'Name', value: 'totalCount' } },
                {
                  kind: 'Field',
                  name: { kind: 'Name', value: 'pageInfo' },
                  selectionSet: {
                    kind: 'SelectionSet',
                    selections: [
                      { kind: 'Field', name: { kind: 'Name', value: 'hasNextPage' } },
                      { kind: 'Field', name: { kind: 'Name', value: 'hasPreviousPage' } },
                      { kind: 'Field', name: { kind: 'Name', value: 'startCursor' } },
                      { kind: 'Field', name: { kind: 'Name', value: 'endCursor' } },
                    ],
                  },
                },
                {
                  kind: 'Field',
                  name: { kind: 'Name', value: 'edges' },
                  selectionSet: {
                    kind: 'SelectionSet',
                    selections: [
                      { kind: 'Field', name: { kind: 'Name', value: 'cursor' } },
                      {
                        kind: 'Field',
                        name: { kind: 'Name', value: 'node' },
                        selectionSet: {
                          kind: 'SelectionSet',
                          selections: [
                            {
                              kind: 'FragmentSpread',
                              name: { kind: 'Name', value: 'RecordingFields' },
                            },
                            {
                              kind: 'Field',
                              name: { kind: 'Name', value: 'meeting' },
                              selectionSet: {
                                kind: 'SelectionSet',
                                selections: [
                                  {
                                    kind: 'FragmentSpread',
                                    name: { kind: 'Name', value: 'MeetingFields' },
                                  },
                                ],
                              },
                            },
                          ],
                        },
                      },
                    ],
                  },
                },
              ],
            },
          },
        ],
      },
    },
    {
      kind: 'FragmentDefinition',
      name: { kind: 'Name', value: 'RecordingFields' },
      typeCondition: { kind: 'NamedType', name: { kind: 'Name', value: 'Recording' } },
      selectionSet: {
        kind: 'SelectionSet',
        selections: [
          { kind: 'Field', name: { kind: 'Name', value: 'id' } },
          { kind: 'Field', name: { kind: 'Name', value: 'status' } },
          { kind: 'Field', name: { kind: 'Name', value: 'outputFileName' } },
          { kind: 'Field', name: { kind: 'Name', value: 'sessionId' } },
          { kind: 'Field', name: { kind: 'Name', value: 'meetingId' } },
          { kind: 'Field', name: { kind: 'Name', value: 'invokedTime' } },
          { kind: 'Field', name: { kind: 'Name', value: 'startedTime' } },
          { kind: 'Field', name: { kind: 'Name', value: 'stoppedTime' } },
          { kind: 'Field', name: { kind: 'Name', value: 'recordingDuration' } },
          { kind: 'Field', name: { kind: 'Name', value: 'fileSize' } },
          { kind: 'Field', name: { kind: 'Name', value: 'downloadUrl' } },
          { kind: 'Field', name: { kind: 'Name', value: 'audioDownloadUrl' } },
          { kind: 'Field', name: { kind: 'Name', value: 'downloadUrlExpiry' } },
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'layerDownloads' },
            selectionSet: {
              kind: 'SelectionSet',
              selections: [
                { kind: 'Field', name: { kind: 'Name', value: 'layer' } },
                { kind: 'Field', name: { kind: 'Name', value: 'url' } },
                { kind: 'Field', name: { kind: 'Name', value: 'mediaKind' } },
                { kind: 'Field', name: { kind: 'Name', value: 'fileName' } },
              ],
            },
          },
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'startReason' },
            selectionSet: {
              kind: 'SelectionSet',
              selections: [
                { kind: 'Field', name: { kind: 'Name', value: 'reason' } },
                {
                  kind: 'Field',
                  name: { kind: 'Name', value: 'caller' },
                  selectionSet: {
                    kind: 'SelectionSet',
                    selections: [
                      { kind: 'Field', name: { kind: 'Name', value: 'name' } },
                      { kind: 'Field', name: { kind: 'Name', value: 'type' } },
                      { kind: 'Field', name: { kind: 'Name', value: 'userId' } },
                    ],
                  },
                },
              ],
            },
          },
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'stopReason' },
            selectionSet: {
              kind: 'SelectionSet',
              selections: [
                { kind: 'Field', name: { kind: 'Name', value: 'reason' } },
                {
                  kind: 'Field',
                  name: { kind: 'Name', value: 'caller' },
                  selectionSet: {
                    kind: 'SelectionSet',
                    selections: [
                      { kind: 'Field', name: { kind: 'Name', value: 'name' } },
                      { kind: 'Field', name: { kind: 'Name', value: 'type' } },
                      { kind: 'Field', name: { kind: 'Name', value: 'userId' } },
                    ],
                  },
                },
              ],
            },
          },
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'storageConfig' },
            selectionSet: {
              kind: 'SelectionSet',
              selections: [
                { kind: 'Field', name: { kind: 'Name', value: 'type' } },
                { kind: 'Field', name: { kind: 'Name', value: 'authMethod' } },
                { kind: 'Field', name: { kind: 'Name', value: 'bucket' } },
                { kind: 'Field', name: { kind: 'Name', value: 'host' } },
                { kind: 'Field', name: { kind: 'Name', value: 'path' } },
                { kind: 'Field', name: { kind: 'Name', value: 'port' } },
                { kind: 'Field', name: { kind: 'Name', value: 'region' } },
                { kind: 'Field', name: { kind: 'Name', value: 'username' } },
              ],
            },
          },
        ],
      },
    },
    {
      kind: 'FragmentDefinition',
      name: { kind: 'Name', value: 'MeetingFields' },
      typeCondition: { kind: 'NamedType', name: { kind: 'Name', value: 'Meeting' } },
      selectionSet: {
        kind: 'SelectionSet',
        selections: [
          { kind: 'Field', name: { kind: 'Name', value: 'id' } },
          { kind: 'Field', name: { kind: 'Name', value: 'title' } },
          { kind: 'Field', name: { kind: 'Name', value: 'status' } },
          { kind: 'Field', name: { kind: 'Name', value: 'createdAt' } },
          { kind: 'Field', name: { kind: 'Name', value: 'updatedAt' } },
          { kind: 'Field', name: { kind: 'Name', value: 'recordOnStart' } },
          { kind: 'Field', name: { kind: 'Name', value: 'liveStreamOnStart' } },
          { kind: 'Field', name: { kind: 'Name', value: 'persistChat' } },
          { kind: 'Field', name: { kind: 'Name', value: 'summarizeOnEnd' } },
          { kind: 'Field', name: { kind: 'Name', value: 'transcribeOnEnd' } },
          { kind: 'Field', name: { kind: 'Name', value: 'sessionKeepAliveTimeInSecs' } },
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'recordingConfig' },
            selectionSet: {
              kind: 'SelectionSet',
              selections: [
                { kind: 'Field', name: { kind: 'Name', value: 'fileNamePrefix' } },
                { kind: 'Field', name: { kind: 'Name', value: 'maxSeconds' } },
                {
                  kind: 'Field',
                  name: { kind: 'Name', value: 'audioConfig' },
                  selectionSet: {
                    kind: 'SelectionSet',
                    selections: [
                      { kind: 'Field', name: { kind: 'Name', value: 'channel' } },
                      { kind: 'Field', name: { kind: 'Name', value: 'codec' } },
                      { kind: 'Field', name: { kind: 'Name', value: 'exportFile' } },
                    ],
                  },
                },
                {
                  kind: 'Field',
                  name: { kind: 'Name', value: 'videoConfig' },
                  selectionSet: {
                    kind: 'SelectionSet',
                    selections: [
                      { kind: 'Field', name: { kind: 'Name', value: 'codec' } },
                      { kind: 'Field', name: { kind: 'Name', value: 'width' } },
                      { kind: 'Field', name: { kind: 'Name', value: 'height' } },
                      { kind: 'Field', name: { kind: 'Name', value: 'exportFile' } },
                      {
                        kind: 'Field',
                        name: { kind: 'Name', value: 'watermark' },
                        selectionSet: {
                          kind: 'SelectionSet',
                          selections: [
                            { kind: 'Field', name: { kind: 'Name', value: 'url' } },
                            { kind: 'Field', name: { kind: 'Name', value: 'position' } },
                            {
                              kind: 'Field',
                              name: { kind: 'Name', value: 'size' },
                              selectionSet: {
                                kind: 'SelectionSet',
                                selections: [
                                  { kind: 'Field', name: { kind: 'Name', value: 'width' } },
                                  { kind: 'Field', name: { kind: 'Name', value: 'height' } },
                                ],
                              },
                            },
                          ],
                        },
                      },
                    ],
                  },
                },
                {
                  kind: 'Field',
                  name: { kind: 'Name', value: 'liveStreamingConfig' },
                  selectionSet: {
                    kind: 'SelectionSet',
                    selections: [{ kind: 'Field', name: { kind: 'Name', value: 'rtmpUrl' } }],
                  },
                },
                {
                  kind: 'Field',
                  name: { kind: 'Name', value: 'realtimekitBucketConfig' },
                  selectionSet: {
                    kind: 'SelectionSet',
                    selections: [{ kind: 'Field', name: { kind: 'Name', value: 'enabled' } }],
                  },
                },
                {
                  kind: 'Field',
                  name: { kind: 'Name', value: 'storageConfig' },
                  selectionSet: {
                    kind: 'SelectionSet',
                    selections: [
                      { kind: 'Field', name: { kind: 'Name', value: 'type' } },
                      { kind: 'Field', name: { kind: 'Name', value: 'authMethod' } },
                      { kind: 'Field', name: { kind: 'Name', value: 'bucket' } },
                      { kind: 'Field', name: { kind: 'Name', value: 'host' } },
                      { kind: 'Field', name: { kind: 'Name', value: 'path' } },
                      { kind: 'Field', name: { kind: 'Name', value: 'port' } },
                      { kind: 'Field', name: { kind: 'Name', value: 'region' } },
                      { kind: 'Field', name: { kind: 'Name', value: 'username' } },
                    ],
                  },
                },
              ],
            },
          },
          { kind: 'Field', name: { kind: 'Name', value: 'roomName' } },
          { kind: 'Field', name: { kind: 'Name', value: 'startedAt' } },
          { kind: 'Field', name: { kind: 'Name', value: 'endedAt' } },
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'organizedBy' },
            selectionSet: {
              kind: 'SelectionSet',
              selections: [
                { kind: 'Field', name: { kind: 'Name', value: 'id' } },
                { kind: 'Field', name: { kind: 'Name', value: 'name' } },
              ],
            },
          },
        ],
      },
    },
  ],
} as unknown as DocumentNode<RecordingsPageQuery, RecordingsPageQueryVariables>;
export const RecordingByIdDocument = {
  kind: 'Document',
  definitions: [
    {
      kind: 'OperationDefinition',
      operation: 'query',
      name: { kind: 'Name', value: 'RecordingById' },
      variableDefinitions: [
        {
          kind: 'VariableDefinition',
          variable: { kind: 'Variable', name: { kind: 'Name', value: 'id' } },
          type: {
            kind: 'NonNullType',
            type: { kind: 'NamedType', name: { kind: 'Name', value: 'ID' } },
          },
        },
      ],
      selectionSet: {
        kind: 'SelectionSet',
        selections: [
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'recording' },
            arguments: [
              {
                kind: 'Argument',
                name: { kind: 'Name', value: 'id' },
                value: { kind: 'Variable', name: { kind: 'Name', value: 'id' } },
              },
            ],
            selectionSet: {
              kind: 'SelectionSet',
              selections: [
                { kind: 'FragmentSpread', name: { kind: 'Name', value: 'RecordingFields' } },
                {
                  kind: 'Field',
                  name: { kind: 'Name', value: 'meeting' },
                  selectionSet: {
                    kind: 'SelectionSet',
                    selections: [
                      { kind: 'Field', name: { kind: 'Name', value: 'id' } },
                      { kind: 'Field', name: { kind: 'Name', value: 'title' } },
                    ],
                  },
                },
              ],
            },
          },
        ],
      },
    },
    {
      kind: 'FragmentDefinition',
      name: { kind: 'Name', value: 'RecordingFields' },
      typeCondition: { kind: 'NamedType', name: { kind: 'Name', value: 'Recording' } },
      selectionSet: {
        kind: 'SelectionSet',
        selections: [
          { kind: 'Field', name: { kind: 'Name', value: 'id' } },
          { kind: 'Field', name: { kind: 'Name', value: 'status' } },
          { kind: 'Field', name: { kind: 'Name', value: 'outputFileName' } },
          { kind: 'Field', name: { kind: 'Name', value: 'sessionId' } },
          { kind: 'Field', name: { kind: 'Name', value: 'meetingId' } },
          { kind: 'Field', name: { kind: 'Name', value: 'invokedTime' } },
          { kind: 'Field', name: { kind: 'Name', value: 'startedTime' } },
          { kind: 'Field', name: { kind: 'Name', value: 'stoppedTime' } },
          { kind: 'Field', name: { kind: 'Name', value: 'recordingDuration' } },
          { kind: 'Field', name: { kind: 'Name', value: 'fileSize' } },
          { kind: 'Field', name: { kind: 'Name', value: 'downloadUrl' } },
          { kind: 'Field', name: { kind: 'Name', value: 'audioDownloadUrl' } },
          { kind: 'Field', name: { kind: 'Name', value: 'downloadUrlExpiry' } },
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'layerDownloads' },
            selectionSet: {
              kind: 'SelectionSet',
              selections: [
                { kind: 'Field', name: { kind: 'Name', value: 'layer' } },
                { kind: 'Field', name: { kind: 'Name', value: 'url' } },
                { kind: 'Field', name: { kind: 'Name', value: 'mediaKind' } },
                { kind: 'Field', name: { kind: 'Name', value: 'fileName' } },
              ],
            },
          },
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'startReason' },
            selectionSet: {
              kind: 'SelectionSet',
              selections: [
                { kind: 'Field', name: { kind: 'Name', value: 'reason' } },
                {
                  kind: 'Field',
                  name: { kind: 'Name', value: 'caller' },
                  selectionSet: {
                    kind: 'SelectionSet',
                    selections: [
                      { kind: 'Field', name: { kind: 'Name', value: 'name' } },
                      { kind: 'Field', name: { kind: 'Name', value: 'type' } },
                      { kind: 'Field', name: { kind: 'Name', value: 'userId' } },
                    ],
                  },
                },
              ],
            },
          },
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'stopReason' },
            selectionSet: {
              kind: 'SelectionSet',
              selections: [
                { kind: 'Field', name: { kind: 'Name', value: 'reason' } },
                {
                  kind: 'Field',
                  name: { kind: 'Name', value: 'caller' },
                  selectionSet: {
                    kind: 'SelectionSet',
                    selections: [
                      { kind: 'Field', name: { kind: 'Name', value: 'name' } },
                      { kind: 'Field', name: { kind: 'Name', value: 'type' } },
                      { kind: 'Field', name: { kind: 'Name', value: 'userId' } },
                    ],
                  },
                },
              ],
            },
          },
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'storageConfig' },
            selectionSet: {
              kind: 'SelectionSet',
              selections: [
                { kind: 'Field', name: { kind: 'Name', value: 'type' } },
                { kind: 'Field', name: { kind: 'Name', value: 'authMethod' } },
                { kind: 'Field', name: { kind: 'Name', value: 'bucket' } },
                { kind: 'Field', name: { kind: 'Name', value: 'host' } },
                { kind: 'Field', name: { kind: 'Name', value: 'path' } },
                { kind: 'Field', name: { kind: 'Name', value: 'port' } },
                { kind: 'Field', name: { kind: 'Name', value: 'region' } },
                { kind: 'Field', name: { kind: 'Name', value: 'username' } },
              ],
            },
          },
        ],
      },
    },
  ],
} as unknown as DocumentNode<RecordingByIdQuery, RecordingByIdQueryVariables>;
export const ActiveRecordingDocument = {
  kind: 'Document',
  definitions: [
    {
      kind: 'OperationDefinition',
      operation: 'query',
      name: { kind: 'Name', value: 'ActiveRecording' },
      variableDefinitions: [
        {
          kind: 'VariableDefinition',
          variable: { kind: 'Variable', name: { kind: 'Name', value: 'meetingId' } },
          type: {
            kind: 'NonNullType',
            type: { kind: 'NamedType', name: { kind: 'Name', value: 'ID' } },
          },
        },
      ],
      selectionSet: {
        kind: 'SelectionSet',
        selections: [
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'activeRecording' },
            arguments: [
              {
                kind: 'Argument',
                name: { kind: 'Name', value: 'meetingId' },
                value: { kind: 'Variable', name: { kind: 'Name', value: 'meetingId' } },
              },
            ],
            selectionSet: {
              kind: 'SelectionSet',
              selections: [
                { kind: 'FragmentSpread', name: { kind: 'Name', value: 'RecordingFields' } },
              ],
            },
          },
        ],
      },
    },
    {
      kind: 'FragmentDefinition',
      name: { kind: 'Name', value: 'RecordingFields' },
      typeCondition: { kind: 'NamedType', name: { kind: 'Name', value: 'Recording' } },
      selectionSet: {
        kind: 'SelectionSet',
        selections: [
          { kind: 'Field', name: { kind: 'Name', value: 'id' } },
          { kind: 'Field', name: { kind: 'Name', value: 'status' } },
          { kind: 'Field', name: { kind: 'Name', value: 'outputFileName' } },
          { kind: 'Field', name: { kind: 'Name', value: 'sessionId' } },
          { kind: 'Field', name: { kind: 'Name', value: 'meetingId' } },
          { kind: 'Field', name: { kind: 'Name', value: 'invokedTime' } },
          { kind: 'Field', name: { kind: 'Name', value: 'startedTime' } },
          { kind: 'Field', name: { kind: 'Name', value: 'stoppedTime' } },
          { kind: 'Field', name: { kind: 'Name', value: 'recordingDuration' } },
          { kind: 'Field', name: { kind: 'Name', value: 'fileSize' } },
          { kind: 'Field', name: { kind: 'Name', value: 'downloadUrl' } },
          { kind: 'Field', name: { kind: 'Name', value: 'audioDownloadUrl' } },
          { kind: 'Field', name: { kind: 'Name', value: 'downloadUrlExpiry' } },
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'layerDownloads' },
            selectionSet: {
              kind: 'SelectionSet',
              selections: [
                { kind: 'Field', name: { kind: 'Name', value: 'layer' } },
                { kind: 'Field', name: { kind: 'Name', value: 'url' } },
                { kind: 'Field', name: { kind: 'Name', value: 'mediaKind' } },
                { kind: 'Field', name: { kind: 'Name', value: 'fileName' } },
              ],
            },
          },
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'startReason' },
            selectionSet: {
              kind: 'SelectionSet',
              selections: [
                { kind: 'Field', name: { kind: 'Name', value: 'reason' } },
                {
                  kind: 'Field',
                  name: { kind: 'Name', value: 'caller' },
                  selectionSet: {
                    kind: 'SelectionSet',
                    selections: [
                      { kind: 'Field', name: { kind: 'Name', value: 'name' } },
                      { kind: 'Field', name: { kind: 'Name', value: 'type' } },
                      { kind: 'Field', name: { kind: 'Name', value: 'userId' } },
                    ],
                  },
                },
              ],
            },
          },
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'stopReason' },
            selectionSet: {
              kind: 'SelectionSet',
              selections: [
                { kind: 'Field', name: { kind: 'Name', value: 'reason' } },
                {
                  kind: 'Field',
                  name: { kind: 'Name', value: 'caller' },
                  selectionSet: {
                    kind: 'SelectionSet',
                    selections: [
                      { kind: 'Field', name: { kind: 'Name', value: 'name' } },
                      { kind: 'Field', name: { kind: 'Name', value: 'type' } },
                      { kind: 'Field', name: { kind: 'Name', value: 'userId' } },
                    ],
                  },
                },
              ],
            },
          },
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'storageConfig' },
            selectionSet: {
              kind: 'SelectionSet',
              selections: [
                { kind: 'Field', name: { kind: 'Name', value: 'type' } },
                { kind: 'Field', name: { kind: 'Name', value: 'authMethod' } },
                { kind: 'Field', name: { kind: 'Name', value: 'bucket' } },
                { kind: 'Field', name: { kind: 'Name', value: 'host' } },
                { kind: 'Field', name: { kind: 'Name', value: 'path' } },
                { kind: 'Field', name: { kind: 'Name', value: 'port' } },
                { kind: 'Field', name: { kind: 'Name', value: 'region' } },
                { kind: 'Field', name: { kind: 'Name', value: 'username' } },
              ],
            },
          },
        ],
      },
    },
  ],
} as unknown as DocumentNode<ActiveRecordingQuery, ActiveRecordingQueryVariables>;
export const MeetingByIdDocument = {
  kind: 'Document',
  definitions: [
    {
      kind: 'OperationDefinition',
      operation: 'query',
      name: { kind: 'Name', value: 'MeetingById' },
      variableDefinitions: [
        {
          kind: 'VariableDefinition',
          variable: { kind: 'Variable', name: { kind: 'Name', value: 'id' } },
          type: {
            kind: 'NonNullType',
            type: { kind: 'NamedType', name: { kind: 'Name', value: 'ID' } },
          },
        },
        {
          kind: 'VariableDefinition',
          variable: { kind: 'Variable', name: { kind: 'Name', value: 'first' } },
          type: { kind: 'NamedType', name: { kind: 'Name', value: 'Int' } },
        },
      ],
      selectionSet: {
        kind: 'SelectionSet',
        selections: [
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'meeting' },
            arguments: [
              {
                kind: 'Argument',
                name: { kind: 'Name', value: 'id' },
                value: { kind: 'Variable', name: { kind: 'Name', value: 'id' } },
              },
            ],
            selectionSet: {
              kind: 'SelectionSet',
              selections: [
                { kind: 'FragmentSpread', name: { kind: 'Name', value: 'MeetingFields' } },
                {
                  kind: 'Field',
                  name: { kind: 'Name', value: 'activeRecording' },
                  selectionSet: {
                    kind: 'SelectionSet',
                    selections: [
                      { kind: 'Field', name: { kind: 'Name', value: 'id' } },
                      { kind: 'Field', name: { kind: 'Name', value: 'status' } },
                    ],
                  },
                },
                {
                  kind: 'Field',
                  name: { kind: 'Name', value: 'recordings' },
                  arguments: [
                    {
                      kind: 'Argument',
                      name: { kind: 'Name', value: 'first' },
                      value: { kind: 'Variable', name: { kind: 'Name', value: 'first' } },
                    },
                  ],
                  selectionSet: {
                    kind: 'SelectionSet',
                    selections: [
                      { kind: 'Field', name: { kind: 'Name', value: 'totalCount' } },
                      {
                        kind: 'Field',
                        name: { kind: 'Name', value: 'edges' },
                        selectionSet: {
                          kind: 'SelectionSet',
                          selections: [
                            {
                              kind: 'Field',
                              name: { kind: 'Name', value: 'node' },
                              selectionSet: {
                                kind: 'SelectionSet',
                                selections: [
                                  { kind: 'Field', name: { kind: 'Name', value: 'id' } },
                                  { kind: 'Field', name: { kind: 'Name', value: 'status' } },
                                ],
                              },
                            },
                          ],
                        },
                      },
                    ],
                  },
                },
              ],
            },
          },
        ],
      },
    },
    {
      kind: 'FragmentDefinition',
      name: { kind: 'Name', value: 'MeetingFields' },
      typeCondition: { kind: 'NamedType', name: { kind: 'Name', value: 'Meeting' } },
      selectionSet: {
        kind: 'SelectionSet',
        selections: [
          { kind: 'Field', name: { kind: 'Name', value: 'id' } },
          { kind: 'Field', name: { kind: 'Name', value: 'title' } },
          { kind: 'Field', name: { kind: 'Name', value: 'status' } },
          { kind: 'Field', name: { kind: 'Name', value: 'createdAt' } },
          { kind: 'Field', name: { kind: 'Name', value: 'updatedAt' } },
          { kind: 'Field', name: { kind: 'Name', value: 'recordOnStart' } },
          { kind: 'Field', name: { kind: 'Name', value: 'liveStreamOnStart' } },
          { kind: 'Field', name: { kind: 'Name', value: 'persistChat' } },
          { kind: 'Field', name: { kind: 'Name', value: 'summarizeOnEnd' } },
          { kind: 'Field', name: { kind: 'Name', value: 'transcribeOnEnd' } },
          { kind: 'Field', name: { kind: 'Name', value: 'sessionKeepAliveTimeInSecs' } },
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'recordingConfig' },
            selectionSet: {
              kind: 'SelectionSet',
              selections: [
                { kind: 'Field', name: { kind: 'Name', value: 'fileNamePrefix' } },
                { kind: 'Field', name: { kind: 'Name', value: 'maxSeconds' } },
                {
                  kind: 'Field',
                  name: { kind: 'Name', value: 'audioConfig' },
                  selectionSet: {
                    kind: 'SelectionSet',
                    selections: [
                      { kind: 'Field', name: { kind: 'Name', value: 'channel' } },
                      { kind: 'Field', name: { kind: 'Name', value: 'codec' } },
                      { kind: 'Field', name: { kind: 'Name', value: 'exportFile' } },
                    ],
                  },
                },
                {
                  kind: 'Field',
                  name: { kind: 'Name', value: 'videoConfig' },
                  selectionSet: {
                    kind: 'SelectionSet',
                    selections: [
                      { kind: 'Field', name: { kind: 'Name', value: 'codec' } },
                      { kind: 'Field', name: { kind: 'Name', value: 'width' } },
                      { kind: 'Field', name: { kind: 'Name', value: 'height' } },
                      { kind: 'Field', name: { kind: 'Name', value: 'exportFile' } },
                      {
                        kind: 'Field',
                        name: { kind: 'Name', value: 'watermark' },
                        selectionSet: {
                          kind: 'SelectionSet',
                          selections: [
                            { kind: 'Field', name: { kind: 'Name', value: 'url' } },
                            { kind: 'Field', name: { kind: 'Name', value: 'position' } },
                            {
                              kind: 'Field',
                              name: { kind: 'Name', value: 'size' },
                              selectionSet: {
                                kind: 'SelectionSet',
                                selections: [
                                  { kind: 'Field', name: { kind: 'Name', value: 'width' } },
                                  { kind: 'Field', name: { kind: 'Name', value: 'height' } },
                                ],
                              },
                            },
                          ],
                        },
                      },
                    ],
                  },
                },
                {
                  kind: 'Field',
                  name: { kind: 'Name', value: 'liveStreamingConfig' },
                  selectionSet: {
                    kind: 'SelectionSet',
                    selections: [{ kind: 'Field', name: { kind: 'Name', value: 'rtmpUrl' } }],
                  },
                },
                {
                  kind: 'Field',
                  name: { kind: 'Name', value: 'realtimekitBucketConfig' },
                  selectionSet: {
                    kind: 'SelectionSet',
                    selections: [{ kind: 'Field', name: { kind: 'Name', value: 'enabled' } }],
                  },
                },
                {
                  kind: 'Field',
                  name: { kind: 'Name', value: 'storageConfig' },
                  selectionSet: {
                    kind: 'SelectionSet',
                    selections: [
                      { kind: 'Field', name: { kind: 'Name', value: 'type' } },
                      { kind: 'Field', name: { kind: 'Name', value: 'authMethod' } },
                      { kind: 'Field', name: { kind: 'Name', value: 'bucket' } },
                      { kind: 'Field', name: { kind: 'Name', value: 'host' } },
                      { kind: 'Field', name: { kind: 'Name', value: 'path' } },
                      { kind: 'Field', name: { kind: 'Name', value: 'port' } },
                      { kind: 'Field', name: { kind: 'Name', value: 'region' } },
                      { kind: 'Field', name: { kind: 'Name', value: 'username' } },
                    ],
                  },
                },
              ],
            },
          },
          { kind: 'Field', name: { kind: 'Name', value: 'roomName' } },
          { kind: 'Field', name: { kind: 'Name', value: 'startedAt' } },
          { kind: 'Field', name: { kind: 'Name', value: 'endedAt' } },
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'organizedBy' },
            selectionSet: {
              kind: 'SelectionSet',
              selections: [
                { kind: 'Field', name: { kind: 'Name', value: 'id' } },
                { kind: 'Field', name: { kind: 'Name', value: 'name' } },
              ],
            },
          },
        ],
      },
    },
  ],
} as unknown as DocumentNode<MeetingByIdQuery, MeetingByIdQueryVariables>;
export const RecordingHistoryDocument = {
  kind: 'Document',
  definitions: [
    {
      kind: 'OperationDefinition',
      operation: 'query',
      name: { kind: 'Name', value: 'RecordingHistory' },
      variableDefinitions: [
        {
          kind: 'VariableDefinition',
          variable: { kind: 'Variable', name: { kind: 'Name', value: 'id' } },
          type: {
            kind: 'NonNullType',
            type: { kind: 'NamedType', name: { kind: 'Name', value: 'ID' } },
          },
        },
      ],
      selectionSet: {
        kind: 'SelectionSet',
        selections: [
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'recording' },
            arguments: [
              {
                kind: 'Argument',
                name: { kind: 'Name', value: 'id' },
                value: { kind: 'Variable', name: { kind: 'Name', value: 'id' } },
              },
            ],
            selectionSet: {
              kind: 'SelectionSet',
              selections: [
                { kind: 'Field', name: { kind: 'Name', value: 'id' } },
                {
                  kind: 'Field',
                  name: { kind: 'Name', value: 'statusHistory' },
                  selectionSet: {
                    kind: 'SelectionSet',
                    selections: [
                      { kind: 'Field', name: { kind: 'Name', value: 'cursor' } },
                      { kind: 'Field', name: { kind: 'Name', value: 'status' } },
                      { kind: 'Field', name: { kind: 'Name', value: 'previousStatus' } },
                      { kind: 'Field', name: { kind: 'Name', value: 'source' } },
                    ],
                  },
                },
              ],
            },
          },
        ],
      },
    },
  ],
} as unknown as DocumentNode<RecordingHistoryQuery, RecordingHistoryQueryVariables>;
export const MeetingActiveRecordingsDocument = {
  kind: 'Document',
  definitions: [
    {
      kind: 'OperationDefinition',
      operation: 'query',
      name: { kind: 'Name', value: 'MeetingActiveRecordings' },
      variableDefinitions: [
        {
          kind: 'VariableDefinition',
          variable: { kind: 'Variable', name: { kind: 'Name', value: 'id' } },
          type: {
            kind: 'NonNullType',
            type: { kind: 'NamedType', name: { kind: 'Name', value: 'ID' } },
          },
        },
      ],
      selectionSet: {
        kind: 'SelectionSet',
        selections: [
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'meeting' },
            arguments: [
              {
                kind: 'Argument',
                name: { kind: 'Name', value: 'id' },
                value: { kind: 'Variable', name: { kind: 'Name', value: 'id' } },
              },
            ],
            selectionSet: {
              kind: 'SelectionSet',
              selections: [
                { kind: 'Field', name: { kind: 'Name', value: 'id' } },
                {
                  kind: 'Field',
                  name: { kind: 'Name', value: 'activeRecordings' },
                  selectionSet: {
                    kind: 'SelectionSet',
                    selections: [
                      { kind: 'Field', name: { kind: 'Name', value: 'id' } },
                      { kind: 'Field', name: { kind: 'Name', value: 'status' } },
                      { kind: 'Field', name: { kind: 'Name', value: 'meetingId' } },
                      {
                        kind: 'Field',
                        name: { kind: 'Name', value: 'meeting' },
                        selectionSet: {
                          kind: 'SelectionSet',
                          selections: [{ kind: 'Field', name: { kind: 'Name', value: 'id' } }],
                        },
                      },
                    ],
                  },
                },
              ],
            },
          },
        ],
      },
    },
  ],
} as unknown as DocumentNode<MeetingActiveRecordingsQuery, MeetingActiveRecordingsQueryVariables>;
export const RecordingStatusChangedDocument = {
  kind: 'Document',
  definitions: [
    {
      kind: 'OperationDefinition',
      operation: 'subscription',
      name: { kind: 'Name', value: 'RecordingStatusChanged' },
      variableDefinitions: [
        {
          kind: 'VariableDefinition',
          variable: { kind: 'Variable', name: { kind: 'Name', value: 'meetingId' } },
          type: { kind: 'NamedType', name: { kind: 'Name', value: 'ID' } },
        },
        {
          kind: 'VariableDefinition',
          variable: { kind: 'Variable', name: { kind: 'Name', value: 'recordingId' } },
          type: { kind: 'NamedType', name: { kind: 'Name', value: 'ID' } },
        },
        {
          kind: 'VariableDefinition',
          variable: { kind: 'Variable', name: { kind: 'Name', value: 'statuses' } },
          type: {
            kind: 'ListType',
            type: {
              kind: 'NonNullType',
              type: { kind: 'NamedType', name: { kind: 'Name', value: 'RecordingStatus' } },
            },
          },
        },
        {
          kind: 'VariableDefinition',
          variable: { kind: 'Variable', name: { kind: 'Name', value: 'after' } },
          type: { kind: 'NamedType', name: { kind: 'Name', value: 'String' } },
        },
      ],
      selectionSet: {
        kind: 'SelectionSet',
        selections: [
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'recordingStatusChanged' },
            arguments: [
              {
                kind: 'Argument',
                name: { kind: 'Name', value: 'meetingId' },
                value: { kind: 'Variable', name: { kind: 'Name', value: 'meetingId' } },
              },
              {
                kind: 'Argument',
                name: { kind: 'Name', value: 'recordingId' },
                value: { kind: 'Variable', name: { kind: 'Name', value: 'recordingId' } },
              },
              {
                kind: 'Argument',
                name: { kind: 'Name', value: 'statuses' },
                value: { kind: 'Variable', name: { kind: 'Name', value: 'statuses' } },
              },
              {
                kind: 'Argument',
                name: { kind: 'Name', value: 'after' },
                value: { kind: 'Variable', name: { kind: 'Name', value: 'after' } },
              },
            ],
            selectionSet: {
              kind: 'SelectionSet',
              selections: [
                { kind: 'Field', name: { kind: 'Name', value: 'cursor' } },
                { kind: 'Field', name: { kind: 'Name', value: 'recordingId' } },
                { kind: 'Field', name: { kind: 'Name', value: 'meetingId' } },
                { kind: 'Field', name: { kind: 'Name', value: 'status' } },
                { kind: 'Field', name: { kind: 'Name', value: 'previousStatus' } },
                { kind: 'Field', name: { kind: 'Name', value: 'occurredAt' } },
                { kind: 'Field', name: { kind: 'Name', value: 'source' } },
                {
                  kind: 'Field',
                  name: { kind: 'Name', value: 'recording' },
                  selectionSet: {
                    kind: 'SelectionSet',
                    selections: [
                      { kind: 'Field', name: { kind: 'Name', value: 'id' } },
                      { kind: 'Field', name: { kind: 'Name', value: 'status' } },
                      { kind: 'Field', name: { kind: 'Name', value: 'downloadUrl' } },
                      { kind: 'Field', name: { kind: 'Name', value: 'downloadUrlExpiry' } },
                      { kind: 'Field', name: { kind: 'Name', value: 'fileSize' } },
                      { kind: 'Field', name: { kind: 'Name', value: 'meetingId' } },
                    ],
                  },
                },
              ],
            },
          },
        ],
      },
    },
  ],
} as unknown as DocumentNode<
  RecordingStatusChangedSubscription,
  RecordingStatusChangedSubscriptionVariables
>;
export const RecordingStatusWithMeetingDocument = {
  kind: 'Document',
  definitions: [
    {
      kind: 'OperationDefinition',
      operation: 'subscription',
      name: { kind: 'Name', value: 'RecordingStatusWithMeeting' },
      variableDefinitions: [
        {
          kind: 'VariableDefinition',
          variable: { kind: 'Variable', name: { kind: 'Name', value: 'meetingId' } },
          type: { kind: 'NamedType', name: { kind: 'Name', value: 'ID' } },
        },
      ],
      selectionSet: {
        kind: 'SelectionSet',
        selections: [
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'recordingStatusChanged' },
            arguments: [
              {
                kind: 'Argument',
                name: { kind: 'Name', value: 'meetingId' },
                value: { kind: 'Variable', name: { kind: 'Name', value: 'meetingId' } },
              },
            ],
            selectionSet: {
              kind: 'SelectionSet',
              selections: [
                { kind: 'Field', name: { kind: 'Name', value: 'recordingId' } },
                { kind: 'Field', name: { kind: 'Name', value: 'status' } },
                {
                  kind: 'Field',
                  name: { kind: 'Name', value: 'recording' },
                  selectionSet: {
                    kind: 'SelectionSet',
                    selections: [
                      { kind: 'Field', name: { kind: 'Name', value: 'id' } },
                      {
                        kind: 'Field',
                        name: { kind: 'Name', value: 'meeting' },
                        selectionSet: {
                          kind: 'SelectionSet',
                          selections: [
                            {
                              kind: 'FragmentSpread',
                              name: { kind: 'Name', value: 'MeetingFields' },
                            },
                          ],
                        },
                      },
                    ],
                  },
                },
              ],
            },
          },
        ],
      },
    },
    {
      kind: 'FragmentDefinition',
      name: { kind: 'Name', value: 'MeetingFields' },
      typeCondition: { kind: 'NamedType', name: { kind: 'Name', value: 'Meeting' } },
      selectionSet: {
        kind: 'SelectionSet',
        selections: [
          { kind: 'Field', name: { kind: 'Name', value: 'id' } },
          { kind: 'Field', name: { kind: 'Name', value: 'title' } },
          { kind: 'Field', name: { kind: 'Name', value: 'status' } },
          { kind: 'Field', name: { kind: 'Name', value: 'createdAt' } },
          { kind: 'Field', name: { kind: 'Name', value: 'updatedAt' } },
          { kind: 'Field', name: { kind: 'Name', value: 'recordOnStart' } },
          { kind: 'Field', name: { kind: 'Name', value: 'liveStreamOnStart' } },
          { kind: 'Field', name: { kind: 'Name', value: 'persistChat' } },
          { kind: 'Field', name: { kind: 'Name', value: 'summarizeOnEnd' } },
          { kind: 'Field', name: { kind: 'Name', value: 'transcribeOnEnd' } },
          { kind: 'Field', name: { kind: 'Name', value: 'sessionKeepAliveTimeInSecs' } },
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'recordingConfig' },
            selectionSet: {
              kind: 'SelectionSet',
              selections: [
                { kind: 'Field', name: { kind: 'Name', value: 'fileNamePrefix' } },
                { kind: 'Field', name: { kind: 'Name', value: 'maxSeconds' } },
                {
                  kind: 'Field',
                  name: { kind: 'Name', value: 'audioConfig' },
                  selectionSet: {
                    kind: 'SelectionSet',
                    selections: [
                      { kind: 'Field', name: { kind: 'Name', value: 'channel' } },
                      { kind: 'Field', name: { kind: 'Name', value: 'codec' } },
                      { kind: 'Field', name: { kind: 'Name', value: 'exportFile' } },
                    ],
                  },
                },
                {
                  kind: 'Field',
                  name: { kind: 'Name', value: 'videoConfig' },
                  selectionSet: {
                    kind: 'SelectionSet',
                    selections: [
                      { kind: 'Field', name: { kind: 'Name', value: 'codec' } },
                      { kind: 'Field', name: { kind: 'Name', value: 'width' } },
                      { kind: 'Field', name: { kind: 'Name', value: 'height' } },
                      { kind: 'Field', name: { kind: 'Name', value: 'exportFile' } },
                      {
                        kind: 'Field',
                        name: { kind: 'Name', value: 'watermark' },
                        selectionSet: {
                          kind: 'SelectionSet',
                          selections: [
                            { kind: 'Field', name: { kind: 'Name', value: 'url' } },
                            { kind: 'Field', name: { kind: 'Name', value: 'position' } },
                            {
                              kind: 'Field',
                              name: { kind: 'Name', value: 'size' },
                              selectionSet: {
                                kind: 'SelectionSet',
                                selections: [
                                  { kind: 'Field', name: { kind: 'Name', value: 'width' } },
                                  { kind: 'Field', name: { kind: 'Name', value: 'height' } },
                                ],
                              },
                            },
                          ],
                        },
                      },
                    ],
                  },
                },
                {
                  kind: 'Field',
                  name: { kind: 'Name', value: 'liveStreamingConfig' },
                  selectionSet: {
                    kind: 'SelectionSet',
                    selections: [{ kind: 'Field', name: { kind: 'Name', value: 'rtmpUrl' } }],
                  },
                },
                {
                  kind: 'Field',
                  name: { kind: 'Name', value: 'realtimekitBucketConfig' },
                  selectionSet: {
                    kind: 'SelectionSet',
                    selections: [{ kind: 'Field', name: { kind: 'Name', value: 'enabled' } }],
                  },
                },
                {
                  kind: 'Field',
                  name: { kind: 'Name', value: 'storageConfig' },
                  selectionSet: {
                    kind: 'SelectionSet',
                    selections: [
                      { kind: 'Field', name: { kind: 'Name', value: 'type' } },
                      { kind: 'Field', name: { kind: 'Name', value: 'authMethod' } },
                      { kind: 'Field', name: { kind: 'Name', value: 'bucket' } },
                      { kind: 'Field', name: { kind: 'Name', value: 'host' } },
                      { kind: 'Field', name: { kind: 'Name', value: 'path' } },
                      { kind: 'Field', name: { kind: 'Name', value: 'port' } },
                      { kind: 'Field', name: { kind: 'Name', value: 'region' } },
                      { kind: 'Field', name: { kind: 'Name', value: 'username' } },
                    ],
                  },
                },
              ],
            },
          },
          { kind: 'Field', name: { kind: 'Name', value: 'roomName' } },
          { kind: 'Field', name: { kind: 'Name', value: 'startedAt' } },
          { kind: 'Field', name: { kind: 'Name', value: 'endedAt' } },
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'organizedBy' },
            selectionSet: {
              kind: 'SelectionSet',
              selections: [
                { kind: 'Field', name: { kind: 'Name', value: 'id' } },
                { kind: 'Field', name: { kind: 'Name', value: 'name' } },
              ],
            },
          },
        ],
      },
    },
  ],
} as unknown as DocumentNode<
  RecordingStatusWithMeetingSubscription,
  RecordingStatusWithMeetingSubscriptionVariables
>;
export const RecordingStatusWithHistoryDocument = {
  kind: 'Document',
  definitions: [
    {
      kind: 'OperationDefinition',
      operation: 'subscription',
      name: { kind: 'Name', value: 'RecordingStatusWithHistory' },
      variableDefinitions: [
        {
          kind: 'VariableDefinition',
          variable: { kind: 'Variable', name: { kind: 'Name', value: 'recordingId' } },
          type: { kind: 'NamedType', name: { kind: 'Name', value: 'ID' } },
        },
      ],
      selectionSet: {
        kind: 'SelectionSet',
        selections: [
          {
            kind: 'Field',
            name: { kind: 'Name', value: 'recordingStatusChanged' },
            arguments: [
              {
                kind: 'Argument',
                name: { kind: 'Name', value: 'recordingId' },
                value: { kind: 'Variable', name: { kind: 'Name', value: 'recordingId' } },
              },
            ],
            selectionSet: {
              kind: 'SelectionSet',
              selections: [
                { kind: 'Field', name: { kind: 'Name', value: 'status' } },
                {
                  kind: 'Field',
                  name: { kind: 'Name', value: 'recording' },
                  selectionSet: {
                    kind: 'SelectionSet',
                    selections: [
                      { kind: 'Field', name: { kind: 'Name', value: 'id' } },
                      {
                        kind: 'Field',
                        name: { kind: 'Name', value: 'statusHistory' },
                        selectionSet: {
                          kind: 'SelectionSet',
                          selections: [{ kind: 'Field', name: { kind: 'Name', value: 'status' } }],
                        },
                      },
                    ],
                  },
                },
              ],
            },
          },
        ],
      },
    },
  ],
} as unknown as DocumentNode<
  RecordingStatusWithHistorySubscription,
  RecordingStatusWithHistorySubscriptionVariables
>;
