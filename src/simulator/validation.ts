import { type ZodType, z } from 'zod';
import {
  AUDIO_CHANNELS,
  AUDIO_CODECS,
  INTERACTIVE_TYPES,
  RECORDING_ACTIONS,
  RECORDING_STATUSES,
  SORT_BY,
  SORT_ORDERS,
  STORAGE_AUTH_METHODS,
  STORAGE_TYPES,
  VIDEO_CODECS,
  WATERMARK_POSITIONS,
  WEBHOOK_EVENTS,
} from './contract.js';
import { describe } from './validation-messages.js';

export { WEBHOOK_EVENTS };

/**
 * Request schemas transcribed from the openapi request bodies (`realtimekit_StartRecording`,
 * `realtimekit_StartTrackRecordingBody`, the webhook bodies). Unknown keys are dropped rather than
 * refused because the upstream's behaviour for them is undocumented.
 */

// RealtimeKit accepts any GUID, not only RFC 9562 versions, so z.uuid() would be too strict.
export const guid = z.guid();

/** Whether a path parameter is a GUID, as RealtimeKit checks ids. */
export function isGuid(value: string): boolean {
  return guid.safeParse(value).success;
}
export const int = (min: number, max?: number) =>
  max === undefined ? z.number().int().min(min) : z.number().int().min(min).max(max);

export const storageConfig = z
  .object({
    type: z.enum(STORAGE_TYPES),
    access_key: z.string().optional(),
    secret: z.string().optional(),
    auth_method: z.enum(STORAGE_AUTH_METHODS).optional(),
    bucket: z.string().optional(),
    host: z.string().optional(),
    password: z.string().optional(),
    path: z.string().optional(),
    port: z.number().optional(),
    private_key: z.string().optional(),
    region: z.string().optional(),
    username: z.string().optional(),
  })
  .nullable();

export const startRecordingBody = z.object({
  meeting_id: guid,
  allow_multiple_recordings: z.boolean().optional(),
  max_seconds: int(60, 86400).optional(),
  file_name_prefix: z.string().optional(),
  url: z.string().optional(),
  audio_config: z
    .object({
      channel: z.enum(AUDIO_CHANNELS).optional(),
      codec: z.enum(AUDIO_CODECS).optional(),
      export_file: z.boolean().optional(),
    })
    .optional(),
  video_config: z
    .object({
      codec: z.enum(VIDEO_CODECS).optional(),
      width: int(1, 1920).optional(),
      height: int(1, 1920).optional(),
      export_file: z.boolean().optional(),
      watermark: z
        .object({
          url: z.url().optional(),
          position: z.enum(WATERMARK_POSITIONS).optional(),
          size: z.object({ width: int(1).optional(), height: int(1).optional() }).optional(),
        })
        .optional(),
    })
    .optional(),
  interactive_config: z.object({ type: z.enum(INTERACTIVE_TYPES).optional() }).optional(),
  realtimekit_bucket_config: z.object({ enabled: z.boolean() }).optional(),
  rtmp_out_config: z.object({ rtmp_url: z.string().optional() }).optional(),
  storage_config: storageConfig.optional(),
});
export type StartRecordingBody = z.infer<typeof startRecordingBody>;

export const recordingActionBody = z.object({ action: z.enum(RECORDING_ACTIONS) });

export const webhookBody = z.object({
  name: z.string().min(1),
  url: z.url({ protocol: /^https?$/ }),
  events: z.array(z.enum(WEBHOOK_EVENTS)),
  enabled: z.boolean().optional(),
});
export const webhookPatchBody = webhookBody.partial();

// Query values arrive as strings, or arrays when a key repeats.
const one = z.string();
const isoTime = z.iso.datetime({ offset: true });
export const listQuery = z.object({
  meeting_id: guid.optional(),
  page_no: z.coerce.number().int().min(0).optional(),
  per_page: z.coerce.number().int().min(0).max(100).optional(),
  expired: z.enum(['true', 'false']).optional(),
  search: one.optional(),
  sort_by: z.enum(SORT_BY).optional(),
  sort_order: z.enum(SORT_ORDERS).optional(),
  start_time: isoTime.optional(),
  end_time: isoTime.optional(),
  status: z
    .union([one, z.array(one)])
    .transform((value) => (Array.isArray(value) ? value : [value]))
    .pipe(z.array(z.enum(RECORDING_STATUSES)))
    .optional(),
});
export type ListQuery = z.infer<typeof listQuery>;

/** Parses `input` or returns the upstream-style message naming the first offending field. */
export function validate<T>(
  schema: ZodType<T>,
  input: unknown,
): { ok: true; value: T } | { ok: false; message: string } {
  const parsed = schema.safeParse(input, { reportInput: true });
  if (parsed.success) return { ok: true, value: parsed.data };
  const issue = parsed.error.issues[0];
  return { ok: false, message: `BAD_REQUEST: ${issue ? describe(issue) : 'invalid request'}` };
}
