import type { Meeting } from '../datasources/types.js';
import { normaliseId } from '../util/normalise.js';
import { assertMeetingAllowed } from './access.js';
import { builder } from './builder.js';
import { MeetingStatusEnum } from './enums.js';

export const MeetingRef = builder.objectRef<Meeting>('Meeting');

MeetingRef.implement({
  description:
    'A RealtimeKit meeting. Its recordings are under `recordings` and `activeRecording`.',
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
    sessionKeepAliveTimeInSecs: t.exposeInt('sessionKeepAliveTimeInSecs', {
      nullable: true,
      description: 'Seconds a session stays alive after the last participant leaves.',
    }),
  }),
});

builder.queryField('meeting', (t) =>
  t.field({
    type: MeetingRef,
    nullable: true,
    authScopes: { read: true },
    description: 'A meeting by id; null when RealtimeKit has no such meeting.',
    args: { id: t.arg.id({ required: true, description: 'The meeting’s UUID.' }) },
    resolve: (_root, args, context) => {
      const id = normaliseId(String(args.id));
      assertMeetingAllowed(context.viewer, id);
      return context.loaders.meeting.load(id);
    },
  }),
);
