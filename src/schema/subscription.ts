import { validateMeetingId, validateRecordingId } from '../datasources/validation.js';
import type { RecordingStatusEvent } from '../domain/model.js';
import { CursorExpiredGatewayError, ValidationError } from '../errors.js';
import { decodeCursor } from '../events/cursor.js';
import { CursorExpiredError, type EventFilter, type EventStore } from '../events/types.js';
import { normaliseId } from '../util/normalise.js';
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

/**
 * `events`, with fresh loaders for each event: a long subscription must not serve stale data.
 * Hand-rolled rather than yoga's `map`: that one drops a `return()` that comes before the first
 * `next()` (a stream yoga answered 406, say), leaving the feed subscription behind; this one
 * passes `return()` to the feed at once, whenever it comes, even while waiting for an event.
 */
function withFreshLoaders(
  events: AsyncIterableIterator<RecordingStatusEvent>,
  renewLoaders: () => void,
): AsyncIterableIterator<RecordingStatusEvent> {
  return {
    [Symbol.asyncIterator]() {
      return this;
    },
    async next() {
      const next = await events.next();
      if (!next.done) renewLoaders();
      return next;
    },
    return: async () => (await events.return?.()) ?? { done: true, value: undefined },
  };
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
    // The token's `meeting_ids` filter what a subscription without `meetingId` sees (below).
    authScopes: (_root, args) =>
      args.meetingId == null ? { read: true } : { read: true, meeting: String(args.meetingId) },
    subscribe: async (_root, args, context) => {
      const meetingId = args.meetingId == null ? null : normaliseId(String(args.meetingId));
      const recordingId = args.recordingId == null ? null : normaliseId(String(args.recordingId));
      if (meetingId !== null) validateMeetingId(meetingId, 'meetingId');
      if (recordingId !== null) validateRecordingId(recordingId, 'recordingId');
      // What the subscriber asked for, within what its token may see; the feed applies it when
      // replaying from the store and when handing out live events alike.
      const filter: EventFilter = {
        meetingIds: meetingId === null ? context.viewer.meetingIds : new Set([meetingId]),
        recordingId,
        statuses: args.statuses ? new Set(args.statuses) : null,
      };
      const hooks = context.subscription;
      // A shared execution serves members that each replayed on their own: it never replays.
      const after = hooks?.role === 'group' ? null : (args.after ?? null);
      if (after !== null) await checkResumeCursor(context.store, after);
      return withFreshLoaders(
        context.events.subscribe({
          after,
          filter,
          onEvent: hooks?.role === 'group' ? hooks.onEvent : undefined,
          onCaughtUp: hooks?.role === 'member' ? hooks.onCaughtUp : undefined,
        }),
        () => context.renewLoaders(),
      );
    },
    resolve: (event) => event,
  }),
);
