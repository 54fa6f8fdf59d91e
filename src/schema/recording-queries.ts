import { primeFromRecordings } from '../datasources/loaders.js';
import { MAX_ACTIVE_RECORDINGS } from '../datasources/types.js';
import { normaliseId } from '../util/normalise.js';
import { assertMeetingAllowed } from './access.js';
import { builder } from './builder.js';
import { MeetingRef } from './meeting.js';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from './pagination.js';
import { meetingIdOf, RecordingRef } from './recording.js';
import {
  listRecordings,
  RecordingConnection,
  RecordingFilterInput,
  RecordingOrderInput,
} from './recording-list.js';

/** The root fields that read recordings, and a meeting's recordings. */

builder.queryFields((t) => ({
  recordings: t.field({
    type: RecordingConnection,
    authScopes: { read: true },
    description: 'Recordings of the app, newest first unless `orderBy` says otherwise.',
    args: {
      filter: t.arg({ type: RecordingFilterInput, description: 'Conditions to match.' }),
      orderBy: t.arg({ type: RecordingOrderInput, description: 'Sort order.' }),
      first: t.arg.int({
        description: `Page size, 0..${MAX_PAGE_SIZE} (default ${DEFAULT_PAGE_SIZE}).`,
      }),
      after: t.arg.string({ description: 'Return items after this cursor.' }),
    },
    resolve: (_root, args, context) => listRecordings(context, args),
  }),
  recording: t.field({
    type: RecordingRef,
    nullable: true,
    authScopes: { read: true },
    description: 'A recording by id; null when RealtimeKit has no such recording.',
    args: { id: t.arg.id({ required: true, description: 'The recording’s UUID.' }) },
    resolve: async (_root, args, context) => {
      const recording = await context.loaders.recording.load(normaliseId(String(args.id)));
      if (recording && context.viewer.meetingIds !== null) {
        assertMeetingAllowed(context.viewer, await meetingIdOf(recording, context.loaders));
      }
      return recording;
    },
  }),
  activeRecording: t.field({
    type: RecordingRef,
    nullable: true,
    authScopes: { read: true },
    description: 'The recording running in a meeting now; null when none is.',
    args: { meetingId: t.arg.id({ required: true, description: 'The meeting’s UUID.' }) },
    resolve: (_root, args, context) => {
      const meetingId = normaliseId(String(args.meetingId));
      assertMeetingAllowed(context.viewer, meetingId);
      return context.realtimeKit.getActiveRecording(meetingId);
    },
  }),
}));

builder.objectFields(MeetingRef, (t) => ({
  recordings: t.field({
    type: RecordingConnection,
    description: 'This meeting’s recordings, newest first unless `orderBy` says otherwise.',
    args: {
      orderBy: t.arg({ type: RecordingOrderInput, description: 'Sort order.' }),
      first: t.arg.int({
        description: `Page size, 0..${MAX_PAGE_SIZE} (default ${DEFAULT_PAGE_SIZE}).`,
      }),
      after: t.arg.string({ description: 'Return items after this cursor.' }),
    },
    resolve: (meeting, args, context) => listRecordings(context, args, meeting.id),
  }),
  activeRecording: t.field({
    type: RecordingRef,
    nullable: true,
    description:
      'A recording running in this meeting now (RealtimeKit’s active-recording answer); null when none is. See `activeRecordings` when several may run.',
    resolve: (meeting, _args, context) => context.realtimeKit.getActiveRecording(meeting.id),
  }),
  activeRecordings: t.field({
    type: [RecordingRef],
    description: `Every recording running in this meeting now (INVOKED, RECORDING or PAUSED), newest first: several when started with \`allowMultipleRecordings\`, composite and track recordings alike. One upstream call (the recordings list filtered by this meeting and those statuses), at most ${MAX_ACTIVE_RECORDINGS}.`,
    resolve: async (meeting, _args, context) => {
      const recordings = await context.realtimeKit.listActiveRecordings(meeting.id);
      primeFromRecordings(context.loaders, recordings);
      return recordings;
    },
  }),
}));
