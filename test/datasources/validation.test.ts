import { describe, expect, it } from 'vitest';
import {
  validateListQuery,
  validateMeetingId,
  validateRecordingId,
  validateSessionId,
  validateStartRecording,
  validateStartTrackRecording,
} from '../../src/datasources/validation.js';
import type {
  RecordingListQuery,
  StartRecordingInput,
  StartTrackRecordingInput,
  StorageConfigInput,
} from '../../src/domain/inputs.js';
import { ValidationError } from '../../src/errors.js';

const MEETING_ID = '97440c6a-140b-40a9-9499-b23fd7a3868a';

/** The ValidationError `run` throws, or a failure when it throws nothing. */
function refusal(run: () => void): ValidationError {
  try {
    run();
  } catch (error) {
    if (error instanceof ValidationError) return error;
    throw error;
  }
  throw new Error('expected a ValidationError');
}

const start = (extra: Partial<StartRecordingInput>) => () =>
  validateStartRecording({ meetingId: MEETING_ID, ...extra });
const track = (extra: Partial<StartTrackRecordingInput>) => () =>
  validateStartTrackRecording({ meetingId: MEETING_ID, ...extra });
const list = (extra: Partial<RecordingListQuery>) => () =>
  validateListQuery({ pageNo: 1, perPage: 20, ...extra });
const storage = (config: StorageConfigInput) => start({ storageConfig: config });

