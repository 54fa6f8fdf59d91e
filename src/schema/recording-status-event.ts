import type { RecordingStatusEvent } from '../domain/model.js';
import { builder } from './builder.js';
import { RecordingStatusEnum } from './enums.js';
import { RecordingRef } from './recording.js';

export const EventSourceEnum = builder.enumType('EventSource', {
  description: 'How the gateway learned of a status change.',
  values: {
    WEBHOOK: { description: 'A signed RealtimeKit webhook.' },
    RECONCILER: {
      description: 'The reconciler, polling RealtimeKit for a recording whose webhook never came.',
    },
  },
});

export const RecordingStatusEventRef =
  builder.objectRef<RecordingStatusEvent>('RecordingStatusEvent');

RecordingStatusEventRef.implement({
  description: 'A recording changed status. Each change is delivered once, in order.',
  authScopes: (event, context) =>
    context.viewer.meetingIds === null || {
      meeting: event.meetingId ?? event.recording.meetingId,
    },
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
    source: t.expose('source', {
      type: EventSourceEnum,
      description: 'A webhook, or the reconciler healing a missed one.',
    }),
    recording: t.expose('recording', {
      type: RecordingRef,
      description: 'The recording as RealtimeKit described it in this change.',
    }),
  }),
});

builder.objectField(RecordingRef, 'statusHistory', (t) =>
  t.field({
    type: [RecordingStatusEventRef],
    description:
      'Every status change the gateway published for this recording, oldest first (kept for the event retention, 7 days by default).',
    // One query to the event log for every recording at this level of the response.
    resolve: (recording, _args, context) => context.loaders.history.load(recording.id),
  }),
);
