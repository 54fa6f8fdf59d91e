import { buildMeeting } from '../domain/build.js';
import {
  AUDIO_CHANNELS,
  AUDIO_CODECS,
  MEETING_STATUSES,
  type Meeting,
  type MeetingRecordingConfig,
  STORAGE_AUTH_METHODS,
  STORAGE_TYPES,
  type StorageConfig,
  VIDEO_CODECS,
  WATERMARK_POSITIONS,
} from '../domain/model.js';
import {
  isRecord,
  toBoolean,
  toId,
  toInteger,
  toIsoTimestamp,
  toMember,
  toNumber,
  toText,
} from '../util/normalise.js';

/**
 * Upstream meetings and the settings they carry (snake_case, untrusted) → domain. Enum values come
 * in upstream's spelling (`mono`, `left top`, `aws`) and leave in the model's (`MONO`, `LEFT_TOP`,
 * `AWS`); anything unknown reads as null.
 */

/** `left top` → `LEFT_TOP`, `mono` → `MONO`. */
function spelled(value: unknown): string | null {
  return typeof value === 'string' ? value.trim().replace(/\s+/g, '_').toUpperCase() : null;
}

/** Readable storage settings only: the write-only secrets are never looked at. */
export function toStorageConfig(value: unknown): StorageConfig | null {
  if (!isRecord(value)) return null;
  const type = toMember(STORAGE_TYPES, spelled(value.type));
  if (type === null) return null;
  return {
    type,
    authMethod: toMember(STORAGE_AUTH_METHODS, value.auth_method),
    bucket: toText(value.bucket),
    host: toText(value.host),
    path: toText(value.path),
    port: toNumber(value.port),
    region: toText(value.region),
    username: toText(value.username),
  };
}

function toVideoConfig(value: unknown): MeetingRecordingConfig['videoConfig'] {
  if (!isRecord(value)) return null;
  const watermark = isRecord(value.watermark) ? value.watermark : null;
  const size = watermark && isRecord(watermark.size) ? watermark.size : null;
  return {
    codec: toMember(VIDEO_CODECS, spelled(value.codec)),
    width: toInteger(value.width),
    height: toInteger(value.height),
    exportFile: toBoolean(value.export_file),
    watermark: watermark && {
      url: toText(watermark.url),
      position: toMember(WATERMARK_POSITIONS, spelled(watermark.position)),
      size: size && { width: toInteger(size.width), height: toInteger(size.height) },
    },
  };
}

/** A meeting's `recording_config`; its storage secrets are never read. */
export function toRecordingConfig(value: unknown): MeetingRecordingConfig | null {
  if (!isRecord(value)) return null;
  const audio = isRecord(value.audio_config) ? value.audio_config : null;
  const live = isRecord(value.live_streaming_config) ? value.live_streaming_config : null;
  const bucket = isRecord(value.realtimekit_bucket_config) ? value.realtimekit_bucket_config : null;
  return {
    fileNamePrefix: toText(value.file_name_prefix),
    maxSeconds: toInteger(value.max_seconds),
    audioConfig: audio && {
      channel: toMember(AUDIO_CHANNELS, spelled(audio.channel)),
      codec: toMember(AUDIO_CODECS, spelled(audio.codec)),
      exportFile: toBoolean(audio.export_file),
    },
    videoConfig: toVideoConfig(value.video_config),
    liveStreamingConfig: live && { rtmpUrl: toText(live.rtmp_url) },
    realtimekitBucketConfig: bucket && { enabled: toBoolean(bucket.enabled) },
    storageConfig: toStorageConfig(value.storage_config),
  };
}

/** A meeting as upstream sends it, or null when it carries no usable id. */
export function toMeeting(value: unknown): Meeting | null {
  if (!isRecord(value)) return null;
  const id = toId(value.id);
  if (id === null) return null;
  return buildMeeting({
    id,
    title: toText(value.title),
    status: toMember(MEETING_STATUSES, value.status),
    createdAt: toIsoTimestamp(value.created_at),
    updatedAt: toIsoTimestamp(value.updated_at),
    recordOnStart: toBoolean(value.record_on_start),
    liveStreamOnStart: toBoolean(value.live_stream_on_start),
    persistChat: toBoolean(value.persist_chat),
    summarizeOnEnd: toBoolean(value.summarize_on_end),
    transcribeOnEnd: toBoolean(value.transcribe_on_end),
    sessionKeepAliveTimeInSecs: toNumber(value.session_keep_alive_time_in_secs),
    recordingConfig: toRecordingConfig(value.recording_config),
  });
}

/**
 * The meeting as the REST API describes it, plus what only a webhook told us (room name, start,
 * end, organiser) when `fromWebhook` is the same meeting.
 */
export function withWebhookFields(meeting: Meeting, fromWebhook: Meeting | null): Meeting {
  if (fromWebhook === null || fromWebhook.id !== meeting.id) return meeting;
  return {
    ...meeting,
    roomName: meeting.roomName ?? fromWebhook.roomName,
    startedAt: meeting.startedAt ?? fromWebhook.startedAt,
    endedAt: meeting.endedAt ?? fromWebhook.endedAt,
    organizedBy: meeting.organizedBy ?? fromWebhook.organizedBy,
  };
}
