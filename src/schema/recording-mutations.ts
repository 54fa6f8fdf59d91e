import type { GatewayContext } from '../context.js';
import type {
  Recording,
  RecordingAction,
  StartRecordingInput as StartRecordingModel,
  StartTrackRecordingInput as StartTrackRecordingModel,
} from '../datasources/types.js';
import { NotFoundError } from '../errors.js';
import { normaliseId } from '../util/normalise.js';
import { assertMeetingAllowed } from './access.js';
import { builder } from './builder.js';
import { mutationErrors } from './errors.js';
import { meetingIdOf, RecordingRef } from './recording.js';
import { StartRecordingInput, StartTrackRecordingInput } from './recording-inputs.js';

/**
 * The five recording commands. Each returns `XSuccess { recording }` or a typed error. None
 * publishes a subscription event: those come only from RealtimeKit's webhooks, so every mode
 * exercises the production path.
 */

interface RecordingPayload {
  recording: Recording;
}

function successType(name: string, description: string) {
  const ref = builder.objectRef<RecordingPayload>(name);
  ref.implement({
    description,
    fields: (t) => ({
      recording: t.expose('recording', { type: RecordingRef, description: 'The recording.' }),
    }),
  });
  return ref;
}

const StartRecordingSuccess = successType('StartRecordingSuccess', 'The recording was requested.');
const StartTrackRecordingSuccess = successType(
  'StartTrackRecordingSuccess',
  'The track recording was requested.',
);

async function act(context: GatewayContext, rawId: string, action: RecordingAction) {
  const id = normaliseId(rawId);
  if (context.viewer.meetingIds !== null) {
    // Only a token limited to some meetings pays for finding the recording's meeting first, and
    // nothing is sent unless that meeting is established and allowed: a lookup that finds no
    // recording or no meeting must not let the write through.
    const recording = await context.loaders.recording.load(id);
    const meetingId = recording ? await meetingIdOf(recording, context.loaders) : null;
    if (meetingId === null) throw new NotFoundError('No such recording');
    assertMeetingAllowed(context.viewer, meetingId);
  }
  return { recording: await context.realtimeKit.actOnRecording(id, action) };
}

builder.mutationFields((t) => ({
  startRecording: t.field({
    authScopes: { write: true },
    type: StartRecordingSuccess,
    description:
      'Starts recording a meeting. Never retried by the gateway (RealtimeKit does not deduplicate starts); pass `idempotencyKey` to make client retries safe.',
    args: { input: t.arg({ type: StartRecordingInput, required: true }) },
    errors: {
      types: mutationErrors,
      union: {
        name: 'StartRecordingResult',
        description: 'The startRecording outcome: success or an expected error.',
      },
    },
    resolve: async (_root, { input: { idempotencyKey, ...fields } }, context) => {
      const input = { ...fields, meetingId: normaliseId(String(fields.meetingId)) };
      assertMeetingAllowed(context.viewer, input.meetingId);
      return {
        recording: await context.starts.startRecording(
          input as StartRecordingModel,
          idempotencyKey,
          context.viewer.subject,
        ),
      };
    },
  }),
  startTrackRecording: t.field({
    authScopes: { write: true },
    type: StartTrackRecordingSuccess,
    description: 'Starts recording participants’ audio tracks as separate files.',
    args: { input: t.arg({ type: StartTrackRecordingInput, required: true }) },
    errors: {
      types: mutationErrors,
      union: {
        name: 'StartTrackRecordingResult',
        description: 'The startTrackRecording outcome: success or an expected error.',
      },
    },
    resolve: async (_root, { input: { idempotencyKey, ...fields } }, context) => {
      const input = { ...fields, meetingId: normaliseId(String(fields.meetingId)) };
      assertMeetingAllowed(context.viewer, input.meetingId);
      return {
        recording: await context.starts.startTrackRecording(
          input as StartTrackRecordingModel,
          idempotencyKey,
          context.viewer.subject,
        ),
      };
    },
  }),
  pauseRecording: t.field({
    authScopes: { write: true },
    type: successType('PauseRecordingSuccess', 'The recording is pausing.'),
    description: 'Pauses a RECORDING recording.',
    args: { id: t.arg.id({ required: true, description: 'The recording’s UUID.' }) },
    errors: {
      types: mutationErrors,
      union: {
        name: 'PauseRecordingResult',
        description: 'The pauseRecording outcome: success or an expected error.',
      },
    },
    resolve: (_root, { id }, context) => act(context, String(id), 'pause'),
  }),
  resumeRecording: t.field({
    authScopes: { write: true },
    type: successType('ResumeRecordingSuccess', 'The recording is resuming.'),
    description: 'Resumes a PAUSED recording.',
    args: { id: t.arg.id({ required: true, description: 'The recording’s UUID.' }) },
    errors: {
      types: mutationErrors,
      union: {
        name: 'ResumeRecordingResult',
        description: 'The resumeRecording outcome: success or an expected error.',
      },
    },
    resolve: (_root, { id }, context) => act(context, String(id), 'resume'),
  }),
  stopRecording: t.field({
    authScopes: { write: true },
    type: successType('StopRecordingSuccess', 'The recording stopped and is uploading.'),
    description: 'Stops a recording; it then moves through UPLOADING to UPLOADED.',
    args: { id: t.arg.id({ required: true, description: 'The recording’s UUID.' }) },
    errors: {
      types: mutationErrors,
      union: {
        name: 'StopRecordingResult',
        description: 'The stopRecording outcome: success or an expected error.',
      },
    },
    resolve: (_root, { id }, context) => act(context, String(id), 'stop'),
  }),
}));
