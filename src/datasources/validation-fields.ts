import { z } from 'zod';
import { STORAGE_AUTH_METHODS, STORAGE_TYPES } from '../domain/model.js';
import { isUuid, toIsoTimestamp } from '../util/normalise.js';

/**
 * Field rules shared by the input schemas. Numeric ranges and formats are RealtimeKit's own (its
 * API reference: `max_seconds` 60..86400, video 1..1920 px, watermark at least 1 px, UUID ids);
 * the few rules RealtimeKit does not state say beside them where they come from. Custom messages
 * describe the rule, never the value: several of these fields hold storage secrets.
 */

function hasProtocol(value: string, protocols: string[]): boolean {
  try {
    const url = new URL(value);
    return protocols.includes(url.protocol) && url.hostname !== '';
  } catch {
    return false;
  }
}

/**
 * A prefix is the start of a file name on the storage destination, not a path: `/` (and `\` on
 * Windows hosts) would make directories of it on an SFTP server or in a bucket, and control
 * characters are not allowed in Windows file names and would break the download's
 * Content-Disposition header.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it refuses
const UNSAFE_FILE_NAME = /[/\\\u0000-\u001f\u007f]/;
/**
 * A whole file name is at most 255 bytes on the filesystems recordings land on (ext4, XFS, NTFS,
 * APFS, and so the SFTP servers on them); a prefix longer than that can never make a valid name.
 */
export const MAX_FILE_NAME_BYTES = 255;

export const uuid = z.string().refine(isUuid, { error: 'must be a UUID' });
/**
 * A page RealtimeKit's recorder opens in a browser (`url`), or an image it downloads (a
 * watermark): only web URLs can be either, so other schemes (`file:`, `data:`, `javascript:`)
 * are refused before they reach RealtimeKit's browser.
 */
export const httpUrl = z
  .string()
  .refine((value) => hasProtocol(value, ['http:', 'https:']), { error: 'must be an http(s) URL' });
export const rtmpUrl = z.string().refine((value) => hasProtocol(value, ['rtmp:', 'rtmps:']), {
  error: 'must be an rtmp(s):// URL',
});
export const fileNamePrefix = z
  .string()
  .min(1)
  .refine((value) => Buffer.byteLength(value, 'utf8') <= MAX_FILE_NAME_BYTES, {
    error: `must be at most ${MAX_FILE_NAME_BYTES} bytes (UTF-8)`,
  })
  .refine((value) => !UNSAFE_FILE_NAME.test(value), {
    error: 'must not contain path separators or control characters',
  });
export const maxSeconds = z.number().int().min(60).max(86_400);
export const videoSize = z.number().int().min(1).max(1920);
export const timestamp = z
  .string()
  .refine((value) => toIsoTimestamp(value) !== null, { error: 'must be an ISO-8601 date-time' });
const filled = (value: string | null | undefined) =>
  typeof value === 'string' && value.trim() !== '';

export const storageConfigSchema = z
  .object({
    type: z.enum(STORAGE_TYPES),
    accessKey: z.string().nullish(),
    secret: z.string().nullish(),
    authMethod: z.enum(STORAGE_AUTH_METHODS).nullish(),
    bucket: z.string().nullish(),
    host: z.string().nullish(),
    password: z.string().nullish(),
    path: z.string().nullish(),
    // A TCP port.
    port: z.number().int().min(1).max(65_535).nullish(),
    privateKey: z.string().nullish(),
    region: z.string().nullish(),
    username: z.string().nullish(),
  })
  .superRefine((config, ctx) => {
    const need = (key: keyof typeof config, why: string) => {
      if (!filled(config[key] as string | null | undefined)) {
        ctx.addIssue({ code: 'custom', path: [key], message: `is required ${why}` });
      }
    };
    const label = `for ${config.type} storage`;
    if (config.type === 'SFTP') {
      need('host', label);
      need('username', label);
      if (config.authMethod === 'PASSWORD') need('password', 'when authMethod is PASSWORD');
      if (config.authMethod === 'KEY') need('privateKey', 'when authMethod is KEY');
    } else if (config.authMethod != null) {
      ctx.addIssue({
        code: 'custom',
        path: ['authMethod'],
        message: 'is only allowed for SFTP storage',
      });
    }
    if (config.type === 'AWS' || config.type === 'AZURE' || config.type === 'DIGITALOCEAN') {
      need('bucket', label);
    }
    if (config.type === 'AWS' || config.type === 'DIGITALOCEAN') {
      need('accessKey', label);
      need('secret', label);
    }
  });
