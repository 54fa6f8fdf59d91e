import { describe, expect, it } from 'vitest';
import { toRecording } from '../../src/datasources/mapping.js';
import { toMeeting } from '../../src/datasources/mapping-meeting.js';
import {
  readMeeting,
  readRecording,
  readRecordingPage,
  readSessionMeetingId,
  readTrackRecording,
} from '../../src/datasources/responses.js';
import { NotFoundError, UpstreamError, ValidationError } from '../../src/errors.js';

const RECORDING_ID = '0d1a4c1e-6a8f-4a3e-9d2c-3b9f1a2b3c4d';
const MEETING_ID = '97440c6a-140b-40a9-9499-b23fd7a3868a';
const SESSION_ID = '5c6d7e8f-1a2b-4c3d-8e9f-0a1b2c3d4e5f';

const upstreamMeeting = {
  id: MEETING_ID,
  title: 'Weekly sync',
  status: 'ACTIVE',
  created_at: '2025-01-02T03:04:05.000Z',
  updated_at: '2025-01-02 03:04:06.123456',
  record_on_start: false,
  live_stream_on_start: true,
  persist_chat: false,
  summarize_on_end: true,
  transcribe_on_end: false,
  session_keep_alive_time_in_secs: 90,
};

const upstreamRecording = {
  id: RECORDING_ID,
  status: 'UPLOADED',
  output_file_name: 'weekly-sync.mp4',
  session_id: SESSION_ID,
  invoked_time: '2025-01-02T03:04:05Z',
  started_time: '2025-01-02 03:04:09.5',
  stopped_time: '2025-01-02T04:04:05+01:00',
  recording_duration: 3596,
  file_size: '1048576',
  download_url: 'https://bucket.example/rec.mp4',
  audio_download_url: 'https://bucket.example/rec.mp3',
  download_url_expiry: '2025-01-09T03:04:05Z',
  start_reason: {
    reason: 'API_CALL',
    caller: {
      name: 'gateway',
      type: 'ORGANIZATION',
      user_Id: 'd61f6956-e68f-4375-bf10-c38a704d1bec',
    },
  },
  stop_reason: { reason: 'ALL_PEERS_LEFT', caller: { type: 'USER', name: 'Ada' } },
  storage_config: {
    type: 'sftp',
    auth_method: 'PASSWORD',
    host: 'files.example',
    port: 2222,
    path: 'recordings',
    username: 'rtk',
    password: 'hunter2-password',
    private_key: 'PRIVATE-KEY-VALUE',
    access_key: 'ACCESS-KEY-VALUE',
    secret: 'SECRET-VALUE',
    region: 'eu',
    bucket: 'b',
  },
  meeting: upstreamMeeting,
};

