import { z } from 'zod';
import { RECORDING_STATUSES } from '../domain/model.js';
import { isUuid, normaliseId, toIsoTimestamp, toNumber, toText } from '../util/normalise.js';

/**
 * The structure of RealtimeKit webhook bodies. Values are loosely typed upstream, so most fields
 * accept anything and normalise it; what is refused is what no real delivery contains: over-long
 * strings, ids that are not UUIDs, unknown statuses, wrong structure.
 */

const MAX_ID = 64;
const MAX_URL = 4_096;
const MAX_TEXT = 1_024;
const MAX_LAYERS = 64;
const MAX_EVENT = 128;

/** Any value, but a string longer than `max` refuses the whole payload. */
const bounded = (max: number) =>
  z
    .unknown()
    .optional()
    .superRefine((value, ctx) => {
      if (typeof value === 'string' && value.length > max) {
        ctx.addIssue({ code: 'custom', message: `must be at most ${max} characters` });
      }
    });

/** Loose text: a wrong type reads as null. */
const text = (max: number) => bounded(max).transform(toText);
const timestamp = bounded(MAX_ID).transform(toIsoTimestamp);
/** A non-negative number, possibly sent as a string. */
const count = bounded(MAX_ID).transform((value) => {
  const parsed = toNumber(value);
  return parsed !== null && parsed >= 0 ? parsed : null;
});

/** An optional RealtimeKit id: absent reads as null, anything else must be a UUID (lower-cased). */
const optionalId = z
  .unknown()
  .optional()
  .transform((value, ctx) => {
    if (value === undefined || value === null || value === '') return null;
    if (typeof value === 'string' && value.length <= MAX_ID && isUuid(value)) {
      return normaliseId(value);
    }
    ctx.addIssue({ code: 'custom', message: 'must be a UUID' });
    return z.NEVER;
  });

/** One file of a track recording; upstream spells the keys several ways. */
export const layerSchema = z.object({
  layer_name: text(MAX_TEXT),
  layerName: text(MAX_TEXT),
  layer: text(MAX_TEXT),
  name: text(MAX_TEXT),
  download_url: text(MAX_URL),
  downloadUrl: text(MAX_URL),
  url: text(MAX_URL),
  media_kind: text(MAX_ID),
  mediaKind: text(MAX_ID),
  file_name: text(MAX_TEXT),
  fileName: text(MAX_TEXT),
});

/** Who organised a meeting; anything but an object reads as absent. */
const organizerSchema = z
  .unknown()
  .optional()
  .pipe(
    z.union([
      z.object({ id: text(MAX_ID), name: text(MAX_TEXT) }),
      z.unknown().transform(() => null),
    ]),
  );

export const meetingSchema = z.object({
  id: optionalId,
  sessionId: optionalId,
  title: text(MAX_TEXT),
  roomName: text(MAX_TEXT),
  status: text(MAX_ID),
  createdAt: timestamp,
  startedAt: timestamp,
  endedAt: timestamp,
  organizedBy: organizerSchema,
});

const recordingSchema = z.object({
  id: z.string().max(MAX_ID).refine(isUuid, 'must be a UUID').transform(normaliseId),
  status: z
    .string()
    .max(MAX_ID)
    .transform((value) => value.toUpperCase())
    .pipe(z.enum(RECORDING_STATUSES)),
  // A URL, or for track recordings a list of per-layer files.
  downloadUrl: z.union([z.string().max(MAX_URL), z.array(layerSchema).max(MAX_LAYERS)]).nullish(),
  audioDownloadUrl: text(MAX_URL),
  downloadUrlExpiry: timestamp,
  startedTime: timestamp,
  stoppedTime: timestamp,
  fileSize: count,
  outputFileName: text(MAX_TEXT),
  meetingId: optionalId,
  recordingDuration: count,
  organizationId: text(MAX_ID),
});

/** Every webhook: an object with an event name. */
export const envelopeSchema = z.object({ event: z.string().min(1).max(MAX_EVENT) });

/** A `recording.statusUpdate` body. */
export const statusUpdateSchema = z.object({
  recording: recordingSchema,
  meeting: meetingSchema.nullish(),
});

export type LayerShape = z.output<typeof layerSchema>;
export type MeetingShape = z.output<typeof meetingSchema>;
