import { MAX_ACTIVE_RECORDINGS } from '../domain/model.js';
import { normaliseId } from '../util/normalise.js';
import { builder } from './builder.js';
import { weigh } from './cost.js';
import { MeetingRef } from './meeting.js';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from './pagination.js';
import { RecordingRef } from './recording.js';
import {
  AFTER_DESCRIPTION,
  listRecordings,
  RecordingConnection,
  RecordingFilterInput,
  RecordingOrderInput,
} from './recording-list.js';

/**
 * The root fields that read recordings, and a meeting's recordings. A page costs what its `first`
 * asks for (two upstream calls at most for the page itself); a meeting's active recordings are
 * read once per distinct meeting in a request.
 */

const page = weigh<{ first?: number | null }>({
  calls: 2,
  items: (args) => args.first ?? DEFAULT_PAGE_SIZE,
});

builder.queryFields((t) => ({
  recordings: t.field({
    type: RecordingConnection,
    // A token limited to some meetings lists one of them at a time.
    authScopes: (_root, { filter }) => ({
      read: true,
      meeting: filter?.meetingId == null ? null : String(filter.meetingId),
    }),
    complexity: page,
    description: 'Recordings of the app, newest first unless `orderBy` says otherwise.',
    args: {
      filter: t.arg({ type: RecordingFilterInput, description: 'Conditions to match.' }),
      orderBy: t.arg({ type: RecordingOrderInput, description: 'Sort order.' }),
      first: t.arg.int({
        description: `Page size, 0..${MAX_PAGE_SIZE} (default ${DEFAULT_PAGE_SIZE}).`,
      }),
      after: t.arg.string({ description: AFTER_DESCRIPTION }),
    },
    resolve: (_root, args, context, info) => listRecordings(context, args, info),
  }),
  recording: t.field({
    type: RecordingRef,
    nullable: true,
    authScopes: { read: true },
    complexity: weigh({ calls: 1 }),
    description: 'A recording by id; null when RealtimeKit has no such recording.',
    args: { id: t.arg.id({ required: true, description: 'The recording’s UUID.' }) },
    resolve: (_root, args, context) => context.loaders.recording.load(normaliseId(String(args.id))),
  }),
  activeRecording: t.field({
    type: RecordingRef,
    nullable: true,
    authScopes: (_root, args) => ({ read: true, meeting: String(args.meetingId) }),
    complexity: weigh({ calls: 1 }),
    description: 'The recording running in a meeting now; null when none is.',
    args: { meetingId: t.arg.id({ required: true, description: 'The meeting’s UUID.' }) },
    resolve: (_root, args, context) =>
      context.loaders.activeRecording.load(normaliseId(String(args.meetingId))),
  }),
}));

builder.objectFields(MeetingRef, (t) => ({
  recordings: t.field({
    type: RecordingConnection,
    complexity: page,
    description: 'This meeting’s recordings, newest first unless `orderBy` says otherwise.',
    args: {
      orderBy: t.arg({ type: RecordingOrderInput, description: 'Sort order.' }),
      first: t.arg.int({
        description: `Page size, 0..${MAX_PAGE_SIZE} (default ${DEFAULT_PAGE_SIZE}).`,
      }),
      after: t.arg.string({ description: AFTER_DESCRIPTION }),
    },
    resolve: (meeting, args, context, info) => listRecordings(context, args, info, meeting.id),
  }),
  activeRecording: t.field({
    type: RecordingRef,
    nullable: true,
    description:
      'A recording running in this meeting now (RealtimeKit’s active-recording answer); null when none is. See `activeRecordings` when several may run.',
    complexity: weigh({ calls: 1 }),
    resolve: (meeting, _args, context) => context.loaders.activeRecording.load(meeting.id),
  }),
  activeRecordings: t.field({
    type: [RecordingRef],
    description: `Every recording running in this meeting now (INVOKED, RECORDING or PAUSED), newest first: several when started with \`allowMultipleRecordings\`, composite and track recordings alike. One upstream call (the recordings list filtered by this meeting and those statuses), at most ${MAX_ACTIVE_RECORDINGS}.`,
    complexity: weigh({ calls: 1, items: MAX_ACTIVE_RECORDINGS }),
    resolve: (meeting, _args, context) => context.loaders.activeRecordings.load(meeting.id),
  }),
}));
