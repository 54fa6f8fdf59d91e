import { randomUUID } from 'node:crypto';
import {
  ACTIVE_STATUSES,
  type Caller,
  type MeetingState,
  type RecordingState,
  STORAGE_SECRETS,
} from './state.js';
import type { StartRecordingBody, StartTrackBody } from './validation.js';

/** Meetings, sessions and recordings of one simulator, in memory; lifecycle.ts moves them along. */
export class SimulatorStore {
  private readonly meetings = new Map<string, MeetingState>();
  private readonly sessions = new Map<string, MeetingState>();
  readonly recordings = new Map<string, RecordingState>();
  private seq = 0;
  /** Who "calls" the API: the organisation owning the token. */
  readonly caller: Caller = {
    name: 'Simulated organization',
    type: 'ORGANIZATION',
    user_Id: randomUUID(),
  };

  /** Every well-formed meeting id names a live meeting, created the first time it is seen. */
  meeting(id: string, appId: string): MeetingState {
    const key = id.toLowerCase();
    let meeting = this.meetings.get(key);
    if (!meeting) {
      const now = new Date().toISOString();
      meeting = {
        id: key,
        appId,
        title: `Simulated meeting ${key.slice(0, 4)}`,
        createdAt: now,
        updatedAt: now,
        sessionId: randomUUID(),
        sessionStartedAt: now,
      };
      this.meetings.set(key, meeting);
      this.sessions.set(meeting.sessionId, meeting);
    }
    return meeting;
  }

  findMeeting(id: string): MeetingState | undefined {
    return this.meetings.get(id.toLowerCase());
  }

  meetingOfSession(sessionId: string): MeetingState | undefined {
    return this.sessions.get(sessionId.toLowerCase());
  }

  get(id: string): RecordingState | undefined {
    return this.recordings.get(id.toLowerCase());
  }

  /** The most recently invoked active recording of the meeting. */
  active(meetingId: string, kind?: RecordingState['kind']): RecordingState | undefined {
    const key = meetingId.toLowerCase();
    let found: RecordingState | undefined;
    for (const recording of this.recordings.values()) {
      if (recording.meetingId !== key || !ACTIVE_STATUSES.includes(recording.status)) continue;
      if (kind && recording.kind !== kind) continue;
      if (!found || recording.seq > found.seq) found = recording;
    }
    return found;
  }

  /** A new INVOKED composite recording, or null when the meeting already records. */
  createComposite(appId: string, body: StartRecordingBody): RecordingState | null {
    if (!body.allow_multiple_recordings && this.active(body.meeting_id, 'composite')) return null;
    const id = randomUUID();
    const prefix = body.file_name_prefix ? `${body.file_name_prefix}_` : '';
    const audio = body.audio_config;
    return this.add(appId, body.meeting_id, {
      id,
      kind: 'composite',
      outputFileName: `${prefix}${id}.mp4`,
      maxSeconds: body.max_seconds ?? 86400,
      bucketEnabled: body.realtimekit_bucket_config?.enabled !== false,
      // The openapi default of export_file is true, so an audio_config alone exports audio.
      audioExtension:
        audio && audio.export_file !== false ? (audio.codec === 'MP3' ? 'mp3' : 'aac') : null,
      storageConfig: readableStorage(body.storage_config),
      layers: [],
    });
  }

  /** A new INVOKED track recording, or null when the meeting already records its tracks. */
  createTrack(appId: string, body: StartTrackBody): RecordingState | null {
    if (this.active(body.meeting_id, 'track')) return null;
    const id = randomUUID();
    const layers = Object.entries(body.layers ?? { default: {} }).map(([name, layer]) => ({
      name,
      fileNamePrefix: layer.file_name_prefix ?? name,
    }));
    return this.add(appId, body.meeting_id, {
      id,
      kind: 'track',
      outputFileName: `${id}.webm`,
      maxSeconds: body.max_seconds ?? 86400,
      bucketEnabled: true,
      audioExtension: null,
      storageConfig: null,
      layers,
    });
  }

  private add(
    appId: string,
    meetingId: string,
    fields: Pick<
      RecordingState,
      | 'id'
      | 'kind'
      | 'outputFileName'
      | 'maxSeconds'
      | 'bucketEnabled'
      | 'audioExtension'
      | 'storageConfig'
      | 'layers'
    >,
  ): RecordingState {
    const meeting = this.meeting(meetingId, appId);
    const recording: RecordingState = {
      ...fields,
      seq: ++this.seq,
      appId,
      meetingId: meeting.id,
      sessionId: meeting.sessionId,
      status: 'INVOKED',
      invokedTime: new Date().toISOString(),
      startedTime: null,
      stoppedTime: null,
      recordingDuration: null,
      fileSize: null,
      downloadUrl: null,
      audioDownloadUrl: null,
      downloadUrlExpiry: null,
      startReason: { reason: 'API_CALL', caller: this.caller },
      stopReason: null,
      startedAtMs: null,
      pausedAtMs: null,
      pausedTotalMs: 0,
      cancelTimer: null,
    };
    this.recordings.set(recording.id, recording);
    return recording;
  }
}

function readableStorage(
  config: StartRecordingBody['storage_config'],
): Record<string, unknown> | null {
  if (!config) return null;
  const readable: Record<string, unknown> = { ...config };
  for (const secret of STORAGE_SECRETS) delete readable[secret];
  return readable;
}