describe('toRecording', () => {
  it('maps every field to camelCase with ISO timestamps and numbers', () => {
    expect(toRecording(upstreamRecording)).toEqual({
      id: RECORDING_ID,
      status: 'UPLOADED',
      outputFileName: 'weekly-sync.mp4',
      sessionId: SESSION_ID,
      meetingId: MEETING_ID,
      invokedTime: '2025-01-02T03:04:05.000Z',
      startedTime: '2025-01-02T03:04:09.500Z',
      stoppedTime: '2025-01-02T03:04:05.000Z',
      recordingDuration: 3596,
      fileSize: 1048576,
      downloadUrl: 'https://bucket.example/rec.mp4',
      layerDownloads: [],
      audioDownloadUrl: 'https://bucket.example/rec.mp3',
      downloadUrlExpiry: '2025-01-09T03:04:05.000Z',
      startReason: {
        reason: 'API_CALL',
        caller: {
          name: 'gateway',
          type: 'ORGANIZATION',
          userId: 'd61f6956-e68f-4375-bf10-c38a704d1bec',
        },
      },
      stopReason: { reason: 'ALL_PEERS_LEFT', caller: { name: 'Ada', type: 'USER', userId: null } },
      storageConfig: {
        type: 'SFTP',
        authMethod: 'PASSWORD',
        bucket: 'b',
        host: 'files.example',
        path: 'recordings',
        port: 2222,
        region: 'eu',
        username: 'rtk',
      },
      meeting: {
        id: MEETING_ID,
        title: 'Weekly sync',
        status: 'ACTIVE',
        createdAt: '2025-01-02T03:04:05.000Z',
        updatedAt: '2025-01-02T03:04:06.123Z',
        recordOnStart: false,
        liveStreamOnStart: true,
        persistChat: false,
        summarizeOnEnd: true,
        transcribeOnEnd: false,
        sessionKeepAliveTimeInSecs: 90,
        recordingConfig: null,
        roomName: null,
        startedAt: null,
        endedAt: null,
        organizedBy: null,
      },
    });
  });

  it('never reads storage secrets into the domain', () => {
    const text = JSON.stringify(toRecording(upstreamRecording));
    for (const secret of [
      'hunter2-password',
      'PRIVATE-KEY-VALUE',
      'ACCESS-KEY-VALUE',
      'SECRET-VALUE',
    ]) {
      expect(text).not.toContain(secret);
    }
  });

  it('fills absent optional fields with null and uses the known meeting id', () => {
    const recording = toRecording({ id: RECORDING_ID, status: 'INVOKED' }, MEETING_ID);
    expect(recording).toMatchObject({
      meetingId: MEETING_ID,
      outputFileName: null,
      sessionId: null,
      invokedTime: null,
      fileSize: null,
      downloadUrl: null,
      layerDownloads: [],
      startReason: null,
      stopReason: null,
      storageConfig: null,
      meeting: null,
    });
  });

  it('prefers an explicit meeting_id, then the embedded meeting, then the known id', () => {
    const other = '11111111-2222-4333-8444-555555555555';
    expect(
      toRecording({ id: RECORDING_ID, status: 'INVOKED', meeting_id: other }, MEETING_ID).meetingId,
    ).toBe(other);
    expect(
      toRecording({ ...upstreamRecording, meeting: { ...upstreamMeeting, id: other } }).meetingId,
    ).toBe(other);
  });

  it('spells every id in lower case, however upstream spells it', () => {
    const shouted = JSON.parse(
      JSON.stringify(upstreamRecording).replace(
        /[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}/g,
        (id) => id.toUpperCase(),
      ),
    );
    expect(toRecording({ ...shouted, meeting_id: MEETING_ID.toUpperCase() })).toMatchObject({
      id: RECORDING_ID,
      meetingId: MEETING_ID,
      sessionId: SESSION_ID,
      meeting: { id: MEETING_ID },
      startReason: { caller: { userId: 'd61f6956-e68f-4375-bf10-c38a704d1bec' } },
    });
    expect(
      toRecording({ id: RECORDING_ID, status: 'INVOKED' }, MEETING_ID.toUpperCase()).meetingId,
    ).toBe(MEETING_ID);
    expect(
      readSessionMeetingId({ success: true, data: { associated_id: MEETING_ID.toUpperCase() } }),
    ).toBe(MEETING_ID);
  });

  it('reads the six statuses', () => {
    for (const status of ['INVOKED', 'RECORDING', 'PAUSED', 'UPLOADING', 'UPLOADED', 'ERRORED']) {
      expect(toRecording({ id: RECORDING_ID, status }).status).toBe(status);
    }
  });

  it('turns a track recording layer list into layerDownloads with every key spelling', () => {
    const recording = toRecording({
      id: RECORDING_ID,
      status: 'UPLOADED',
      download_url: [
        {
          layer_name: 'host',
          download_url: 'https://x/a.webm',
          media_kind: 'audio',
          file_name: 'a.webm',
        },
        {
          layerName: 'guest',
          downloadUrl: 'https://x/b.webm',
          mediaKind: 'AUDIO',
          fileName: 'b.webm',
        },
        { layer: 'third', url: 'https://x/c.webm' },
        { name: 'fourth' },
        'not an object',
        null,
      ],
    });
    expect(recording.downloadUrl).toBeNull();
    expect(recording.layerDownloads).toEqual([
      { layer: 'host', url: 'https://x/a.webm', mediaKind: 'AUDIO', fileName: 'a.webm' },
      { layer: 'guest', url: 'https://x/b.webm', mediaKind: 'AUDIO', fileName: 'b.webm' },
      { layer: 'third', url: 'https://x/c.webm', mediaKind: null, fileName: null },
      { layer: 'fourth', url: null, mediaKind: null, fileName: null },
    ]);
  });

  it('accepts a layer map keyed by layer name', () => {
    const recording = toRecording({
      id: RECORDING_ID,
      status: 'UPLOADED',
      download_url: { host: { url: 'https://x/a.webm' } },
    });
    expect(recording.layerDownloads).toEqual([
      { layer: 'host', url: 'https://x/a.webm', mediaKind: null, fileName: null },
    ]);
  });

  it('mends a layer name Postgres could not store, as every other text field is mended', () => {
    const recording = toRecording({
      id: RECORDING_ID,
      status: 'UPLOADED',
      download_url: { 'ho\u0000st\ud800': { url: 'https://x/a.webm' } },
    });
    expect(recording.layerDownloads[0]?.layer).toBe('ho\uFFFDst\uFFFD');
  });

  it('keeps the fraction of recording_duration, as a number or a string', () => {
    const base = { id: RECORDING_ID, status: 'UPLOADED' };
    expect(toRecording({ ...base, recording_duration: 12.5 }).recordingDuration).toBe(12.5);
    expect(toRecording({ ...base, recording_duration: '0.75' }).recordingDuration).toBe(0.75);
  });

  it('reads loosely typed fields tolerantly', () => {
    const recording = toRecording({
      id: RECORDING_ID,
      status: 'RECORDING',
      file_size: 'lots',
      recording_duration: { seconds: 1 },
      invoked_time: 'yesterday',
      output_file_name: 42,
      start_reason: 'API_CALL',
      stop_reason: { reason: 'BORED', caller: { type: 'ROBOT', user_id: 'u1' } },
      storage_config: { type: 'floppy', bucket: 'b' },
      meeting: { title: 'no id' },
      download_url: 7,
    });
    expect(recording).toMatchObject({
      fileSize: null,
      recordingDuration: null,
      invokedTime: null,
      outputFileName: null,
      startReason: null,
      stopReason: { reason: null, caller: { name: null, type: null, userId: 'u1' } },
      storageConfig: null,
      meeting: null,
      downloadUrl: null,
      layerDownloads: [],
    });
  });

  it.each([
    ['null', null],
    ['a string', '<html>oops</html>'],
    ['an array', [{ id: RECORDING_ID, status: 'INVOKED' }]],
    ['no id', { status: 'INVOKED' }],
    ['a numeric id', { id: 42, status: 'INVOKED' }],
    ['an empty id', { id: '', status: 'INVOKED' }],
    ['an unknown status', { id: RECORDING_ID, status: 'QUEUED' }],
    ['a lower-case status', { id: RECORDING_ID, status: 'invoked' }],
  ])('refuses %s as UpstreamError without echoing the body', (_label, body) => {
    let caught: unknown;
    try {
      toRecording(body);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(UpstreamError);
    expect((caught as Error).message).toBe('RealtimeKit returned an unexpected response');
  });
});

describe('toMeeting', () => {
  it('returns null without a usable id and tolerates odd fields', () => {
    expect(toMeeting({ title: 'x' })).toBeNull();
    expect(toMeeting('meeting')).toBeNull();
    expect(toMeeting({ id: MEETING_ID, status: 'SLEEPING', record_on_start: 'yes' })).toMatchObject(
      {
        id: MEETING_ID,
        status: null,
        recordOnStart: null,
        title: null,
        createdAt: null,
      },
    );
  });
});

describe('response envelopes', () => {
  const ok = (data: unknown, extra: object = {}) => ({ success: true, data, ...extra });

  it('reads one recording, a track recording and a page', () => {
    expect(readRecording(ok(upstreamRecording)).id).toBe(RECORDING_ID);
    expect(
      readTrackRecording(ok({ recording: { id: RECORDING_ID, status: 'INVOKED' } }), MEETING_ID),
    ).toMatchObject({
      id: RECORDING_ID,
      meetingId: MEETING_ID,
    });
    const page = readRecordingPage(
      ok([upstreamRecording, { id: RECORDING_ID, status: 'INVOKED' }], {
        paging: { total_count: 75, start_offset: 1, end_offset: 2 },
      }),
    );
    expect(page.totalCount).toBe(75);
    expect(page.recordings.map((r) => r.status)).toEqual(['UPLOADED', 'INVOKED']);
  });

  it('counts the page when paging is missing or nonsense', () => {
    expect(readRecordingPage(ok([])).totalCount).toBe(0);
    expect(
      readRecordingPage(ok([upstreamRecording], { paging: { total_count: -3 } })).totalCount,
    ).toBe(1);
  });

  it('gives listed recordings the filtered meeting id', () => {
    const page = readRecordingPage(ok([{ id: RECORDING_ID, status: 'INVOKED' }]), MEETING_ID);
    expect(page.recordings[0]?.meetingId).toBe(MEETING_ID);
  });

  it('reads a meeting and a session meeting id', () => {
    expect(readMeeting(ok(upstreamMeeting)).title).toBe('Weekly sync');
    expect(readSessionMeetingId(ok({ id: SESSION_ID, associated_id: MEETING_ID }))).toBe(
      MEETING_ID,
    );
    expect(readSessionMeetingId(ok({ id: SESSION_ID }))).toBeNull();
  });

  it.each([
    ['HTML', '<!doctype html><title>502</title>'],
    ['null', null],
    ['no data', { success: true }],
    ['null data', { success: true, data: null }],
    ['a non-list page', { success: true, data: { id: RECORDING_ID } }],
    ['a bad item in the page', { success: true, data: [upstreamRecording, { id: 1 }] }],
  ])('refuses %s', (_label, body) => {
    expect(() => readRecordingPage(body)).toThrow(UpstreamError);
  });

  it('refuses a meeting or session without the minimum', () => {
    expect(() => readMeeting(ok({ title: 'no id' }))).toThrow(
      'RealtimeKit returned an unexpected response',
    );
    expect(() => readSessionMeetingId(ok('session'))).toThrow(UpstreamError);
  });

  it('maps a 200 with success:false by its error code', () => {
    expect(() => readRecording({ success: false, error: { code: 404, message: 'gone' } })).toThrow(
      NotFoundError,
    );
    expect(() =>
      readRecording({ success: false, errors: [{ code: 400, message: 'bad' }] }),
    ).toThrow(UpstreamError);
    expect(() =>
      readRecording({ success: false, errors: [{ code: 400, message: 'bad' }] }),
    ).not.toThrow(ValidationError);
    expect(() => readRecording({ success: false, error: { code: 10000, message: 'odd' } })).toThrow(
      UpstreamError,
    );
  });
});
