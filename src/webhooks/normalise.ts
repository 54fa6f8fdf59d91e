import type { z } from 'zod';
import { buildMeeting, buildRecording } from '../domain/build.js';
import { toDownloads } from '../domain/downloads.js';
import { MEETING_STATUSES, type Meeting, type Recording } from '../domain/model.js';
import { toMember } from '../util/normalise.js';
import { envelopeSchema, type MeetingShape, statusUpdateSchema } from './payload-schema.js';

/** A verified webhook body, normalised to the gateway's domain shapes. */
export type WebhookPayload =
  | { kind: 'recording.statusUpdate'; organizationId: string | null; recording: Recording }
  | { kind: 'other'; event: string };

/** The body is not a webhook this gateway understands (the intake answers 400 with the message). */
export class WebhookPayloadError extends Error {
  override readonly name = 'WebhookPayloadError';
}

function toMeeting(meeting: MeetingShape, id: string): Meeting {
  const organizer = meeting.organizedBy;
  // The payload's meeting is partial: the settings stay empty.
  return buildMeeting({
    id,
    title: meeting.title,
    status: toMember(MEETING_STATUSES, meeting.status),
    createdAt: meeting.createdAt,
    roomName: meeting.roomName,
    startedAt: meeting.startedAt,
    endedAt: meeting.endedAt,
    organizedBy:
      organizer && (organizer.id !== null || organizer.name !== null)
        ? { id: organizer.id, name: organizer.name }
        : null,
  });
}

/** Zod's messages name the rule, never the value, so they are safe to send back. */
function toPayloadError(error: z.ZodError): WebhookPayloadError {
  const issue = error.issues[0];
  const path = issue?.path.map(String).join('.') || 'body';
  return new WebhookPayloadError(`${path}: ${issue?.message ?? 'invalid'}`);
}

/**
 * Parses a raw webhook body. Loosely typed values (numbers as strings, timestamps with a space or
 * microseconds) are normalised; anything structurally wrong, over-long or not a RealtimeKit id
 * throws WebhookPayloadError.
 */
export function parseWebhookPayload(raw: string): WebhookPayload {
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    throw new WebhookPayloadError('body is not valid JSON');
  }
  const envelope = envelopeSchema.safeParse(json);
  if (!envelope.success) throw toPayloadError(envelope.error);
  if (envelope.data.event !== 'recording.statusUpdate') {
    return { kind: 'other', event: envelope.data.event };
  }
  const parsed = statusUpdateSchema.safeParse(json);
  if (!parsed.success) throw toPayloadError(parsed.error);
  const { recording: source, meeting } = parsed.data;
  const downloads = toDownloads(source.downloadUrl);
  // The payload says nothing of invocation, reasons or storage: those stay empty.
  const recording = buildRecording({
    id: source.id,
    status: source.status,
    outputFileName: source.outputFileName,
    sessionId: meeting?.sessionId ?? null,
    meetingId: source.meetingId ?? meeting?.id ?? null,
    startedTime: source.startedTime,
    stoppedTime: source.stoppedTime,
    recordingDuration: source.recordingDuration,
    fileSize: source.fileSize,
    downloadUrl: downloads.url,
    layerDownloads: downloads.layers,
    audioDownloadUrl: source.audioDownloadUrl,
    downloadUrlExpiry: source.downloadUrlExpiry,
    meeting: meeting?.id ? toMeeting(meeting, meeting.id) : null,
  });
  return { kind: 'recording.statusUpdate', organizationId: source.organizationId, recording };
}
