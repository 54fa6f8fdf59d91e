import type {
  StartRecordingInput as StartRecordingModel,
  StartTrackRecordingInput as StartTrackRecordingModel,
} from '../domain/inputs.js';
import type { Recording, RecordingAction } from '../domain/model.js';
import type { GatewayContext } from '../transport/context.js';
import { normaliseId } from '../util/normalise.js';
import { builder } from './builder.js';
import { weigh } from './cost.js';
import { RecordingRef } from './recording.js';
import { StartRecordingInput, StartTrackRecordingInput } from './recording-inputs.js';

/**
 * The five recording commands. Each returns `XSuccess { recording }` or a typed error (the
 * builder's defaults name the union and list the errors). None publishes a subscription event:
 * those come only from RealtimeKit's webhooks, so every mode exercises the production path.
 *
 * Meeting limits are scopes: a start names its meeting; pause, resume and stop name a recording,
 * whose meeting the `recording` scope establishes (or answers NOT_FOUND) before anything is sent.
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

// A command may look something up first (the meeting's running recordings for an idempotent
// start, the recording's meeting for a limited token), then send itself.
const command = weigh({ calls: 2 });

async function act(context: GatewayContext, id: string, action: RecordingAction) {
  return { recording: await context.realtimeKit.actOnRecording(normaliseId(id), action) };
}

const startScopes = (_root: unknown, { input }: { input: { meetingId: string | number } }) => ({
  write: true,
  meeting: String(input.meetingId),
});
const actionScopes = (_root: unknown, { id }: { id: string | number }) => ({
  write: true,
  recording: String(id),
});

builder.mutationFields((t) => ({
  startRecording: t.field({
    authScopes: startScopes,
    complexity: command,
    type: successType('StartRecordingSuccess', 'The recording was requested.'),
    description:
      'Starts recording a meeting. Never retried by the gateway (RealtimeKit does not deduplicate starts); pass `idempotencyKey` to make client retries safe.',
    args: { input: t.arg({ type: StartRecordingInput, required: true }) },
    errors: {},
    resolve: async (_root, { input: { idempotencyKey, ...fields } }, context) => {
      const input = { ...fields, meetingId: normaliseId(String(fields.meetingId)) };
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
    authScopes: startScopes,
    complexity: command,
    type: successType('StartTrackRecordingSuccess', 'The track recording was requested.'),
    description: 'Starts recording participants’ audio tracks as separate files.',
    args: { input: t.arg({ type: StartTrackRecordingInput, required: true }) },
    errors: {},
    resolve: async (_root, { input: { idempotencyKey, ...fields } }, context) => {
      const input = { ...fields, meetingId: normaliseId(String(fields.meetingId)) };
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
    authScopes: actionScopes,
    complexity: command,
    type: successType('PauseRecordingSuccess', 'The recording is pausing.'),
    description: 'Pauses a RECORDING recording.',
    args: { id: t.arg.id({ required: true, description: 'The recording’s UUID.' }) },
    errors: {},
    resolve: (_root, { id }, context) => act(context, String(id), 'pause'),
  }),
  resumeRecording: t.field({
    authScopes: actionScopes,
    complexity: command,
    type: successType('ResumeRecordingSuccess', 'The recording is resuming.'),
    description: 'Resumes a PAUSED recording.',
    args: { id: t.arg.id({ required: true, description: 'The recording’s UUID.' }) },
    errors: {},
    resolve: (_root, { id }, context) => act(context, String(id), 'resume'),
  }),
  stopRecording: t.field({
    authScopes: actionScopes,
    complexity: command,
    type: successType('StopRecordingSuccess', 'The recording stopped and is uploading.'),
    description: 'Stops a recording; it then moves through UPLOADING to UPLOADED.',
    args: { id: t.arg.id({ required: true, description: 'The recording’s UUID.' }) },
    errors: {},
    resolve: (_root, { id }, context) => act(context, String(id), 'stop'),
  }),
}));
