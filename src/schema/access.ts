import type { Recording } from '../domain/model.js';
import { NotFoundError } from '../errors.js';
import type { GatewayContext } from '../transport/context.js';
import { normaliseId } from '../util/normalise.js';

/**
 * A token may be limited to some meetings (`meeting_ids`). These are the scope-auth scopes that
 * decide it, declared on the fields that name a meeting or a recording and on the types that
 * belong to one (see builder.ts); without the limit both are plain `true` and cost nothing.
 */
export interface MeetingScopes {
  /** A meeting by id, in any spelling; null (a meeting that cannot be told) is refused. */
  meeting: true | ((meetingId: string | null) => boolean);
  /**
   * A recording by id, through its meeting. NOT_FOUND, before anything is written, when the
   * recording or its meeting cannot be established: a failed lookup must not let a write through.
   */
  recording: true | ((recordingId: string) => Promise<boolean>);
}

/**
 * The meeting a recording belongs to: named by the source (list filter, embedded meeting, webhook),
 * else found through the recording's session.
 */
export async function meetingIdOf(
  recording: Recording,
  loaders: { sessionMeeting: { load(id: string): Promise<string | null> } },
) {
  const known = recording.meetingId ?? recording.meeting?.id;
  if (known) return known;
  return recording.sessionId ? loaders.sessionMeeting.load(recording.sessionId) : null;
}

/** The meeting scopes of one request. */
export function meetingScopes(context: GatewayContext): MeetingScopes {
  const allowed = context.viewer.meetingIds;
  if (allowed === null) return { meeting: true, recording: true };
  const meeting = (meetingId: string | null) =>
    meetingId !== null && allowed.has(normaliseId(meetingId));
  return {
    meeting,
    async recording(recordingId) {
      const recording = await context.loaders.recording.load(normaliseId(recordingId));
      const meetingId = recording ? await meetingIdOf(recording, context.loaders) : null;
      if (meetingId === null) throw new NotFoundError('No such recording');
      return meeting(meetingId);
    },
  };
}
