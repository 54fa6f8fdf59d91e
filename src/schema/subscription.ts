import { filter, map, pipe } from 'graphql-yoga';
import type { RecordingStatus } from '../datasources/types.js';
import { validateMeetingId, validateRecordingId } from '../datasources/validation.js';
import { CursorExpiredGatewayError, ValidationError } from '../errors.js';
import { decodeCursor } from '../events/cursor.js';
import { CursorExpiredError, type EventStore, type RecordingStatusEvent } from '../events/types.js';
import { normaliseId } from '../util/normalise.js';
import { assertMeetingAllowed, meetingVisible } from './access.js';
import { builder } from './builder.js';
import { RecordingStatusEnum } from './enums.js';
import { RecordingStatusEventRef } from './recording-status-event.js';

/**
 * Refuses a malformed or expired `after` before the subscription starts, so the client gets a
 * coded error instead of a stream that dies on its first read.
 */
async function checkResumeCursor(store: EventStore, after: string): Promise<void> {
  if (decodeCursor(after) === null) {
    throw new ValidationError('after', 'is not a cursor this API returned');
  }
  try {
    await store.readAfter(after, 1);
  } catch (error) {
    if (error instanceof CursorExpiredError) {
      throw new CursorExpiredGatewayError(
        'The cursor is older than the event log keeps; subscribe again without `after`.',
      );
    }
    throw error;
  }
}

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
    authScopes: { read: true },
    subscribe: async (_root, args, context) => {
      const wanted: EventFilter = {
        meetingId: args.meetingId == null ? null : normaliseId(String(args.meetingId)),
        recordingId: args.recordingId == null ? null : normaliseId(String(args.recordingId)),
        statuses: args.statuses ?? null,
      };
      if (wanted.meetingId !== null) validateMeetingId(wanted.meetingId, 'meetingId');
      if (wanted.meetingId !== null) assertMeetingAllowed(context.viewer, wanted.meetingId);
      if (wanted.recordingId !== null) validateRecordingId(wanted.recordingId, 'recordingId');
      const after = args.after ?? null;
      if (after !== null) await checkResumeCursor(context.store, after);
      // yoga's operators pass `return()` through to the feed at once, even while waiting for an
      // event, so an unsubscribed client never leaves a listener behind.
      return pipe(
        context.events.subscribe({ after }),
        filter(
          (event: RecordingStatusEvent) =>
            matches(event, wanted) && meetingVisible(context.viewer, event.meetingId),
        ),
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
