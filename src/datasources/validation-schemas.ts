import { z } from 'zod';
import {
  AUDIO_CHANNELS,
  AUDIO_CODECS,
  INTERACTIVE_TYPES,
  RECORDING_STATUSES,
  TRACK_MEDIA_KINDS,
  TRACK_OUTPUT_TYPES,
  VIDEO_CODECS,
  WATERMARK_POSITIONS,
} from '../domain/model.js';
import { toIsoTimestamp } from '../util/normalise.js';
import {
  fileNamePrefix,
  httpUrl,
  maxSeconds,
  rtmpUrl,
  storageConfigSchema,
  timestamp,
  uuid,
  videoSize,
} from './validation-fields.js';

/** zod schemas for the domain inputs; `validation.ts` turns their first issue into a ValidationError. */

/**
 * `search` travels in the list request's URL, which Cloudflare's API refuses (414) beyond 32 KB;
 * the rest of that URL (path, ids, filters, paging) stays under 2 KB, which leaves this much.
 */
export const MAX_SEARCH_ENCODED = 30_000;

export const startRecordingSchema = z.object({
  meetingId: uuid,
  allowMultipleRecordings: z.boolean().nullish(),
  maxSeconds: maxSeconds.nullish(),
  fileNamePrefix: fileNamePrefix.nullish(),
  url: httpUrl.nullish(),
  audioConfig: z
    .object({
      channel: z.enum(AUDIO_CHANNELS).nullish(),
      codec: z.enum(AUDIO_CODECS).nullish(),
      exportFile: z.boolean().nullish(),
    })
    .nullish(),
  videoConfig: z
    .object({
      codec: z.enum(VIDEO_CODECS).nullish(),
      width: videoSize.nullish(),
      height: videoSize.nullish(),
      exportFile: z.boolean().nullish(),
      watermark: z
        .object({
          url: httpUrl.nullish(),
          position: z.enum(WATERMARK_POSITIONS).nullish(),
          size: z
            .object({
              width: z.number().int().min(1).nullish(),
              height: z.number().int().min(1).nullish(),
            })
            .nullish(),
        })
        .nullish(),
    })
    .nullish(),
  interactiveConfig: z.object({ type: z.enum(INTERACTIVE_TYPES).nullish() }).nullish(),
  realtimekitBucketConfig: z.object({ enabled: z.boolean() }).nullish(),
  rtmpOutConfig: z.object({ rtmpUrl: rtmpUrl.nullish() }).nullish(),
  storageConfig: storageConfigSchema.nullish(),
});

const trackOutput = z
  .object({
    type: z.enum(TRACK_OUTPUT_TYPES).nullish(),
    storageConfig: storageConfigSchema.nullish(),
  })
  .superRefine((output, ctx) => {
    if (output.type === 'STORAGE_CONFIG' && !output.storageConfig) {
      ctx.addIssue({
        code: 'custom',
        path: ['storageConfig'],
        message: 'is required when type is STORAGE_CONFIG',
      });
    }
  });

// RealtimeKit states no limit on layers or their names; the request body limit bounds both.
const trackLayer = z.object({
  name: z.string().min(1),
  fileNamePrefix: fileNamePrefix.nullish(),
  mediaKind: z.enum(TRACK_MEDIA_KINDS).nullish(),
  outputs: z.array(trackOutput).nullish(),
});

export const startTrackRecordingSchema = z.object({
  meetingId: uuid,
  layers: z
    .array(trackLayer)
    .superRefine((layers, ctx) => {
      const seen = new Set<string>();
      layers.forEach((layer, index) => {
        if (seen.has(layer.name)) {
          ctx.addIssue({
            code: 'custom',
            path: [index, 'name'],
            message: 'must be unique among layers',
          });
        }
        seen.add(layer.name);
      });
    })
    .nullish(),
  // RealtimeKit's API reference: at most 100 user ids.
  userIds: z
    .array(z.string().refine((value) => value.trim() !== '', { error: 'must not be empty' }))
    .max(100)
    .nullish(),
  maxSeconds: maxSeconds.nullish(),
});

export const listQuerySchema = z
  .object({
    meetingId: uuid.nullish(),
    status: z.array(z.enum(RECORDING_STATUSES)).nullish(),
    startTime: timestamp.nullish(),
    endTime: timestamp.nullish(),
    expired: z.boolean().nullish(),
    search: z
      .string()
      .refine((value) => encodeURIComponent(value).length <= MAX_SEARCH_ENCODED, {
        error: `must be at most ${MAX_SEARCH_ENCODED} characters once URL-encoded`,
      })
      .nullish(),
    sortOrder: z.enum(['ASC', 'DESC']).nullish(),
    pageNo: z.number().int().min(1),
    perPage: z.number().int().min(1).max(100),
  })
  .superRefine((query, ctx) => {
    const start = query.startTime ? toIsoTimestamp(query.startTime) : null;
    const end = query.endTime ? toIsoTimestamp(query.endTime) : null;
    if (start !== null && end !== null && Date.parse(start) > Date.parse(end)) {
      ctx.addIssue({ code: 'custom', path: ['endTime'], message: 'must not be before startTime' });
    }
  });
