import type { Viewer } from '../auth/viewer.js';
import { ForbiddenError } from '../errors.js';

/**
 * A token may be limited to some meetings (`meeting_ids`). Anything that names a meeting (or a
 * recording, through its meeting) is checked here; without the limit everything passes.
 * Ids are compared as they are: every edge (arguments, tokens, upstream answers, webhooks) has
 * already normalised them, so a spelling this check has not seen fails closed.
 */
export function assertMeetingAllowed(viewer: Viewer, meetingId: string | null | undefined): void {
  if (viewer.meetingIds === null) return;
  if (!meetingId || !viewer.meetingIds.has(meetingId)) throw new ForbiddenError();
}
