import type { Meeting } from '../domain/model.js';
import { normaliseId } from '../util/normalise.js';
import { builder } from './builder.js';
import { weigh } from './cost.js';
import { MeetingStatusEnum } from './enums.js';
import { MeetingOrganizerRef, RecordingConfigRef } from './meeting-parts.js';

export const MeetingRef = builder.objectRef<Meeting>('Meeting');

const FROM_WEBHOOKS =
  'Known only from RealtimeKit webhooks: set on the meeting of a recording in a status event (and in `statusHistory`), null when the meeting is read from the REST API.';

MeetingRef.implement({
  description:
    'A RealtimeKit meeting. Its recordings are under `recordings` and `activeRecording`.',
  // Wherever a meeting appears, a token limited to some meetings sees only those.
  authScopes: (meeting, context) => context.viewer.meetingIds === null || { meeting: meeting.id },
  fields: (t) => ({
    id: t.exposeID('id', { description: 'RealtimeKit’s id of the meeting (a UUID).' }),
    title: t.exposeString('title', { nullable: true, description: 'Title of the meeting.' }),
    status: t.expose('status', {
      type: MeetingStatusEnum,
      nullable: true,
      description: 'Whether participants can join.',
    }),
    createdAt: t.expose('createdAt', {
      type: 'DateTime',
      nullable: true,
      description: 'When the meeting was created.',
    }),
    updatedAt: t.expose('updatedAt', {
      type: 'DateTime',
      nullable: true,
      description: 'When the meeting was last changed.',
    }),
    recordOnStart: t.exposeBoolean('recordOnStart', {
      nullable: true,
      description: 'Whether recording starts as soon as someone joins.',
    }),
    liveStreamOnStart: t.exposeBoolean('liveStreamOnStart', {
      nullable: true,
      description: 'Whether live streaming starts with the meeting.',
    }),
    persistChat: t.exposeBoolean('persistChat', {
      nullable: true,
      description: 'Whether chat is kept for a week.',
    }),
    summarizeOnEnd: t.exposeBoolean('summarizeOnEnd', {
      nullable: true,
      description: 'Whether a summary is generated from transcripts when the meeting ends.',
    }),
    transcribeOnEnd: t.exposeBoolean('transcribeOnEnd', {
      nullable: true,
      description: 'Whether transcripts are generated when the meeting ends.',
    }),
    sessionKeepAliveTimeInSecs: t.exposeInt('sessionKeepAliveTimeInSecs', {
      nullable: true,
      description: 'Seconds a session stays alive after the last participant leaves.',
    }),
    recordingConfig: t.expose('recordingConfig', {
      type: RecordingConfigRef,
      nullable: true,
      description:
        'The meeting’s recording defaults (they take precedence over the app’s); null when it sets none.',
    }),
    roomName: t.exposeString('roomName', {
      nullable: true,
      description: `Name of the meeting's room. ${FROM_WEBHOOKS}`,
    }),
    startedAt: t.expose('startedAt', {
      type: 'DateTime',
      nullable: true,
      description: `When the meeting's session started. ${FROM_WEBHOOKS}`,
    }),
    endedAt: t.expose('endedAt', {
      type: 'DateTime',
      nullable: true,
      description: `When the meeting's session ended; null while it runs. ${FROM_WEBHOOKS}`,
    }),
    organizedBy: t.expose('organizedBy', {
      type: MeetingOrganizerRef,
      nullable: true,
      description: `Who organised the meeting. ${FROM_WEBHOOKS}`,
    }),
  }),
});

builder.queryField('meeting', (t) =>
  t.field({
    type: MeetingRef,
    nullable: true,
    authScopes: (_root, args) => ({ read: true, meeting: String(args.id) }),
    complexity: weigh({ calls: 1 }),
    description: 'A meeting by id; null when RealtimeKit has no such meeting.',
    args: { id: t.arg.id({ required: true, description: 'The meeting’s UUID.' }) },
    resolve: (_root, args, context) => context.loaders.meeting.load(normaliseId(String(args.id))),
  }),
);
