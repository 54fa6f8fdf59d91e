import { describe, expect, it } from 'vitest';
import { parseWebhookPayload, WebhookPayloadError } from '../../src/webhooks/normalise.js';
import { newId } from './support.js';

const recordingId = newId();
const meetingId = newId();
const sessionId = newId();
const appId = newId();

function body(recording: Record<string, unknown>, meeting?: unknown): string {
  return JSON.stringify({
    event: 'recording.statusUpdate',
    recording: { id: recordingId, status: 'RECORDING', ...recording },
    ...(meeting === undefined ? {} : { meeting }),
  });
}

function parseRecording(raw: string) {
  const payload = parseWebhookPayload(raw);
  if (payload.kind !== 'recording.statusUpdate') throw new Error(`unexpected ${payload.kind}`);
  return payload.recording;
}

function refusal(raw: string): string {
  try {
    parseWebhookPayload(raw);
  } catch (error) {
    expect(error).toBeInstanceOf(WebhookPayloadError);
    return (error as Error).message;
  }
  throw new Error('expected a WebhookPayloadError');
}

describe('parseWebhookPayload', () => {
  it('builds a full domain recording from a RealtimeKit body', () => {
    const payload = parseWebhookPayload(
      body(
        {
          recordingId,
          status: 'UPLOADED',
          downloadUrl: 'https://files.example/r.mp4',
          audioDownloadUrl: 'https://files.example/r.mp3',
          downloadUrlExpiry: '2026-11-29 01:02:03.123456',
          startedTime: '2026-11-22 01:02:03.123456',
          stoppedTime: '2026-11-22T01:12:03.5Z',
          fileSize: '12345',
          outputFileName: 'r.mp4',
          meetingId,
          recordingDuration: '600',
          organizationId: appId,
          roomUUID: meetingId,
        },
        {
          id: meetingId,
          sessionId,
          title: 'Standup',
          roomName: 'abcdef-ghijkl',
          status: 'ACTIVE',
          createdAt: '2026-11-22 00:59:00',
          startedAt: '2026-11-22 01:00:00',
          endedAt: null,
          organizedBy: { id: appId, name: 'Org' },
        },
      ),
    );
    expect(payload).toEqual({
      kind: 'recording.statusUpdate',
      organizationId: appId,
      recording: {
        id: recordingId,
        status: 'UPLOADED',
        outputFileName: 'r.mp4',
        sessionId,
        meetingId,
        invokedTime: null,
        startedTime: '2026-11-22T01:02:03.123Z',
        stoppedTime: '2026-11-22T01:12:03.500Z',
        recordingDuration: 600,
        fileSize: 12345,
        downloadUrl: 'https://files.example/r.mp4',
        layerDownloads: [],
        audioDownloadUrl: 'https://files.example/r.mp3',
        downloadUrlExpiry: '2026-11-29T01:02:03.123Z',
        startReason: null,
        stopReason: null,
        storageConfig: null,
        meeting: {
          id: meetingId,
          title: 'Standup',
          status: 'ACTIVE',
          createdAt: '2026-11-22T00:59:00.000Z',
          updatedAt: null,
          recordOnStart: null,
          liveStreamOnStart: null,
          persistChat: null,
          summarizeOnEnd: null,
          transcribeOnEnd: null,
          sessionKeepAliveTimeInSecs: null,
          recordingConfig: null,
          roomName: 'abcdef-ghijkl',
          startedAt: '2026-11-22T01:00:00.000Z',
          endedAt: null,
          organizedBy: { id: appId, name: 'Org' },
        },
      },
    });
  });

  it('needs only id and status, leaving everything else null', () => {
    const recording = parseRecording(body({}));
    expect(recording.status).toBe('RECORDING');
    const { id, status, layerDownloads, ...rest } = recording;
    expect(layerDownloads).toEqual([]);
    expect(Object.values(rest).every((value) => value === null)).toBe(true);
  });

  it('takes the meeting id from the meeting when the recording lacks it', () => {
    const recording = parseRecording(body({}, { id: meetingId, status: 'LIVE' }));
    expect(recording.meetingId).toBe(meetingId);
    expect(recording.meeting?.status).toBeNull();
    expect(parseRecording(body({ meetingId }, { title: 'no id' })).meeting).toBeNull();
  });

  it('reads an organiser that is not an object, or is empty, as absent', () => {
    for (const organizedBy of ['Org', 42, [], {}, { id: null }]) {
      const recording = parseRecording(body({}, { id: meetingId, organizedBy }));
      expect(recording.meeting?.organizedBy).toBeNull();
    }
    const named = parseRecording(body({}, { id: meetingId, organizedBy: { name: 'Org' } }));
    expect(named.meeting?.organizedBy).toEqual({ id: null, name: 'Org' });
  });

  it('keeps the fraction of a recordingDuration', () => {
    expect(parseRecording(body({ recordingDuration: '12.5' })).recordingDuration).toBe(12.5);
    expect(parseRecording(body({ recordingDuration: 0.25 })).recordingDuration).toBe(0.25);
  });

  it('spells every id in lower case, however the payload spells it', () => {
    const recording = parseRecording(
      JSON.stringify({
        event: 'recording.statusUpdate',
        recording: {
          id: recordingId.toUpperCase(),
          status: 'RECORDING',
          meetingId: meetingId.toUpperCase(),
        },
        meeting: { id: meetingId.toUpperCase(), sessionId: sessionId.toUpperCase() },
      }),
    );
    expect(recording).toMatchObject({
      id: recordingId,
      meetingId,
      sessionId,
      meeting: { id: meetingId },
    });
  });

  it('reads track recordings whose downloadUrl is a list of layers, whatever the key spelling', () => {
    const recording = parseRecording(
      body({
        downloadUrl: [
          { layer_name: 'a', download_url: 'https://x/a', media_kind: 'audio', file_name: 'a.mp3' },
          { layerName: 'b', downloadUrl: 'https://x/b', mediaKind: 'audio', fileName: 'b.mp3' },
          { layer: 'c', url: 'https://x/c' },
          { name: 'd' },
        ],
      }),
    );
    expect(recording.downloadUrl).toBeNull();
    expect(recording.layerDownloads).toEqual([
      { layer: 'a', url: 'https://x/a', mediaKind: 'AUDIO', fileName: 'a.mp3' },
      { layer: 'b', url: 'https://x/b', mediaKind: 'AUDIO', fileName: 'b.mp3' },
      { layer: 'c', url: 'https://x/c', mediaKind: null, fileName: null },
      { layer: 'd', url: null, mediaKind: null, fileName: null },
    ]);
  });

  it('reads wrongly typed loose values as null', () => {
    const recording = parseRecording(
      body(
        {
          fileSize: true,
          recordingDuration: -5,
          startedTime: 1234567890,
          stoppedTime: 'yesterday',
          outputFileName: ['r.mp4'],
          audioDownloadUrl: { href: 'x' },
          organizationId: 42,
        },
        { id: meetingId, title: 123, createdAt: {}, status: null },
      ),
    );
    expect(recording).toMatchObject({
      fileSize: null,
      recordingDuration: null,
      startedTime: null,
      stoppedTime: null,
      outputFileName: null,
      audioDownloadUrl: null,
      meeting: { id: meetingId, title: null, createdAt: null, status: null },
    });
  });

  it('acknowledges other events by name', () => {
    expect(parseWebhookPayload('{"event":"meeting.started","meeting":{}}')).toEqual({
      kind: 'other',
      event: 'meeting.started',
    });
    expect(parseWebhookPayload('{"event":"something.new"}')).toEqual({
      kind: 'other',
      event: 'something.new',
    });
  });

  it.each([
    ['malformed JSON', '{"event":'],
    ['JSON null', 'null'],
    ['a JSON number', '1'],
    ['a JSON string', '"recording.statusUpdate"'],
    ['a JSON array', '[{"event":"recording.statusUpdate"}]'],
    ['a missing event', '{"recording":{}}'],
    ['an empty event', '{"event":""}'],
    ['a non-string event', '{"event":["recording.statusUpdate"]}'],
    ['an over-long event name', JSON.stringify({ event: 'e'.repeat(200) })],
    ['a missing recording', '{"event":"recording.statusUpdate"}'],
    ['a recording that is an array', '{"event":"recording.statusUpdate","recording":[]}'],
    [
      'a missing recording id',
      JSON.stringify({ event: 'recording.statusUpdate', recording: { status: 'RECORDING' } }),
    ],
    ['a non-UUID recording id', body({ id: 'rec-1' })],
    ['a numeric recording id', body({ id: 12 })],
    ['an over-long recording id', body({ id: `${recordingId}${'0'.repeat(40)}` })],
    ['an unknown status', body({ status: 'DELETED' })],
    ['a missing status', body({ status: undefined })],
    ['a numeric status', body({ status: 3 })],
    ['a non-UUID meeting id', body({ meetingId: 'm-1' })],
    ['a numeric meeting id', body({ meetingId: 7 })],
    ['a non-UUID meeting.id', body({}, { id: 'm-1' })],
    ['a non-UUID session id', body({}, { id: meetingId, sessionId: '../../etc' })],
    ['a meeting that is a string', body({}, 'meeting')],
    ['an over-long file name', body({ outputFileName: 'f'.repeat(5_000) })],
    ['an over-long URL', body({ downloadUrl: `https://x/${'u'.repeat(5_000)}` })],
    ['an over-long numeric string', body({ fileSize: '1'.repeat(1_000) })],
    ['an over-long timestamp', body({ startedTime: `2026-11-22 01:02:03.${'1'.repeat(500)}` })],
    ['too many layers', body({ downloadUrl: Array.from({ length: 65 }, () => ({ name: 'x' })) })],
    ['layers that are not objects', body({ downloadUrl: ['https://x/a'] })],
    ['a numeric downloadUrl', body({ downloadUrl: 5 })],
    ['an object downloadUrl', body({ downloadUrl: { a: { url: 'https://x' } } })],
  ])('refuses %s', (_label, raw) => {
    expect(refusal(raw).length).toBeGreaterThan(0);
  });

  it('names the field but never echoes the value in its message', () => {
    const marker = 'HOSTILE-MARKER';
    const message = refusal(
      body({ status: marker, outputFileName: `${marker}${'x'.repeat(2_000)}` }),
    );
    expect(message).toMatch(/^recording\./);
    expect(message).not.toContain(marker);
    expect(refusal(body({ id: marker }))).not.toContain(marker);
  });

  it('ignores prototype-pollution keys without polluting anything', () => {
    const raw = `{"event":"recording.statusUpdate","__proto__":{"polluted":true},
      "recording":{"id":"${recordingId}","status":"PAUSED","__proto__":{"status":"ERRORED"},
        "constructor":{"prototype":{"polluted":true}},
        "downloadUrl":[{"__proto__":{"url":"https://evil"},"name":"a"}]},
      "meeting":{"id":"${meetingId}","__proto__":{"title":"evil"}}}`;
    const recording = parseRecording(raw);
    expect(recording.status).toBe('PAUSED');
    expect(recording.layerDownloads).toEqual([
      { layer: 'a', url: null, mediaKind: null, fileName: null },
    ]);
    expect(recording.meeting?.title).toBeNull();
    expect(Object.getPrototypeOf(recording)).toBe(Object.prototype);
    expect(Object.keys(recording)).not.toContain('__proto__');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
