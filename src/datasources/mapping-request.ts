import type {
  RecordingGetRecordingsParams,
  RecordingStartRecordingsParams,
  RecordingStartTrackRecordingParams,
} from 'cloudflare/resources/realtime-kit/recordings';
import type {
  RecordingListQuery,
  StartRecordingInput,
  StartTrackRecordingInput,
  StorageConfigInput,
  TrackLayerInput,
} from '../domain/inputs.js';
import type {
  AudioChannel,
  StorageType,
  TrackMediaKind,
  WatermarkPosition,
} from '../domain/model.js';
import { toIsoTimestamp } from '../util/normalise.js';

/**
 * Domain inputs → upstream request bodies (snake_case, upstream enum spellings). Null and undefined
 * fields are left out, and so are objects left empty, so upstream applies its own defaults.
 */

/** A start body without the `account_id` path parameter, which the datasource adds. */
export type StartRecordingBody = Omit<RecordingStartRecordingsParams, 'account_id'>;
/** The SDK type lacks `outputs` and `max_seconds`, which the API reference documents. */
export type StartTrackRecordingBody = Omit<RecordingStartTrackRecordingParams, 'account_id'> & {
  max_seconds?: number;
};
export type ListQueryParams = Omit<RecordingGetRecordingsParams, 'account_id'>;

const CHANNELS: Record<AudioChannel, string> = { MONO: 'mono', STEREO: 'stereo' };
const POSITIONS: Record<WatermarkPosition, string> = {
  LEFT_TOP: 'left top',
  RIGHT_TOP: 'right top',
  LEFT_BOTTOM: 'left bottom',
  RIGHT_BOTTOM: 'right bottom',
};
const STORAGE_TYPES: Record<StorageType, string> = {
  AWS: 'aws',
  AZURE: 'azure',
  DIGITALOCEAN: 'digitalocean',
  GCS: 'gcs',
  SFTP: 'sftp',
};
const MEDIA_KINDS: Record<TrackMediaKind, string> = { AUDIO: 'audio' };

type Body = Record<string, unknown>;

/** Drops null/undefined members; returns undefined when nothing is left. */
function compact(fields: Body): Body | undefined {
  const entries = Object.entries(fields).filter(
    ([, value]) => value !== null && value !== undefined,
  );
  return entries.length === 0 ? undefined : Object.fromEntries(entries);
}

function spell<K extends string>(table: Record<K, string>, value: K | null | undefined) {
  return value === null || value === undefined ? undefined : table[value];
}

function toStorageBody(input: StorageConfigInput | null | undefined): Body | undefined {
  if (!input) return undefined;
  return compact({
    type: STORAGE_TYPES[input.type],
    access_key: input.accessKey,
    secret: input.secret,
    auth_method: input.authMethod,
    bucket: input.bucket,
    host: input.host,
    password: input.password,
    path: input.path,
    port: input.port,
    private_key: input.privateKey,
    region: input.region,
    username: input.username,
  });
}

function toVideoBody(video: StartRecordingInput['videoConfig']): Body | undefined {
  if (!video) return undefined;
  const watermark = video.watermark;
  return compact({
    codec: video.codec,
    width: video.width,
    height: video.height,
    export_file: video.exportFile,
    watermark:
      watermark &&
      compact({
        url: watermark.url,
        position: spell(POSITIONS, watermark.position),
        size:
          watermark.size && compact({ width: watermark.size.width, height: watermark.size.height }),
      }),
  });
}

/** The body of `POST /recordings`. */
export function toStartRecordingBody(input: StartRecordingInput): StartRecordingBody {
  const audio = input.audioConfig;
  return compact({
    meeting_id: input.meetingId,
    allow_multiple_recordings: input.allowMultipleRecordings,
    max_seconds: input.maxSeconds,
    file_name_prefix: input.fileNamePrefix,
    url: input.url,
    audio_config:
      audio &&
      compact({
        channel: spell(CHANNELS, audio.channel),
        codec: audio.codec,
        export_file: audio.exportFile,
      }),
    video_config: toVideoBody(input.videoConfig),
    interactive_config: input.interactiveConfig && compact({ type: input.interactiveConfig.type }),
    realtimekit_bucket_config: input.realtimekitBucketConfig && {
      enabled: input.realtimekitBucketConfig.enabled,
    },
    rtmp_out_config: input.rtmpOutConfig && compact({ rtmp_url: input.rtmpOutConfig.rtmpUrl }),
    storage_config: toStorageBody(input.storageConfig),
  }) as unknown as StartRecordingBody;
}

function toLayerBody(layer: TrackLayerInput): Body {
  const outputs = layer.outputs?.map(
    (output) =>
      compact({ type: output.type, storage_config: toStorageBody(output.storageConfig) }) ?? {},
  );
  return (
    compact({
      file_name_prefix: layer.fileNamePrefix,
      media_kind: spell(MEDIA_KINDS, layer.mediaKind),
      outputs: outputs && outputs.length > 0 ? outputs : undefined,
    }) ?? {}
  );
}

/** The body of `POST /recordings/track`: the GraphQL layer list becomes upstream's name → layer map. */
export function toStartTrackRecordingBody(
  input: StartTrackRecordingInput,
): StartTrackRecordingBody {
  // fromEntries defines own properties, so a layer named `__proto__` cannot touch the prototype.
  const layers =
    input.layers && input.layers.length > 0
      ? Object.fromEntries(input.layers.map((layer) => [layer.name, toLayerBody(layer)]))
      : undefined;
  return compact({
    meeting_id: input.meetingId,
    layers,
    user_ids: input.userIds && input.userIds.length > 0 ? [...input.userIds] : undefined,
    max_seconds: input.maxSeconds,
  }) as unknown as StartTrackRecordingBody;
}

/** The query of `GET /recordings`; `sort_by` is sent only with an explicit order. */
export function toListQueryParams(query: RecordingListQuery): ListQueryParams {
  const time = (value: string | null | undefined) =>
    value ? (toIsoTimestamp(value) ?? value) : undefined;
  return (compact({
    meeting_id: query.meetingId,
    page_no: query.pageNo,
    per_page: query.perPage,
    expired: query.expired,
    search: query.search || undefined,
    sort_by: query.sortOrder ? 'invokedTime' : undefined,
    sort_order: query.sortOrder,
    start_time: time(query.startTime),
    end_time: time(query.endTime),
    status: query.status && query.status.length > 0 ? [...query.status] : undefined,
  }) ?? {}) as ListQueryParams;
}
