import { GraphQLError } from 'graphql';
import { filter, map, pipe } from 'graphql-yoga';
import type { RecordingStatus } from '../datasources/types.js';
import { validateMeetingId, validateRecordingId } from '../datasources/validation.js';
import type { RecordingStatusEvent } from '../events/types.js';
import { builder } from './builder.js';
import { RecordingStatusEnum } from './enums.js';
import { RecordingRef } from './recording.js';

export const RecordingStatusEventRef =
  builder.objectRef<RecordingStatusEvent>('RecordingStatusEvent');

RecordingStatusEventRef.implement({
  description: 'A recording changed status. Each change is delivered once, in order.',
  fields: (t) => ({
    cursor: t.exposeString('cursor', {
      description: 'Opaque and increasing; pass as `after` to resume after this event.',
    }),
    recordingId: t.exposeID('recordingId', { description: 'The recording that changed.' }),
    meetingId: t.exposeID('meetingId', { nullable: true, description: 'Its meeting.' }),
    status: t.expose('status', { type: RecordingStatusEnum, description: 'The new status.' }),
    previousStatus: t.expose('previousStatus', {
      type: RecordingStatusEnum,
      nullable: true,
      description: 'The status before; null for the first event of a recording.',
    }),
    occurredAt: t.expose('occurredAt', {
      type: 'DateTime',
      description: 'When the gateway received the change.',
    }),
    recording: t.expose('recording', {
      type: RecordingRef,
      description: 'The recording as RealtimeKit described it in this change.',
    }),
  }),
});

interface EventFilter {
  meetingId: string | null;
  recordingId: string | null;
  statuses: RecordingStatus[] | null;
}

function matches(event: RecordingStatusEvent, filter: EventFilter): boolean {
  return (
    (filter.meetingId === null || event.meetingId === filter.meetingId) &&
    (filter.recordingId === null || event.recordingId === filter.recordingId) &&
    (filter.statuses === null || filter.statuses.includes(event.status))
  );
}

builder.subscriptionType({
  description: 'Live changes, over graphql-ws or server-sent events.',
});

builder.subscriptionField('recordingStatusChanged', (t) =>
  t.field({
    type: RecordingStatusEventRef,
    description:
      'Status changes of recordings, optionally narrowed to a meeting, a recording or statuses.',
    args: {
      meetingId: t.arg.id({ description: 'Only this meeting’s recordings.' }),
      recordingId: t.arg.id({ description: 'Only this recording.' }),
      statuses: t.arg({ type: [RecordingStatusEnum], description: 'Only changes to these.' }),
      after: t.arg.string({ description: 'Resume after this cursor (replays missed events).' }),
    },
    subscribe: (_root, args, context) => {
      const wanted: EventFilter = {
        meetingId: args.meetingId == null ? null : String(args.meetingId),
        recordingId: args.recordingId == null ? null : String(args.recordingId),
        statuses: args.statuses ?? null,
      };
      if (wanted.meetingId !== null) validateMeetingId(wanted.meetingId, 'meetingId');
      if (wanted.recordingId !== null) validateRecordingId(wanted.recordingId, 'recordingId');
      if (args.after != null) {
        throw new GraphQLError('Resuming with `after` needs the durable event store.', {
          extensions: { code: 'VALIDATION', field: 'after' },
        });
      }
      // yoga's operators pass `return()` through to the bus at once, even while waiting for an
      // event, so an unsubscribed client never leaves a listener behind.
      return pipe(
        context.events.subscribe(),
        filter((event: RecordingStatusEvent) => matches(event, wanted)),
        map((event: RecordingStatusEvent) => {
          // Each event is resolved with fresh loaders: a long subscription must not serve stale data.
          context.renewLoaders();
          return event;
        }),
      );
    },
    resolve: (event) => event,
  }),
);
