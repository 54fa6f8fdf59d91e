import { describe, expect, it } from 'vitest';
import {
  toListQueryParams,
  toStartRecordingBody,
  toStartTrackRecordingBody,
} from '../../src/datasources/mapping-request.js';
import type { StartRecordingInput } from '../../src/domain/inputs.js';

const MEETING_ID = '97440c6a-140b-40a9-9499-b23fd7a3868a';

describe('toStartRecordingBody', () => {
  it('maps every field to snake_case and upstream enum spellings', () => {
    const input: StartRecordingInput = {
      meetingId: MEETING_ID,
      allowMultipleRecordings: true,
      maxSeconds: 600,
      fileNamePrefix: 'standup',
      url: 'https://app.example/record',
      audioConfig: { channel: 'MONO', codec: 'MP3', exportFile: false },
      videoConfig: {
        codec: 'VP8',
        width: 1920,
        height: 1080,
        exportFile: true,
        watermark: {
          url: 'https://cdn.example/logo.png',
          position: 'LEFT_TOP',
          size: { width: 64, height: 32 },
        },
      },
      interactiveConfig: { type: 'ID3' },
      realtimekitBucketConfig: { enabled: false },
      rtmpOutConfig: { rtmpUrl: 'rtmps://live.example/app/key' },
      storageConfig: {
        type: 'SFTP',
        authMethod: 'KEY',
        host: 'files.example',
        port: 22,
        username: 'rtk',
        privateKey: 'PRIVATE',
        password: 'passphrase',
        path: 'out',
      },
    };
    expect(toStartRecordingBody(input)).toEqual({
      meeting_id: MEETING_ID,
      allow_multiple_recordings: true,
      max_seconds: 600,
      file_name_prefix: 'standup',
      url: 'https://app.example/record',
      audio_config: { channel: 'mono', codec: 'MP3', export_file: false },
      video_config: {
        codec: 'VP8',
        width: 1920,
        height: 1080,
        export_file: true,
        watermark: {
          url: 'https://cdn.example/logo.png',
          position: 'left top',
          size: { width: 64, height: 32 },
        },
      },
      interactive_config: { type: 'ID3' },
      realtimekit_bucket_config: { enabled: false },
      rtmp_out_config: { rtmp_url: 'rtmps://live.example/app/key' },
      storage_config: {
        type: 'sftp',
        auth_method: 'KEY',
        host: 'files.example',
        port: 22,
        username: 'rtk',
        private_key: 'PRIVATE',
        password: 'passphrase',
        path: 'out',
      },
    });
  });

  it.each([
    ['STEREO', 'stereo'],
    ['MONO', 'mono'],
  ] as const)('spells channel %s as %s', (channel, spelled) => {
    const body = toStartRecordingBody({ meetingId: MEETING_ID, audioConfig: { channel } });
    expect(body.audio_config).toEqual({ channel: spelled });
  });

  it.each([
    ['LEFT_TOP', 'left top'],
    ['RIGHT_TOP', 'right top'],
    ['LEFT_BOTTOM', 'left bottom'],
    ['RIGHT_BOTTOM', 'right bottom'],
  ] as const)('spells watermark position %s as "%s"', (position, spelled) => {
    const body = toStartRecordingBody({
      meetingId: MEETING_ID,
      videoConfig: { watermark: { position } },
    });
    expect(body.video_config).toEqual({ watermark: { position: spelled } });
  });

  it.each([
    ['AWS', 'aws'],
    ['AZURE', 'azure'],
    ['DIGITALOCEAN', 'digitalocean'],
    ['GCS', 'gcs'],
    ['SFTP', 'sftp'],
  ] as const)(
    'spells storage type %s as %s and carries the write-only secrets',
    (type, spelled) => {
      const body = toStartRecordingBody({
        meetingId: MEETING_ID,
        storageConfig: { type, accessKey: 'AK', secret: 'S', bucket: 'b', region: 'r' },
      });
      expect(body.storage_config).toEqual({
        type: spelled,
        access_key: 'AK',
        secret: 'S',
        bucket: 'b',
        region: 'r',
      });
    },
  );

  it('leaves out null, undefined and emptied members', () => {
    expect(
      toStartRecordingBody({
        meetingId: MEETING_ID,
        maxSeconds: null,
        fileNamePrefix: undefined,
        audioConfig: { channel: null, codec: null },
        videoConfig: { watermark: { size: { width: null } } },
        interactiveConfig: null,
        rtmpOutConfig: { rtmpUrl: null },
        storageConfig: null,
      }),
    ).toEqual({ meeting_id: MEETING_ID });
  });
});

