import { z } from 'zod';
import { isUuid, toIsoTimestamp } from '../util/normalise.js';
import { STORAGE_AUTH_METHODS, STORAGE_TYPES } from './types.js';

/**
 * Field rules shared by the input schemas, with the limits of the RealtimeKit contract. Custom
 * messages describe the rule, never the value: several of these fields hold storage secrets.
 */

function hasProtocol(value: string, protocols: string[]): boolean {
  try {
    const url = new URL(value);
    return protocols.includes(url.protocol) && url.hostname !== '';
  } catch {
    return false;
  }
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it refuses
const UNSAFE_FILE_NAME = /[/\\\u0000-\u001f\u007f]/;

export const uuid = z.string().refine(isUuid, { error: 'must be a UUID' });
export const httpUrl = z
  .string()
  .refine((value) => hasProtocol(value, ['http:', 'https:']), { error: 'must be an http(s) URL' });
export const rtmpUrl = z.string().refine((value) => hasProtocol(value, ['rtmp:', 'rtmps:']), {
  error: 'must be an rtmp(s):// URL',
});
export const fileNamePrefix = z
  .string()
  .min(1)
  .max(255)
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
