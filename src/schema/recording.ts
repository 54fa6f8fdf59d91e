import { withWebhookFields } from '../datasources/mapping-meeting.js';
import type { Recording } from '../domain/model.js';
import { meetingIdOf } from './access.js';
import { builder } from './builder.js';
import { RecordingStatusEnum } from './enums.js';
import { MeetingRef } from './meeting.js';
import {
  RecordingLayerDownloadRef,
  StartReasonRef,
  StopReasonRef,
  StorageConfigRef,
} from './recording-parts.js';

export const RecordingRef = builder.objectRef<Recording>('Recording');

RecordingRef.implement({
  description: 'A RealtimeKit recording of a meeting (composite or per-track).',
  // Wherever a recording appears, a token limited to some meetings sees only theirs.
  // Synchronous without the limit, so unlimited callers pay no promise per recording.
  authScopes: (recording, context) =>
    context.viewer.meetingIds === null ||
    meetingIdOf(recording, context.loaders).then((meeting) => ({ meeting })),
  fields: (t) => ({
    id: t.exposeID('id', { description: 'RealtimeKit’s id of the recording (a UUID).' }),
    status: t.expose('status', {
      type: RecordingStatusEnum,
      description: 'Where the recording is in its lifecycle.',
    }),
    outputFileName: t.exposeString('outputFileName', {
      nullable: true,
      description: 'File name of the recording.',
    }),
    sessionId: t.exposeID('sessionId', {
      nullable: true,
      description: 'The meeting session recorded (a session, not the meeting).',
    }),
    invokedTime: t.expose('invokedTime', {
      type: 'DateTime',
      nullable: true,
      description: 'When the recording was requested.',
    }),
    startedTime: t.expose('startedTime', {
      type: 'DateTime',
      nullable: true,
      description: 'When recording actually began, usually a few seconds after `invokedTime`.',
    }),
    stoppedTime: t.expose('stoppedTime', {
      type: 'DateTime',
      nullable: true,
      description: 'When the recording stopped; null until it has.',
    }),
    recordingDuration: t.exposeFloat('recordingDuration', {
      nullable: true,
      description:
        'Total recorded time in seconds as RealtimeKit reports it, fractions included (e.g. 12.5). A Float: earlier versions of this API typed it Int and failed on fractional values.',
    }),
    fileSize: t.exposeFloat('fileSize', {
      nullable: true,
      description: 'File size in bytes (a Float: files can exceed 2 GiB).',
    }),
    downloadUrl: t.exposeString('downloadUrl', {
      nullable: true,
      description:
        'Where to download the recording once UPLOADED; null for track recordings (see `layerDownloads`) and when RealtimeKit’s bucket is disabled.',
    }),
    layerDownloads: t.expose('layerDownloads', {
      type: [RecordingLayerDownloadRef],
      description: 'Per-layer files of a track recording; empty for composite recordings.',
    }),
    audioDownloadUrl: t.exposeString('audioDownloadUrl', {
      nullable: true,
      description: 'Where to download the separate audio file, when one was exported.',
    }),
    downloadUrlExpiry: t.expose('downloadUrlExpiry', {
      type: 'DateTime',
      nullable: true,
      description: 'When the download URLs stop working (7 days after upload).',
    }),
    startReason: t.expose('startReason', {
      type: StartReasonRef,
      nullable: true,
      description: 'Why and by whom the recording was started.',
    }),
    stopReason: t.expose('stopReason', {
      type: StopReasonRef,
      nullable: true,
      description: 'Why and by whom the recording was stopped.',
    }),
    storageConfig: t.expose('storageConfig', {
      type: StorageConfigRef,
      nullable: true,
      description: 'Where the recording is uploaded besides RealtimeKit’s bucket.',
    }),
    meetingId: t.id({
      nullable: true,
      description: 'The meeting recorded.',
      resolve: (recording, _args, context) => meetingIdOf(recording, context.loaders),
    }),
    // Weighed as no upstream call: lists and webhooks carry the meeting. When one does not, the
    // call is counted as it is made, against the request's cap.
    meeting: t.field({
      type: MeetingRef,
      nullable: true,
      description:
        'The meeting recorded, as RealtimeKit describes it now, with what a webhook told of it.',
      resolve: async (recording, _args, context) => {
        const meetingId = await meetingIdOf(recording, context.loaders);
        const meeting = meetingId ? await context.loaders.meeting.load(meetingId) : null;
        return meeting && withWebhookFields(meeting, recording.meeting);
      },
    }),
  }),
});
