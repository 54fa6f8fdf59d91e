import { z } from 'zod';
import { TRACK_MEDIA_KINDS, TRACK_OUTPUT_TYPES } from './contract.js';
import { guid, int, storageConfig } from './validation.js';

/**
 * A layer output: the API reference (and the gateway) send `outputs`, though the SDK 7.3.0 types
 * lack them. A storage config only makes sense for a STORAGE_CONFIG output, so any other pairing is
 * refused rather than half-honoured.
 */
const trackOutput = z
  .object({
    type: z.enum(TRACK_OUTPUT_TYPES).optional(),
    storage_config: storageConfig.optional(),
  })
  .superRefine((output, ctx) => {
    const toStorage = output.type === 'STORAGE_CONFIG';
    if (toStorage && !output.storage_config) {
      ctx.addIssue({
        code: 'custom',
        path: ['storage_config'],
        message: 'is required when "type" is STORAGE_CONFIG',
      });
    } else if (!toStorage && output.storage_config) {
      ctx.addIssue({
        code: 'custom',
        path: ['storage_config'],
        message: 'is not allowed unless "type" is STORAGE_CONFIG',
      });
    }
  });

export const startTrackBody = z.object({
  meeting_id: guid,
  layers: z
    .record(
      z.string(),
      z.object({
        file_name_prefix: z.string().optional(),
        media_kind: z.enum(TRACK_MEDIA_KINDS).optional(),
        outputs: z.array(trackOutput).min(1).optional(),
      }),
    )
    .optional(),
  user_ids: z.array(z.string().min(1)).max(100).optional(),
  max_seconds: int(60, 86400).optional(),
});
export type StartTrackBody = z.infer<typeof startTrackBody>;
