import type { Meeting, Recording } from './model.js';

/**
 * The one way to make a Recording or a Meeting: what a source knows, with every field it does not
 * know empty. The upstream mapping, the webhook normaliser and the tests all build through here,
 * so a field added to the model is added in one place.
 */

/** A recording: `id` and `status` are always known; anything else the source did not say is null. */
export function buildRecording(
  known: Pick<Recording, 'id' | 'status'> & Partial<Recording>,
): Recording {
  return {
    outputFileName: null,
    sessionId: null,
    meetingId: null,
    invokedTime: null,
    startedTime: null,
    stoppedTime: null,
    recordingDuration: null,
    fileSize: null,
    downloadUrl: null,
    layerDownloads: [],
    audioDownloadUrl: null,
    downloadUrlExpiry: null,
    startReason: null,
    stopReason: null,
    storageConfig: null,
    meeting: null,
    ...known,
  };
}

/** A meeting: `id` is always known; anything else the source did not say is null. */
export function buildMeeting(known: Pick<Meeting, 'id'> & Partial<Meeting>): Meeting {
  return {
    title: null,
    status: null,
    createdAt: null,
    updatedAt: null,
    recordOnStart: null,
    liveStreamOnStart: null,
    persistChat: null,
    summarizeOnEnd: null,
    transcribeOnEnd: null,
    sessionKeepAliveTimeInSecs: null,
    recordingConfig: null,
    roomName: null,
    startedAt: null,
    endedAt: null,
    organizedBy: null,
    ...known,
  };
}
