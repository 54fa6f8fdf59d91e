import { z } from 'zod';
import { buildRecording } from '../domain/build.js';
import { toDownloads } from '../domain/downloads.js';
import {
  CALLER_TYPES,
  type Caller,
  RECORDING_STATUSES,
  type Recording,
  START_REASON_KINDS,
  STOP_REASON_KINDS,
} from '../domain/model.js';
import {
  isRecord,
  normaliseId,
  toId,
  toIsoTimestamp,
  toMember,
  toNumber,
  toText,
} from '../util/normalise.js';
import { toMeeting, toStorageConfig } from './mapping-meeting.js';
import { unexpectedResponse } from './upstream-errors.js';

/**
 * Upstream (snake_case, untrusted) → domain. Only `id` and `status` are required of a recording;
 * everything else is read tolerantly, so one odd field never fails a whole page.
 */

const recordingCore = z.object({ id: z.string().min(1), status: z.enum(RECORDING_STATUSES) });

function toCaller(value: unknown): Caller | null {
  if (!isRecord(value)) return null;
  return {
    name: toText(value.name),
    type: toMember(CALLER_TYPES, value.type),
    // Upstream spells it `user_Id`; accept the regular spellings too.
    userId: toId(value.user_Id) ?? toId(value.user_id) ?? toId(value.userId),
  };
}

function toReason<K extends string>(allowed: readonly K[], value: unknown) {
  if (!isRecord(value)) return null;
  return { reason: toMember(allowed, value.reason), caller: toCaller(value.caller) };
}

/** A recording; throws the unexpected-response UpstreamError when `id` or `status` is unusable. */
export function toRecording(value: unknown, knownMeetingId: string | null = null): Recording {
  const core = recordingCore.safeParse(value);
  if (!core.success || !isRecord(value)) throw unexpectedResponse();
  const meeting = toMeeting(value.meeting);
  const downloads = toDownloads(value.download_url);
  return buildRecording({
    id: normaliseId(core.data.id),
    status: core.data.status,
    outputFileName: toText(value.output_file_name),
    sessionId: toId(value.session_id),
    meetingId: toId(value.meeting_id) ?? meeting?.id ?? toId(knownMeetingId),
    invokedTime: toIsoTimestamp(value.invoked_time),
    startedTime: toIsoTimestamp(value.started_time),
    stoppedTime: toIsoTimestamp(value.stopped_time),
    recordingDuration: toNumber(value.recording_duration),
    fileSize: toNumber(value.file_size),
    downloadUrl: downloads.url,
    layerDownloads: downloads.layers,
    audioDownloadUrl: toText(value.audio_download_url),
    downloadUrlExpiry: toIsoTimestamp(value.download_url_expiry),
    startReason: toReason(START_REASON_KINDS, value.start_reason),
    stopReason: toReason(STOP_REASON_KINDS, value.stop_reason),
    storageConfig: toStorageConfig(value.storage_config),
    meeting,
  });
}
