import type { RecordingPage } from '../domain/inputs.js';
import type { Meeting, Recording } from '../domain/model.js';
import { isRecord, toId, toNumber } from '../util/normalise.js';
import { toRecording } from './mapping.js';
import { toMeeting } from './mapping-meeting.js';
import { failedEnvelopeError, unexpectedResponse } from './upstream-errors.js';

/**
 * Readers for whole upstream responses. RealtimeKit does not unwrap its `{success, data, paging}`
 * envelope, so every SDK call resolves to one and is read here; anything else is unexpected.
 */

/** The `data` of an envelope; a `success: false` body becomes the gateway error it describes. */
export function envelopeData(body: unknown): unknown {
  if (!isRecord(body)) throw unexpectedResponse();
  if (body.success === false) throw failedEnvelopeError(body);
  if (body.data === undefined || body.data === null) throw unexpectedResponse();
  return body.data;
}

/** One recording (`GET /recordings/{id}`, active-recording, start, pause/resume/stop). */
export function readRecording(body: unknown, knownMeetingId: string | null = null): Recording {
  return toRecording(envelopeData(body), knownMeetingId);
}

/** `POST /recordings/track` wraps the recording one level deeper: `data.recording`. */
export function readTrackRecording(body: unknown, knownMeetingId: string | null = null): Recording {
  const data = envelopeData(body);
  const inner = isRecord(data) && isRecord(data.recording) ? data.recording : data;
  return toRecording(inner, knownMeetingId);
}

/** A page of `GET /recordings`; a list filtered by meeting tells us each recording's meeting. */
export function readRecordingPage(
  body: unknown,
  knownMeetingId: string | null = null,
): RecordingPage {
  const data = envelopeData(body);
  if (!Array.isArray(data)) throw unexpectedResponse();
  const recordings = data.map((item) => toRecording(item, knownMeetingId));
  const paging = isRecord(body) && isRecord(body.paging) ? body.paging : {};
  const totalCount = toNumber(paging.total_count);
  return {
    recordings,
    totalCount: totalCount !== null && totalCount >= 0 ? Math.floor(totalCount) : recordings.length,
  };
}

/** `GET /meetings/{id}`. */
export function readMeeting(body: unknown): Meeting {
  const meeting = toMeeting(envelopeData(body));
  if (meeting === null) throw unexpectedResponse();
  return meeting;
}

/** `GET /sessions/{id}`: the meeting a session belongs to (`associated_id`). */
export function readSessionMeetingId(body: unknown): string | null {
  const data = envelopeData(body);
  if (!isRecord(data)) throw unexpectedResponse();
  return toId(data.associated_id);
}