describe('startRecording input', () => {
  it('accepts the minimal and a full input', () => {
    expect(start({})).not.toThrow();
    expect(
      start({
        allowMultipleRecordings: true,
        maxSeconds: 3600,
        fileNamePrefix: 'standup-2025',
        url: 'https://app.example/view',
        audioConfig: { channel: 'STEREO', codec: 'AAC', exportFile: true },
        videoConfig: {
          codec: 'H264',
          width: 1280,
          height: 720,
          watermark: {
            url: 'http://x.example/l.png',
            position: 'RIGHT_BOTTOM',
            size: { width: 1, height: 1 },
          },
        },
        interactiveConfig: { type: 'ID3' },
        realtimekitBucketConfig: { enabled: true },
        rtmpOutConfig: { rtmpUrl: 'rtmp://live.example/app' },
        storageConfig: { type: 'GCS', bucket: 'g' },
      }),
    ).not.toThrow();
  });

  it.each([
    ['not-a-uuid', 'must be a UUID'],
    ['', 'must be a UUID'],
    ['97440c6a-140b-40a9-9499-b23fd7a3868', 'must be a UUID'],
  ])('refuses meetingId %j', (meetingId, message) => {
    const error = refusal(() => validateStartRecording({ meetingId }));
    expect(error.field).toBe('input.meetingId');
    expect(error.message).toBe(`input.meetingId: ${message}`);
  });

  it.each([
    [{ maxSeconds: 60 }, null],
    [{ maxSeconds: 86_400 }, null],
    [{ maxSeconds: 59 }, ['input.maxSeconds', 'must be at least 60']],
    [{ maxSeconds: 86_401 }, ['input.maxSeconds', 'must be at most 86400']],
    [{ maxSeconds: 90.5 }, ['input.maxSeconds', 'must be an integer']],
    [{ videoConfig: { width: 1, height: 1920 } }, null],
    [{ videoConfig: { codec: 'VP9' } }, null],
    [{ videoConfig: { width: 0 } }, ['input.videoConfig.width', 'must be at least 1']],
    [{ videoConfig: { height: 1921 } }, ['input.videoConfig.height', 'must be at most 1920']],
    [{ videoConfig: { width: 640.5 } }, ['input.videoConfig.width', 'must be an integer']],
    [{ videoConfig: { watermark: { size: { width: 1, height: 1 } } } }, null],
    [
      { videoConfig: { watermark: { size: { width: 0 } } } },
      ['input.videoConfig.watermark.size.width', 'must be at least 1'],
    ],
    [
      { videoConfig: { watermark: { size: { height: 1.5 } } } },
      ['input.videoConfig.watermark.size.height', 'must be an integer'],
    ],
    [
      { videoConfig: { watermark: { url: 'ftp://x.example/l.png' } } },
      ['input.videoConfig.watermark.url', 'must be an http(s) URL'],
    ],
    [
      { videoConfig: { watermark: { url: 'not a url' } } },
      ['input.videoConfig.watermark.url', 'must be an http(s) URL'],
    ],
    [{ url: 'https://ok.example' }, null],
    [{ url: 'javascript:alert(1)' }, ['input.url', 'must be an http(s) URL']],
    [{ rtmpUrl: undefined, rtmpOutConfig: { rtmpUrl: 'rtmps://live.example/a' } }, null],
    [
      { rtmpOutConfig: { rtmpUrl: 'https://live.example/a' } },
      ['input.rtmpOutConfig.rtmpUrl', 'must be an rtmp(s):// URL'],
    ],
    [{ fileNamePrefix: 'x'.repeat(255) }, null],
    [
      { fileNamePrefix: 'x'.repeat(256) },
      ['input.fileNamePrefix', 'must be at most 255 bytes (UTF-8)'],
    ],
    [{ fileNamePrefix: 'é'.repeat(127) }, null],
    [
      { fileNamePrefix: 'é'.repeat(128) },
      ['input.fileNamePrefix', 'must be at most 255 bytes (UTF-8)'],
    ],
    [{ fileNamePrefix: '' }, ['input.fileNamePrefix', 'must not be empty']],
    [
      { fileNamePrefix: '../etc/passwd' },
      ['input.fileNamePrefix', 'must not contain path separators or control characters'],
    ],
    [
      { fileNamePrefix: 'a\\b' },
      ['input.fileNamePrefix', 'must not contain path separators or control characters'],
    ],
    [
      { fileNamePrefix: 'a\nb' },
      ['input.fileNamePrefix', 'must not contain path separators or control characters'],
    ],
    [
      { audioConfig: { channel: 'SURROUND' as never } },
      ['input.audioConfig.channel', 'must be one of MONO, STEREO'],
    ],
    [
      { videoConfig: { watermark: { position: 'CENTER' as never } } },
      [
        'input.videoConfig.watermark.position',
        'must be one of LEFT_TOP, RIGHT_TOP, LEFT_BOTTOM, RIGHT_BOTTOM',
      ],
    ],
    [
      { realtimekitBucketConfig: {} as never },
      ['input.realtimekitBucketConfig.enabled', 'is required'],
    ],
    [{ maxSeconds: '600' as never }, ['input.maxSeconds', 'must be of type number']],
  ] as Array<[Partial<StartRecordingInput>, [string, string] | null]>)(
    '%j → %j',
    (extra, expected) => {
      if (expected === null) {
        expect(start(extra)).not.toThrow();
        return;
      }
      const error = refusal(start(extra));
      expect([error.field, error.message]).toEqual([expected[0], `${expected[0]}: ${expected[1]}`]);
    },
  );

  it('reports the first problem only', () => {
    const error = refusal(start({ maxSeconds: 1, videoConfig: { width: 0 } }));
    expect(error.field).toBe('input.maxSeconds');
  });
});

