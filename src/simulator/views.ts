import type { MeetingState, RecordingState } from './state.js';

/**
 * Upstream REST bodies (snake_case) built from simulator state. Every field the openapi
 * `realtimekit_Recording` requires is always present; nullable ones are null until known.
 */

type Body = Record<string, unknown>;

/** The plain `realtimekit_Recording` object. */
export function recordingView(recording: RecordingState): Body {
  return {
    id: recording.id,
    download_url: recording.downloadUrl,
    download_url_expiry: recording.downloadUrlExpiry,
    audio_download_url: recording.audioDownloadUrl,
    file_size: recording.fileSize,
    session_id: recording.sessionId,
    output_file_name: recording.outputFileName,
    status: recording.status,
    invoked_time: recording.invokedTime,
    started_time: recording.startedTime,
    stopped_time: recording.stoppedTime,
    // Not nullable in the openapi, so absent until the recording has stopped.
    ...(recording.recordingDuration === null
      ? {}
      : { recording_duration: recording.recordingDuration }),
  };
}

/** Recording + start_reason/stop_reason/storage_config, as get-one, start and act answer. */
export function detailedRecordingView(recording: RecordingState): Body {
  return {
    ...recordingView(recording),
    start_reason: recording.startReason,
    // stop_reason is not nullable in the openapi either.
    ...(recording.stopReason ? { stop_reason: recording.stopReason } : {}),
    storage_config: recording.storageConfig,
  };
}

/** Recording + embedded meeting + storage_config, as the list answers. */
export function listedRecordingView(recording: RecordingState, meeting: MeetingState): Body {
  return {
    ...recordingView(recording),
    meeting: meetingView(meeting),
    storage_config: recording.storageConfig,
  };
}

/** The full `realtimekit_Meeting` object. */
export function meetingView(meeting: MeetingState): Body {
  return {
    id: meeting.id,
    title: meeting.title,
    status: 'ACTIVE',
    created_at: meeting.createdAt,
    updated_at: meeting.updatedAt,
    record_on_start: false,
    live_stream_on_start: false,
    persist_chat: false,
    summarize_on_end: false,
    transcribe_on_end: false,
    session_keep_alive_time_in_secs: 60,
  };
}

/** `realtimekit_SessionDetails` for the meeting's live session. */
export function sessionView(meeting: MeetingState, withBreakoutRooms: boolean): Body {
  const minutes = (Date.now() - Date.parse(meeting.sessionStartedAt)) / 60_000;
  return {
    id: meeting.sessionId,
    associated_id: meeting.id,
    created_at: meeting.sessionStartedAt,
    started_at: meeting.sessionStartedAt,
    updated_at: new Date().toISOString(),
    live_participants: 1,
    max_concurrent_participants: 1,
    meeting_display_name: meeting.title,
    minutes_consumed: Math.round(minutes * 100) / 100,
    organization_id: meeting.appId,
    status: 'LIVE',
    type: 'meeting',
    ...(withBreakoutRooms ? { breakout_rooms: [] } : {}),
  };
}
