import type { RecordingAction, RecordingStatus } from './contract.js';
import type { Scheduler } from './scheduler.js';
import type { MeetingState, RecordingState, StopReason } from './state.js';
import type { SimulatorStore } from './store.js';
import { uploadedFiles } from './uploads.js';

/** Real-world delays the lifecycle simulates, before `timeScale`. */
export const INVOKE_DELAY_MS = 3000;
export const UPLOAD_DELAY_MS = 4000;
/** Download links in the RealtimeKit bucket live a week: a wall-clock date, so never scaled. */
export const DOWNLOAD_TTL_MS = 7 * 24 * 60 * 60 * 1000;

export interface LifecycleHooks {
  scheduler: Scheduler;
  /** Base of the download links handed out, e.g. `http://127.0.0.1:PORT`. */
  downloadBase(): string;
  /** Called after every status change, in order. */
  onStatusChange(recording: RecordingState, meeting: MeetingState): void;
  /** True when a `fail` fault is armed for the next recording (and consumes it). */
  takeFailFault(): boolean;
}

export type ActionOutcome = { ok: true } | { ok: false; message: string };

/**
 * Moves recordings through INVOKED → RECORDING ⇄ PAUSED → UPLOADING → UPLOADED (or ERRORED), one
 * pending timer per recording at most, so stopping early simply cancels it.
 */
export class Lifecycle {
  constructor(
    private readonly store: SimulatorStore,
    private readonly hooks: LifecycleHooks,
  ) {}

  /** Announces a freshly created INVOKED recording and schedules its start. */
  begin(recording: RecordingState): void {
    const fail = this.hooks.takeFailFault();
    this.emit(recording);
    this.schedule(recording, INVOKE_DELAY_MS, () => {
      if (fail) {
        recording.stopReason = { reason: 'INTERNAL_ERROR' };
        return this.transition(recording, 'ERRORED');
      }
      // One clock reading, so started_time and the duration bookkeeping agree to the millisecond.
      recording.startedAtMs = Date.now();
      recording.startedTime = new Date(recording.startedAtMs).toISOString();
      this.transition(recording, 'RECORDING');
      this.schedule(recording, recording.maxSeconds * 1000, () => this.finish(recording, null));
    });
  }

  /** Applies `pause`, `resume` or `stop`, or explains why the current state forbids it. */
  act(recording: RecordingState, action: RecordingAction): ActionOutcome {
    const { status } = recording;
    if (action === 'pause') {
      if (status !== 'RECORDING') return refuse(status, 'only a RECORDING recording can be paused');
      recording.pausedAtMs = Date.now();
      this.transition(recording, 'PAUSED');
    } else if (action === 'resume') {
      if (status !== 'PAUSED') return refuse(status, 'only a PAUSED recording can be resumed');
      recording.pausedTotalMs += Date.now() - (recording.pausedAtMs ?? Date.now());
      recording.pausedAtMs = null;
      this.transition(recording, 'RECORDING');
    } else if (status === 'INVOKED') {
      this.abandon(recording);
    } else {
      if (status !== 'RECORDING' && status !== 'PAUSED') {
        return refuse(status, 'it is no longer active and cannot be stopped');
      }
      this.finish(recording, { reason: 'API_CALL', caller: this.store.caller });
    }
    return { ok: true };
  }

  /**
   * A stop before the recorder ever joined: nothing was recorded, so there is nothing to upload.
   * RealtimeKit documents ERRORED as "the file will not be available" and expects it for very
   * short recordings; it is terminal, with no link, size or duration, and the PUT answers the
   * recording in that state like any other stop.
   */
  private abandon(recording: RecordingState): void {
    recording.cancelTimer?.();
    recording.cancelTimer = null;
    recording.stoppedTime = new Date().toISOString();
    recording.stopReason = { reason: 'API_CALL', caller: this.store.caller };
    this.transition(recording, 'ERRORED');
  }

  private finish(recording: RecordingState, reason: StopReason | null): void {
    recording.cancelTimer?.();
    const now = Date.now();
    if (recording.pausedAtMs !== null) {
      recording.pausedTotalMs += now - recording.pausedAtMs;
      recording.pausedAtMs = null;
    }
    const recordedMs =
      recording.startedAtMs === null ? 0 : now - recording.startedAtMs - recording.pausedTotalMs;
    // Simulated seconds, so a sped-up run reports what a real one would; fractional like the
    // upstream's (12.5), kept to the millisecond so float noise never shows.
    const seconds = this.hooks.scheduler.simulatedSeconds(recordedMs);
    recording.recordingDuration = Math.max(0, Math.round(seconds * 1000) / 1000);
    recording.stoppedTime = new Date(now).toISOString();
    recording.stopReason = reason;
    this.transition(recording, 'UPLOADING');
    this.schedule(recording, UPLOAD_DELAY_MS, () => this.upload(recording));
  }

  private upload(recording: RecordingState): void {
    const files = uploadedFiles(
      recording,
      `${this.hooks.downloadBase()}/downloads/${recording.id}`,
    );
    recording.fileSize = files.fileSize;
    recording.downloadUrl = files.downloadUrl;
    recording.audioDownloadUrl = files.audioDownloadUrl;
    if (files.downloadUrl !== null) {
      recording.downloadUrlExpiry = new Date(Date.now() + DOWNLOAD_TTL_MS).toISOString();
    }
    this.transition(recording, 'UPLOADED');
  }

  private schedule(recording: RecordingState, baseMs: number, fn: () => void): void {
    recording.cancelTimer?.();
    recording.cancelTimer = this.hooks.scheduler.after(baseMs, () => {
      recording.cancelTimer = null;
      fn();
    });
  }

  private transition(recording: RecordingState, status: RecordingStatus): void {
    recording.status = status;
    this.emit(recording);
  }

  private emit(recording: RecordingState): void {
    const meeting = this.store.meeting(recording.meetingId, recording.appId);
    this.hooks.onStatusChange(recording, meeting);
  }
}

function refuse(status: RecordingStatus, rule: string): ActionOutcome {
  return { ok: false, message: `Recording is ${status}; ${rule}` };
}