describe('storage config', () => {
  const SECRETS = {
    accessKey: 'AKIA-SECRET-ACCESS',
    secret: 'S3CR3T-VALUE',
    password: 'P4SSW0RD-VALUE',
    privateKey: '-----BEGIN KEY-----PK',
  };

  it.each([
    [{ type: 'SFTP', host: 'h', username: 'u' }, null],
    [{ type: 'SFTP', host: 'h', username: 'u', authMethod: 'PASSWORD', password: 'p' }, null],
    [{ type: 'SFTP', host: 'h', username: 'u', authMethod: 'KEY', privateKey: 'k' }, null],
    [{ type: 'SFTP', username: 'u' }, ['host', 'is required for SFTP storage']],
    [{ type: 'SFTP', host: 'h', username: '  ' }, ['username', 'is required for SFTP storage']],
    [
      { type: 'SFTP', host: 'h', username: 'u', authMethod: 'PASSWORD' },
      ['password', 'is required when authMethod is PASSWORD'],
    ],
    [
      { type: 'SFTP', host: 'h', username: 'u', authMethod: 'KEY', password: 'p' },
      ['privateKey', 'is required when authMethod is KEY'],
    ],
    [{ type: 'SFTP', host: 'h', username: 'u', port: 1 }, null],
    [{ type: 'SFTP', host: 'h', username: 'u', port: 65_535 }, null],
    [{ type: 'SFTP', host: 'h', username: 'u', port: 0 }, ['port', 'must be at least 1']],
    [{ type: 'SFTP', host: 'h', username: 'u', port: 65_536 }, ['port', 'must be at most 65535']],
    [{ type: 'AWS', bucket: 'b', accessKey: 'a', secret: 's' }, null],
    [{ type: 'AWS', accessKey: 'a', secret: 's' }, ['bucket', 'is required for AWS storage']],
    [{ type: 'AWS', bucket: 'b', secret: 's' }, ['accessKey', 'is required for AWS storage']],
    [
      { type: 'DIGITALOCEAN', bucket: 'b', accessKey: 'a' },
      ['secret', 'is required for DIGITALOCEAN storage'],
    ],
    [{ type: 'AZURE', bucket: 'b' }, null],
    [{ type: 'AZURE' }, ['bucket', 'is required for AZURE storage']],
    [{ type: 'GCS' }, null],
    [{ type: 'GCS', authMethod: 'KEY' }, ['authMethod', 'is only allowed for SFTP storage']],
    [
      { type: 'AWS', bucket: 'b', accessKey: 'a', secret: 's', authMethod: 'PASSWORD' },
      ['authMethod', 'is only allowed for SFTP storage'],
    ],
    [{ type: 'S3' }, ['type', 'must be one of AWS, AZURE, DIGITALOCEAN, GCS, SFTP']],
  ] as Array<[StorageConfigInput, [string, string] | null]>)('%j → %j', (config, expected) => {
    if (expected === null) {
      expect(storage(config)).not.toThrow();
      return;
    }
    const error = refusal(storage(config));
    expect(error.field).toBe(`input.storageConfig.${expected[0]}`);
    expect(error.message).toBe(`input.storageConfig.${expected[0]}: ${expected[1]}`);
  });

  it('never puts a secret value in a message', () => {
    const cases: StorageConfigInput[] = [
      { type: 'SFTP', ...SECRETS, authMethod: 'KEY' },
      { type: 'SFTP', ...SECRETS, host: 'h', username: 'u', port: 0 },
      { type: 'AWS', ...SECRETS, authMethod: 'PASSWORD' },
      { type: 'GCS', ...SECRETS, accessKey: 42 as never },
      { type: 'AZURE', ...SECRETS, secret: { nested: SECRETS.secret } as never },
      { type: 'NOPE' as never, ...SECRETS },
    ];
    for (const config of cases) {
      const error = refusal(storage(config));
      for (const value of Object.values(SECRETS)) {
        expect(error.message).not.toContain(value);
        expect(JSON.stringify(error)).not.toContain(value);
      }
    }
  });
});

describe('startTrackRecording input', () => {
  const layer = (name: string) => ({ name, mediaKind: 'AUDIO' as const });

  it.each([
    [{}, null],
    [{ layers: [layer('a'), layer('b')], userIds: ['u1'], maxSeconds: 60 }, null],
    // RealtimeKit states no limit on layers: the request body limit bounds them.
    [{ layers: Array.from({ length: 200 }, (_, i) => layer(`l${i}`)) }, null],
    [{ layers: [layer('a'), layer('')] }, ['input.layers[1].name', 'must not be empty']],
    [{ layers: [layer('x'.repeat(1_000))] }, null],
    [
      { layers: [layer('a'), layer('b'), layer('a')] },
      ['input.layers[2].name', 'must be unique among layers'],
    ],
    [
      { layers: [{ name: 'v', mediaKind: 'VIDEO' as never }] },
      ['input.layers[0].mediaKind', 'must be one of AUDIO'],
    ],
    [
      { layers: [{ name: 'a', fileNamePrefix: 'a/b' }] },
      ['input.layers[0].fileNamePrefix', 'must not contain path separators or control characters'],
    ],
    [
      {
        layers: [
          { name: 'a', outputs: [{ type: 'REALTIMEKIT_BUCKET' }, { type: 'STORAGE_CONFIG' }] },
        ],
      },
      ['input.layers[0].outputs[1].storageConfig', 'is required when type is STORAGE_CONFIG'],
    ],
    [
      {
        layers: [
          { name: 'a', outputs: [{ type: 'STORAGE_CONFIG', storageConfig: { type: 'AZURE' } }] },
        ],
      },
      ['input.layers[0].outputs[0].storageConfig.bucket', 'is required for AZURE storage'],
    ],
    [{ userIds: Array.from({ length: 100 }, (_, i) => `u${i}`) }, null],
    [
      { userIds: Array.from({ length: 101 }, (_, i) => `u${i}`) },
      ['input.userIds', 'must have at most 100 items'],
    ],
    [{ userIds: ['u1', ' '] }, ['input.userIds[1]', 'must not be empty']],
    [{ maxSeconds: 59 }, ['input.maxSeconds', 'must be at least 60']],
    [{ meetingId: 'nope' }, ['input.meetingId', 'must be a UUID']],
  ] as Array<[Partial<StartTrackRecordingInput>, [string, string] | null]>)(
    '%j → %j',
    (extra, expected) => {
      if (expected === null) {
        expect(track(extra)).not.toThrow();
        return;
      }
      const error = refusal(track(extra));
      expect([error.field, error.message]).toEqual([expected[0], `${expected[0]}: ${expected[1]}`]);
    },
  );
});

