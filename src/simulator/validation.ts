import { type ZodType, z } from 'zod';
import { RECORDING_STATUSES } from '../datasources/types.js';

/**
 * Request schemas transcribed from the openapi request bodies (`realtimekit_StartRecording`,
 * `realtimekit_StartTrackRecordingBody`, the webhook bodies). Unknown keys are dropped rather than
 * refused because the upstream's behaviour for them is undocumented.
 */

// RealtimeKit accepts any GUID, not only RFC 9562 versions, so z.uuid() would be too strict.
const guid = z.guid();
const int = (min: number, max?: number) =>
  max === undefined ? z.number().int().min(min) : z.number().int().min(min).max(max);

const storageConfig = z
  .object({
    type: z.enum(['aws', 'azure', 'digitalocean', 'gcs', 'sftp']),
    access_key: z.string().optional(),
    secret: z.string().optional(),
    auth_method: z.enum(['KEY', 'PASSWORD']).optional(),
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
      channel: z.enum(['mono', 'stereo']).optional(),
      codec: z.enum(['MP3', 'AAC']).optional(),
      export_file: z.boolean().optional(),
    })
    .optional(),
  video_config: z
    .object({
      // VP9 is in the SDK types though not in the openapi enum; CONTRACT.md lets the SDK win.
      codec: z.enum(['H264', 'VP8', 'VP9']).optional(),
      width: int(1, 1920).optional(),
      height: int(1, 1920).optional(),
      export_file: z.boolean().optional(),
      watermark: z
        .object({
          url: z.url().optional(),
          position: z.enum(['left top', 'right top', 'left bottom', 'right bottom']).optional(),
          size: z.object({ width: int(1).optional(), height: int(1).optional() }).optional(),
        })
        .optional(),
    })
    .optional(),
  interactive_config: z.object({ type: z.enum(['ID3']).optional() }).optional(),
  realtimekit_bucket_config: z.object({ enabled: z.boolean() }).optional(),
  rtmp_out_config: z.object({ rtmp_url: z.string().optional() }).optional(),
  storage_config: storageConfig.optional(),
});
export type StartRecordingBody = z.infer<typeof startRecordingBody>;

export const startTrackBody = z.object({
  meeting_id: guid,
  layers: z
    .record(
      z.string(),
      z.object({
        file_name_prefix: z.string().optional(),
        media_kind: z.enum(['audio']).optional(),
      }),
    )
    .optional(),
  user_ids: z.array(z.string()).max(100).optional(),
  max_seconds: int(60, 86400).optional(),
});
export type StartTrackBody = z.infer<typeof startTrackBody>;

export const recordingActionBody = z.object({ action: z.enum(['stop', 'pause', 'resume']) });

export const WEBHOOK_EVENTS = [
  'meeting.started',
  'meeting.ended',
  'meeting.participantJoined',
  'meeting.participantLeft',
  'meeting.chatSynced',
  'recording.statusUpdate',
  'livestreaming.statusUpdate',
  'meeting.transcript',
  'meeting.summary',
] as const;

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
  sort_by: z.enum(['invokedTime']).optional(),
  sort_order: z.enum(['ASC', 'DESC']).optional(),
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

/** Joi-style wording, as the upstream's examples show (`"name" is required`). */
function describe(issue: z.core.$ZodIssue): string {
  const field = `"${issue.path.length > 0 ? issue.path.join('.') : 'value'}"`;
  // With reportInput, a missing value shows as an issue whose input is undefined, whatever its code.
  if ('input' in issue && issue.input === undefined) return `${field} is required`;
  switch (issue.code) {
    case 'invalid_type':
      return issue.expected === 'int'
        ? `${field} must be an integer`
        : `${field} must be of type ${issue.expected}`;
    case 'too_small':
      return issue.origin === 'array'
        ? `${field} must contain at least ${issue.minimum} items`
        : issue.origin === 'string'
          ? `${field} is not allowed to be empty`
          : `${field} must be greater than or equal to ${issue.minimum}`;
    case 'too_big':
      return issue.origin === 'array'
        ? `${field} must contain less than or equal to ${issue.maximum} items`
        : `${field} must be less than or equal to ${issue.maximum}`;
    case 'invalid_format':
      if (issue.format === 'guid') return `${field} must be a valid GUID`;
      if (issue.format === 'url') return `${field} must be a valid uri`;
      if (issue.format === 'datetime') return `${field} must be in ISO 8601 date format`;
      return `${field} must match the ${issue.format} format`;
    case 'invalid_value':
      return `${field} must be one of [${issue.values.map(String).join(', ')}]`;
    default:
      return `${field} is invalid: ${issue.message}`;
  }
}
