import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as contract from '../../src/simulator/contract.js';
import type { Json } from './support.js';

const doc: Json = JSON.parse(
  readFileSync(new URL('../fixtures/realtimekit-openapi-subset.json', import.meta.url), 'utf8'),
);
const schemas = doc.components.schemas;
const sdkTypes = readFileSync(
  new URL('../../node_modules/cloudflare/resources/realtime-kit/recordings.d.ts', import.meta.url),
  'utf8',
);
const seed004 = readFileSync(
  new URL('../fixtures/seeds/004_e61d0875c4a68382.txt', import.meta.url),
  'utf8',
);
const simulatorDir = new URL('../../src/simulator/', import.meta.url);

describe("the simulator's closed sets are the upstream's", () => {
  it.each([
    ['RECORDING_STATUSES', schemas.realtimekit_Recording.properties.status.enum],
    [
      'RECORDING_ACTIONS',
      doc.paths['/accounts/{account_id}/realtime/kit/{app_id}/recordings/{recording_id}'].put
        .requestBody.content['application/json'].schema.properties.action.enum,
    ],
    ['START_REASONS', schemas.realtimekit_startReason.properties.reason.enum],
    ['STOP_REASONS', schemas.realtimekit_stopReason.properties.reason.enum],
    ['CALLER_TYPES', schemas.realtimekit_stopReason.properties.caller.properties.type.enum],
    ['STORAGE_TYPES', schemas.realtimekit_StorageConfig.properties.type.enum],
    ['STORAGE_AUTH_METHODS', schemas.realtimekit_StorageConfig.properties.auth_method.enum],
    ['AUDIO_CHANNELS', schemas.realtimekit_AudioConfig.properties.channel.enum],
    ['AUDIO_CODECS', schemas.realtimekit_AudioConfig.properties.codec.enum],
    [
      'WATERMARK_POSITIONS',
      schemas.realtimekit_VideoConfig.properties.watermark.properties.position.enum,
    ],
    ['INTERACTIVE_TYPES', schemas.realtimekit_InteractiveConfig.properties.type.enum],
    ['TRACK_MEDIA_KINDS', schemas.realtimekit_TrackConfigLayer.properties.media_kind.enum],
    ['SORT_BY', doc.components.parameters.realtimekit_recordingSortBy.schema.enum],
    ['SORT_ORDERS', doc.components.parameters.realtimekit_sortOrder.schema.enum],
    ['WEBHOOK_EVENTS', schemas.realtimekit_WebhookRequest.properties.events.items.enum],
  ])('%s matches the openapi document', (name, expected) => {
    expect([...((contract as unknown as Record<string, string[]>)[name] ?? [])].sort()).toEqual(
      [...expected].sort(),
    );
  });

  it('withholds every storage credential: the writeOnly one and those documented as secret', () => {
    const properties: Record<string, Json> = schemas.realtimekit_StorageConfig.properties;
    const writeOnly = Object.keys(properties).filter((name) => properties[name].writeOnly);
    expect(writeOnly).toEqual(['access_key']);
    expect(properties.secret.description).toMatch(/not readable/);
    expect([...contract.STORAGE_SECRETS].sort()).toEqual([
      'access_key',
      'password',
      'private_key',
      'secret',
    ]);
  });

  it('video codecs follow the SDK 7.3.0 types (VP9), which are newer than the document', () => {
    expect(schemas.realtimekit_VideoConfig.properties.codec.enum).toEqual(['H264', 'VP8']);
    expect(sdkTypes).toContain("codec?: 'H264' | 'VP8' | 'VP9';");
    expect(contract.VIDEO_CODECS).toEqual(['H264', 'VP8', 'VP9']);
  });

  it('track output types follow the API reference, the only source that has them', () => {
    expect(seed004).toContain('type?: "REALTIMEKIT_BUCKET" | "STORAGE_CONFIG"');
    expect(contract.TRACK_OUTPUT_TYPES).toEqual(['REALTIMEKIT_BUCKET', 'STORAGE_CONFIG']);
  });
});

describe('the simulator depends on the upstream contract, not on the gateway', () => {
  const ALLOWED = ['../logger.js'];

  it.each(readdirSync(simulatorDir).filter((file) => file.endsWith('.ts')))(
    '%s imports nothing of the gateway but its logger (and main.ts its config)',
    (file) => {
      const source = readFileSync(new URL(file, simulatorDir), 'utf8');
      const outside = [...source.matchAll(/from '(\.\.\/[^']+)'/g)].map((match) => match[1]);
      const allowed = file === 'main.ts' ? [...ALLOWED, '../config.js'] : ALLOWED;
      expect(outside.filter((path) => !allowed.includes(path ?? ''))).toEqual([]);
    },
  );
});