describe('ids', () => {
  it('accepts UUIDs of any version and refuses anything else, under the given field', () => {
    expect(() => validateRecordingId('0D1A4C1E-6A8F-4A3E-9D2C-3B9F1A2B3C4D')).not.toThrow();
    expect(() => validateMeetingId('00000000-0000-0000-0000-000000000000')).not.toThrow();
    expect(refusal(() => validateRecordingId('1')).field).toBe('id');
    expect(refusal(() => validateRecordingId('1', 'recordingId')).message).toBe(
      'recordingId: must be a UUID',
    );
    expect(refusal(() => validateMeetingId('x')).field).toBe('id');
    expect(refusal(() => validateMeetingId('x', 'meetingId')).field).toBe('meetingId');
    expect(refusal(() => validateSessionId('x')).field).toBe('sessionId');
    expect(refusal(() => validateRecordingId(`${MEETING_ID}/../x`)).field).toBe('id');
  });
});

describe('list query', () => {
  it.each([
    [{}, null],
    [{ perPage: 1 }, null],
    [{ perPage: 100 }, null],
    [{ perPage: 0 }, ['first', 'must be at least 1']],
    [{ perPage: 101 }, ['first', 'must be at most 100']],
    [{ pageNo: 0 }, ['after', 'must be at least 1']],
    [{ pageNo: 1.5 }, ['after', 'must be an integer']],
    [{ meetingId: 'x' }, ['filter.meetingId', 'must be a UUID']],
    [
      { status: ['RECORDING', 'SLEEPING' as never] },
      [
        'filter.status[1]',
        'must be one of INVOKED, RECORDING, PAUSED, UPLOADING, UPLOADED, ERRORED',
      ],
    ],
    [{ search: 's'.repeat(30_000) }, null],
    [
      { search: 's'.repeat(30_001) },
      ['filter.search', 'must be at most 30000 characters once URL-encoded'],
    ],
    [
      { search: 'é'.repeat(5_001) },
      ['filter.search', 'must be at most 30000 characters once URL-encoded'],
    ],
    [{ startTime: '2025-01-01T00:00:00Z', endTime: '2025-01-01T00:00:00Z' }, null],
    [
      { startTime: '2025-01-02T00:00:00Z', endTime: '2025-01-01T23:59:59Z' },
      ['filter.endTime', 'must not be before startTime'],
    ],
    [{ startTime: 'last tuesday' }, ['filter.startTime', 'must be an ISO-8601 date-time']],
    [{ sortOrder: 'UP' as never }, ['orderBy', 'must be one of ASC, DESC']],
    [{ expired: 'yes' as never }, ['filter.expired', 'must be of type boolean']],
  ] as Array<[Partial<RecordingListQuery>, [string, string] | null]>)(
    '%j → %j',
    (extra, expected) => {
      if (expected === null) {
        expect(list(extra)).not.toThrow();
        return;
      }
      const error = refusal(list(extra));
      expect([error.field, error.message]).toEqual([expected[0], `${expected[0]}: ${expected[1]}`]);
    },
  );
});
