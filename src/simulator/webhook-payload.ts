import type { MeetingState, RecordingState } from './state.js';

/**
 * The `recording.statusUpdate` body, as loosely typed as RealtimeKit sends it: camelCase, the file
 * size as a string, timestamps with a space instead of `T` and microseconds, no zone. Like
 * RealtimeKit's, it carries no time of the change: it is a function of the recording's state only,
 * so a resume repeats the first RECORDING's bytes exactly and a second pause the first pause's.
 */
export function statusUpdatePayload(recording: RecordingState, meeting: MeetingState): unknown {
  return {
    event: 'recording.statusUpdate',
    recording: {
      id: recording.id,
      recordingId: recording.id,
      status: recording.status,
      downloadUrl: recording.downloadUrl,
      audioDownloadUrl: recording.audioDownloadUrl,
      downloadUrlExpiry: looseTimestamp(recording.downloadUrlExpiry),
      startedTime: looseTimestamp(recording.startedTime),
      stoppedTime: looseTimestamp(recording.stoppedTime),
      fileSize: recording.fileSize === null ? null : String(recording.fileSize),
      outputFileName: recording.outputFileName,
      meetingId: recording.meetingId,
      recordingDuration: recording.recordingDuration,
      organizationId: recording.appId,
      roomUUID: recording.meetingId,
    },
    meeting: {
      id: meeting.id,
      sessionId: meeting.sessionId,
      title: meeting.title,
      roomName: roomName(meeting.id),
      status: 'LIVE',
      createdAt: looseTimestamp(meeting.createdAt),
      startedAt: looseTimestamp(meeting.sessionStartedAt),
      endedAt: null,
      organizedBy: { id: recording.appId, name: 'Simulated organization' },
    },
  };
}

/** `2026-11-22T01:02:03.123Z` → `2026-11-22 01:02:03.123000`: microseconds, no zone. */
export function looseTimestamp(iso: string | null): string | null {
  if (iso === null) return null;
  return `${iso.replace('T', ' ').replace(/Z$/, '')}000`;
}

/** A v1-style room name (`abcdef-ghijkl`) derived from the meeting id. */
function roomName(meetingId: string): string {
  const letters = meetingId
    .replace(/-/g, '')
    .slice(0, 12)
    .replace(/[0-9a-f]/g, (digit) => String.fromCharCode(97 + (Number.parseInt(digit, 16) % 26)));
  return `${letters.slice(0, 6)}-${letters.slice(6)}`;
}