describe('toStartTrackRecordingBody', () => {
  it('turns the layer list into a name → layer map', () => {
    const body = toStartTrackRecordingBody({
      meetingId: MEETING_ID,
      layers: [
        { name: 'default', fileNamePrefix: 'all', mediaKind: 'AUDIO' },
        {
          name: 'archive',
          outputs: [
            { type: 'REALTIMEKIT_BUCKET' },
            { type: 'STORAGE_CONFIG', storageConfig: { type: 'GCS', bucket: 'g' } },
          ],
        },
        { name: 'bare' },
      ],
      userIds: ['u1', 'u2'],
      maxSeconds: 120,
    });
    expect(body).toEqual({
      meeting_id: MEETING_ID,
      layers: {
        default: { file_name_prefix: 'all', media_kind: 'audio' },
        archive: {
          outputs: [
            { type: 'REALTIMEKIT_BUCKET' },
            { type: 'STORAGE_CONFIG', storage_config: { type: 'gcs', bucket: 'g' } },
          ],
        },
        bare: {},
      },
      user_ids: ['u1', 'u2'],
      max_seconds: 120,
    });
  });

  it('omits empty layers and user ids', () => {
    expect(toStartTrackRecordingBody({ meetingId: MEETING_ID, layers: [], userIds: [] })).toEqual({
      meeting_id: MEETING_ID,
    });
    expect(
      toStartTrackRecordingBody({ meetingId: MEETING_ID, layers: null, userIds: null }),
    ).toEqual({
      meeting_id: MEETING_ID,
    });
  });

  it('keeps a layer named __proto__ as data, not as the prototype', () => {
    const body = toStartTrackRecordingBody({
      meetingId: MEETING_ID,
      layers: [{ name: '__proto__', mediaKind: 'AUDIO' }],
    });
    expect(Object.getPrototypeOf(body.layers)).toBe(Object.prototype);
    expect(JSON.stringify(body.layers)).toBe('{"__proto__":{"media_kind":"audio"}}');
    expect(Object.keys(body.layers ?? {})).toEqual(['__proto__']);
  });
});

describe('toListQueryParams', () => {
  it('maps every filter to the upstream query', () => {
    expect(
      toListQueryParams({
        meetingId: MEETING_ID,
        status: ['RECORDING', 'PAUSED'],
        startTime: '2025-01-01 00:00:00',
        endTime: '2025-02-01T00:00:00Z',
        expired: false,
        search: 'standup',
        sortOrder: 'ASC',
        pageNo: 3,
        perPage: 25,
      }),
    ).toEqual({
      meeting_id: MEETING_ID,
      status: ['RECORDING', 'PAUSED'],
      start_time: '2025-01-01T00:00:00.000Z',
      end_time: '2025-02-01T00:00:00.000Z',
      expired: false,
      search: 'standup',
      sort_by: 'invokedTime',
      sort_order: 'ASC',
      page_no: 3,
      per_page: 25,
    });
  });

  it('sends only paging when nothing else is set', () => {
    expect(
      toListQueryParams({ pageNo: 1, perPage: 20, status: [], search: '', sortOrder: null }),
    ).toEqual({
      page_no: 1,
      per_page: 20,
    });
  });
});
