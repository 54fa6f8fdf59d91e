import { randomUUID } from 'node:crypto';
import { compositeSpec, type RecordingSpec, trackSpec } from './recording-spec.js';
import { ACTIVE_STATUSES, type Caller, type MeetingState, type RecordingState } from './state.js';
import type { StartRecordingBody } from './validation.js';
import type { StartTrackBody } from './validation-track.js';

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

  /** The most recently invoked active recording of the meeting, composite or track. */
  active(meetingId: string): RecordingState | undefined {
    const key = meetingId.toLowerCase();
    let found: RecordingState | undefined;
    for (const recording of this.recordings.values()) {
      if (recording.meetingId !== key || !ACTIVE_STATUSES.includes(recording.status)) continue;
      if (!found || recording.seq > found.seq) found = recording;
    }
    return found;
  }

  /**
   * A new INVOKED composite recording, or null when the meeting already records. "A meeting allows
   * only one recording to run at a time" counts every recording, track ones included;
   * `allow_multiple_recordings` lifts that for this start only.
   */
  createComposite(appId: string, body: StartRecordingBody): RecordingState | null {
    if (!body.allow_multiple_recordings && this.active(body.meeting_id)) return null;
    return this.add(appId, body.meeting_id, compositeSpec(body));
  }

  /**
   * A new INVOKED track recording, or null when the meeting already records anything: the track
   * start has no `allow_multiple_recordings` (neither the SDK types nor the API reference give it
   * one), so the one-at-a-time default always applies to it.
   */
  createTrack(appId: string, body: StartTrackBody): RecordingState | null {
    if (this.active(body.meeting_id)) return null;
    return this.add(appId, body.meeting_id, trackSpec(body));
  }

  private add(appId: string, meetingId: string, fields: RecordingSpec): RecordingState {
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
