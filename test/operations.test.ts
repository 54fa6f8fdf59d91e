import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { GatewayApp } from '../src/app.js';
import type { RecordingStatus } from '../src/domain/model.js';
import type { Simulator } from '../src/simulator/index.js';
import {
  ActiveRecordingDocument,
  MeetingActiveRecordingsDocument,
  MeetingByIdDocument,
  PauseRecordingDocument,
  RecordingByIdDocument,
  RecordingsPageDocument,
  ResumeRecordingDocument,
  StartRecordingDocument,
  StartTrackRecordingDocument,
  StopRecordingDocument,
} from './__generated__/graphql.js';
import { waitForStatus } from './datasources/harness.js';
import { execute, noteSecret, startTestApp } from './support/gateway.js';

let app: GatewayApp;
let sim: Simulator;

beforeAll(async () => {
  noteSecret('AKIA-TEST-ACCESS-KEY', 'test-storage-secret-value');
  app = await startTestApp();
  if (!app.simulator) throw new Error('expected simulator mode');
  sim = app.simulator;
});
afterAll(() => app.close());
afterEach(() => sim.faults.clear());

/** Upstream calls made while `run` runs, as `METHOD path` strings. */
async function upstreamCalls(run: () => Promise<unknown>): Promise<string[]> {
  const before = sim.calls.length;
  await run();
  return sim.calls
    .slice(before)
    .map((call) => `${call.method} ${call.path.split('/').slice(0, 2).join('/')}`);
}

async function start(meetingId = randomUUID(), extra: Record<string, unknown> = {}) {
  const result = await execute(app, StartRecordingDocument, {
    input: { meetingId, ...extra },
  });
  const payload = result.data?.startRecording;
  if (payload?.__typename !== 'StartRecordingSuccess') {
    throw new Error(`start failed: ${JSON.stringify(result)}`);
  }
  return payload.recording;
}

/** Waits for the simulated lifecycle (scaled 100× faster) to reach `status`. */
const reach = (id: string, status: RecordingStatus) => waitForStatus(app.realtimeKit, id, status);

describe('startRecording', () => {
  it('starts a recording and returns it without storage secrets', async () => {
    const meetingId = randomUUID();
    const result = await execute(app, StartRecordingDocument, {
      input: {
        meetingId,
        maxSeconds: 600,
        fileNamePrefix: 'standup',
        audioConfig: { channel: 'MONO', codec: 'MP3', exportFile: true },
        videoConfig: {
          codec: 'VP8',
          width: 1920,
          height: 1080,
          watermark: {
            url: 'https://example.com/logo.png',
            position: 'RIGHT_BOTTOM',
            size: { width: 64, height: 64 },
          },
        },
        storageConfig: {
          type: 'AWS',
          bucket: 'recordings',
          region: 'eu-west-1',
          accessKey: 'AKIA-TEST-ACCESS-KEY',
          secret: 'test-storage-secret-value',
        },
      },
    });
    expect(result.errors).toBeUndefined();
    const payload = result.data?.startRecording;
    expect(payload?.__typename).toBe('StartRecordingSuccess');
    if (payload?.__typename !== 'StartRecordingSuccess') return;
    expect(payload.recording).toMatchObject({
      status: 'INVOKED',
      meetingId,
      startReason: { reason: 'API_CALL', caller: { type: 'ORGANIZATION' } },
      storageConfig: { type: 'AWS', bucket: 'recordings', region: 'eu-west-1' },
    });
    expect(JSON.stringify(result)).not.toMatch(/AKIA-TEST-ACCESS-KEY|test-storage-secret-value/);
    const sent = sim.calls.at(-1);
    expect(sent).toMatchObject({
      method: 'POST',
      path: '/recordings',
      body: {
        meeting_id: meetingId,
        max_seconds: 600,
        audio_config: { channel: 'mono', codec: 'MP3', export_file: true },
        video_config: { codec: 'VP8', watermark: { position: 'right bottom' } },
        storage_config: { type: 'aws', access_key: 'AKIA-TEST-ACCESS-KEY' },
      },
    });
  });

  it.each([
    [{ maxSeconds: 59 }, 'input.maxSeconds'],
    [{ maxSeconds: 86_401 }, 'input.maxSeconds'],
    [{ videoConfig: { width: 0 } }, 'input.videoConfig.width'],
    [{ videoConfig: { height: 1921 } }, 'input.videoConfig.height'],
    [
      { videoConfig: { watermark: { size: { width: 0 } } } },
      'input.videoConfig.watermark.size.width',
    ],
    [{ storageConfig: { type: 'SFTP', username: 'u' } }, 'input.storageConfig.host'],
  ])('refuses %j as VALIDATION naming %s, without calling upstream', async (extra, field) => {
    const calls = await upstreamCalls(async () => {
      const result = await execute(app, StartRecordingDocument, {
        input: { meetingId: randomUUID(), ...extra } as never,
      });
      expect(result.data?.startRecording).toMatchObject({
        __typename: 'ValidationError',
        code: 'VALIDATION',
        field,
      });
    });
    expect(calls).toEqual([]);
  });

  it('refuses a malformed meeting id before any upstream call', async () => {
    const calls = await upstreamCalls(async () => {
      const result = await execute(app, StartRecordingDocument, {
        input: { meetingId: "'; DROP TABLE recordings; --" },
      });
      expect(result.data?.startRecording).toMatchObject({
        code: 'VALIDATION',
        field: 'input.meetingId',
      });
    });
    expect(calls).toEqual([]);
  });

  it('answers CONFLICT when the meeting is already recording', async () => {
    const meetingId = randomUUID();
    await start(meetingId);
    const result = await execute(app, StartRecordingDocument, { input: { meetingId } });
    expect(result.data?.startRecording).toMatchObject({
      __typename: 'ConflictError',
      code: 'CONFLICT',
    });
    const again = await execute(app, StartRecordingDocument, {
      input: { meetingId, allowMultipleRecordings: true },
    });
    expect(again.data?.startRecording.__typename).toBe('StartRecordingSuccess');
  });

  it.each([
    [429, 'RateLimitedError', 'RATE_LIMITED'],
    [500, 'UpstreamError', 'UPSTREAM'],
    [404, 'NotFoundError', 'NOT_FOUND'],
    [401, 'UpstreamError', 'UPSTREAM'],
  ])('maps an upstream %i to %s and never retries a start', async (status, typename, code) => {
    sim.faults.rest({
      method: 'POST',
      path: '/recordings',
      status,
      headers: { 'retry-after': '30' },
    });
    const calls = await upstreamCalls(async () => {
      const result = await execute(app, StartRecordingDocument, {
        input: { meetingId: randomUUID() },
      });
      expect(result.data?.startRecording).toMatchObject({ __typename: typename, code });
      if (status === 429) {
        expect(result.data?.startRecording).toMatchObject({ retryAfterSeconds: 30 });
      }
    });
    expect(calls).toEqual(['POST /recordings']);
  });
});

describe('startTrackRecording', () => {
  it('starts a track recording with layers', async () => {
    const meetingId = randomUUID();
    const result = await execute(app, StartTrackRecordingDocument, {
      input: {
        meetingId,
        layers: [{ name: 'default', fileNamePrefix: 'voices', mediaKind: 'AUDIO' }],
        userIds: ['user-1'],
      },
    });
    expect(result.data?.startTrackRecording).toMatchObject({
      __typename: 'StartTrackRecordingSuccess',
      recording: { status: 'INVOKED' },
    });
    expect(sim.calls.at(-1)).toMatchObject({
      method: 'POST',
      path: '/recordings/track',
      body: {
        meeting_id: meetingId,
        layers: { default: { file_name_prefix: 'voices', media_kind: 'audio' } },
        user_ids: ['user-1'],
      },
    });
  });

  it('sends 200 layers: RealtimeKit states no limit, the request body limit bounds them', async () => {
    const layers = Array.from({ length: 200 }, (_, i) => ({ name: `layer-${i}` }));
    const result = await execute(app, StartTrackRecordingDocument, {
      input: { meetingId: randomUUID(), layers },
    });
    expect(result.data?.startTrackRecording.__typename).toBe('StartTrackRecordingSuccess');
    const sent = sim.calls.at(-1)?.body as { layers: Record<string, unknown> };
    expect(Object.keys(sent.layers)).toHaveLength(200);
  });

  it('refuses duplicate layer names as VALIDATION', async () => {
    const calls = await upstreamCalls(async () => {
      const result = await execute(app, StartTrackRecordingDocument, {
        input: { meetingId: randomUUID(), layers: [{ name: 'a' }, { name: 'a' }] },
      });
      expect(result.data?.startTrackRecording).toMatchObject({
        code: 'VALIDATION',
        field: 'input.layers[1].name',
      });
    });
    expect(calls).toEqual([]);
  });
});

describe('pause, resume and stop', () => {
  it('moves a recording through its lifecycle', async () => {
    const recording = await start();
    await reach(recording.id, 'RECORDING');
    const paused = await execute(app, PauseRecordingDocument, { id: recording.id });
    expect(paused.data?.pauseRecording).toMatchObject({ recording: { status: 'PAUSED' } });
    const resumed = await execute(app, ResumeRecordingDocument, { id: recording.id });
    expect(resumed.data?.resumeRecording).toMatchObject({ recording: { status: 'RECORDING' } });
    const stopped = await execute(app, StopRecordingDocument, { id: recording.id });
    expect(stopped.data?.stopRecording).toMatchObject({ recording: { status: 'UPLOADING' } });
  });

  it('answers CONFLICT for a wrong-state transition', async () => {
    const recording = await start();
    await reach(recording.id, 'RECORDING');
    const resumed = await execute(app, ResumeRecordingDocument, { id: recording.id });
    expect(resumed.data?.resumeRecording).toMatchObject({ __typename: 'ConflictError' });
  });

  it('answers NOT_FOUND for an unknown recording and VALIDATION for a malformed id', async () => {
    const missing = await execute(app, StopRecordingDocument, { id: randomUUID() });
    expect(missing.data?.stopRecording).toMatchObject({
      __typename: 'NotFoundError',
      code: 'NOT_FOUND',
    });
    const calls = await upstreamCalls(async () => {
      const malformed = await execute(app, PauseRecordingDocument, { id: 'x'.repeat(10_000) });
      expect(malformed.data?.pauseRecording).toMatchObject({ code: 'VALIDATION', field: 'id' });
    });
    expect(calls).toEqual([]);
  });

  it.each([
    ['pauseRecording', 400, 'Recording is not in RECORDING state', PauseRecordingDocument],
    ['resumeRecording', 422, 'Recording is already recording', ResumeRecordingDocument],
    ['stopRecording', 400, 'Recording cannot be stopped', StopRecordingDocument],
  ] as const)(
    '%s: an upstream %i naming a wrong state is CONFLICT, not VALIDATION',
    async (field, status, message, document) => {
      sim.faults.rest({
        method: 'PUT',
        path: /^\/recordings\//,
        status,
        body: { success: false, error: { code: status, message } },
      });
      const result = await execute(app, document as typeof PauseRecordingDocument, {
        id: randomUUID(),
      });
      expect((result.data as Record<string, unknown>)[field]).toEqual({
        __typename: 'ConflictError',
        code: 'CONFLICT',
        message,
      });
    },
  );

  it('maps any other upstream 400/422 to UPSTREAM with a safe message', async () => {
    for (const status of [400, 422]) {
      sim.faults.rest({
        method: 'PUT',
        path: /^\/recordings\//,
        status,
        body: { success: false, error: { code: status, message: 'Payload\u0000rejected' } },
      });
      const result = await execute(app, PauseRecordingDocument, { id: randomUUID() });
      expect(result.data?.pauseRecording).toEqual({
        __typename: 'UpstreamError',
        code: 'UPSTREAM',
        message: 'RealtimeKit refused the request: Payload rejected',
      });
    }
    sim.faults.rest({ method: 'POST', path: '/recordings', status: 400 });
    const start = await execute(app, StartRecordingDocument, {
      input: { meetingId: randomUUID() },
    });
    expect(start.data?.startRecording).toMatchObject({ __typename: 'UpstreamError' });
    sim.faults.rest({ method: 'GET', path: '/recordings', status: 422 });
    const list = await execute(app, RecordingsPageDocument, { first: 1 });
    expect(list.errors?.[0]?.extensions).toEqual({ code: 'UPSTREAM' });
  });

  it('never retries a pause', async () => {
    sim.faults.rest({ method: 'PUT', path: /^\/recordings\//, status: 503 });
    const calls = await upstreamCalls(async () => {
      const result = await execute(app, PauseRecordingDocument, { id: randomUUID() });
      expect(result.data?.pauseRecording).toMatchObject({ code: 'UPSTREAM' });
    });
    expect(calls).toEqual(['PUT /recordings']);
  });
});

describe('queries', () => {
  it('reads a recording by id with its meeting, and null for an unknown id', async () => {
    const meetingId = randomUUID();
    const recording = await start(meetingId);
    const found = await execute(app, RecordingByIdDocument, { id: recording.id });
    expect(found.data?.recording).toMatchObject({
      id: recording.id,
      meetingId,
      meeting: { id: meetingId, title: expect.any(String) },
    });
    const missing = await execute(app, RecordingByIdDocument, { id: randomUUID() });
    expect(missing).toEqual({ data: { recording: null } });
  });

  it('refuses a malformed id with extensions.code VALIDATION', async () => {
    const result = await execute(app, RecordingByIdDocument, { id: 'not-a-uuid' });
    expect(result.data?.recording).toBeNull();
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'VALIDATION', field: 'id' });
  });

  it('reads the active recording, and null when nothing is active', async () => {
    const meetingId = randomUUID();
    const none = await execute(app, ActiveRecordingDocument, { meetingId });
    expect(none).toEqual({ data: { activeRecording: null } });
    const recording = await start(meetingId);
    const active = await execute(app, ActiveRecordingDocument, { meetingId });
    expect(active.data?.activeRecording?.id).toBe(recording.id);
  });

  it('reads a meeting with its recordings and active recording', async () => {
    const meetingId = randomUUID();
    const recording = await start(meetingId);
    const result = await execute(app, MeetingByIdDocument, { id: meetingId, first: 5 });
    expect(result.data?.meeting).toMatchObject({
      id: meetingId,
      status: 'ACTIVE',
      activeRecording: { id: recording.id },
      recordings: { totalCount: 1, edges: [{ node: { id: recording.id } }] },
    });
  });

  it('lists every active recording of a meeting with one list call', async () => {
    const meetingId = randomUUID();
    const first = await start(meetingId);
    const second = await start(meetingId, { allowMultipleRecordings: true });
    const other = await start(randomUUID());
    await reach(second.id, 'RECORDING');
    const before = sim.calls.length;
    const result = await execute(app, MeetingActiveRecordingsDocument, { id: meetingId });
    expect(result.errors).toBeUndefined();
    const active = result.data?.meeting?.activeRecordings ?? [];
    expect(active.map((recording) => recording.id).sort()).toEqual([first.id, second.id].sort());
    expect(active.map((recording) => recording.id)).not.toContain(other.id);
    for (const recording of active) {
      expect(recording).toMatchObject({ meetingId, meeting: { id: meetingId } });
    }
    const calls = sim.calls.slice(before);
    expect(calls.map((call) => `${call.method} ${call.path.split('/')[1]}`)).toEqual([
      'GET meetings',
      'GET recordings',
    ]);
    expect(calls[1]?.query).toMatchObject({
      meeting_id: meetingId,
      status: ['INVOKED', 'RECORDING', 'PAUSED'],
      per_page: '100',
    });
    await execute(app, StopRecordingDocument, { id: first.id });
    const after = await execute(app, MeetingActiveRecordingsDocument, { id: meetingId });
    expect(after.data?.meeting?.activeRecordings.map((recording) => recording.id)).toEqual([
      second.id,
    ]);
    const none = await execute(app, MeetingActiveRecordingsDocument, { id: randomUUID() });
    expect(none.data?.meeting?.activeRecordings).toEqual([]);
  });

  it.each([
    [429, 'RATE_LIMITED', { 'retry-after': '120' }],
    [500, 'UPSTREAM', {}],
    [502, 'UPSTREAM', {}],
  ])('maps a persistent upstream %i on a read to %s', async (status, code, headers) => {
    sim.faults.rest({ method: 'GET', path: /^\/recordings\//, status, headers, times: 10 });
    const result = await execute(app, RecordingByIdDocument, { id: randomUUID() });
    expect(result.errors?.[0]?.extensions).toMatchObject({ code });
    expect(JSON.stringify(result)).not.toContain(app.upstream.apiToken);
  });

  it('maps an upstream that does not answer in time to UPSTREAM', async () => {
    sim.faults.rest({ method: 'GET', path: /^\/recordings\//, delayMs: 3_000, times: 3 });
    const result = await execute(app, RecordingByIdDocument, { id: randomUUID() });
    expect(result.errors?.[0]).toMatchObject({
      message: 'RealtimeKit did not answer in time',
      extensions: { code: 'UPSTREAM' },
    });
  }, 15_000);
});

describe('recordings connection', () => {
  const meetings = [randomUUID(), randomUUID(), randomUUID()];
  const search = randomUUID();

  beforeAll(async () => {
    for (let i = 0; i < 50; i += 1) {
      await start(meetings[i % 3], { allowMultipleRecordings: true, fileNamePrefix: search });
    }
  });

  it('costs one list call and no meeting call for a page of 50 with their meetings', async () => {
    let edges = 0;
    const calls = await upstreamCalls(async () => {
      const result = await execute(app, RecordingsPageDocument, {
        filter: { search: meetings[0] },
        first: 50,
      });
      expect(result.errors).toBeUndefined();
      edges = result.data?.recordings.edges.length ?? 0;
      for (const edge of result.data?.recordings.edges ?? []) {
        expect(edge.node.meeting?.id).toBe(edge.node.meetingId);
      }
    });
    expect(edges).toBe(17);
    expect(calls).toEqual(['GET /recordings']);
  });

  it('sends a long search upstream in one call (RealtimeKit states no limit of its own)', async () => {
    // Within what the simulator's HTTP server reads (16 KB of request line and headers).
    const search = 's'.repeat(12_000);
    const calls = await upstreamCalls(async () => {
      const result = await execute(app, RecordingsPageDocument, { filter: { search }, first: 1 });
      expect(result.data?.recordings.totalCount).toBe(0);
    });
    expect(calls).toEqual(['GET /recordings']);
    expect(sim.calls.at(-1)?.query.search).toBe(search);
  });

  it('pages with cursors that agree with one big page', async () => {
    const whole = await execute(app, RecordingsPageDocument, {
      filter: { meetingId: meetings[1] },
      first: 100,
    });
    const ids = whole.data?.recordings.edges.map((edge) => edge.node.id) ?? [];
    expect(ids).toHaveLength(17);
    const seen: string[] = [];
    let after: string | null | undefined;
    for (;;) {
      const page = await execute(app, RecordingsPageDocument, {
        filter: { meetingId: meetings[1] },
        first: 5,
        after,
      });
      const connection = page.data?.recordings;
      expect(connection?.totalCount).toBe(17);
      seen.push(...(connection?.edges.map((edge) => edge.node.id) ?? []));
      if (!connection?.pageInfo.hasNextPage) break;
      after = connection.pageInfo.endCursor;
    }
    expect(seen).toEqual(ids);
  });

  it('sorts ascending on request and filters by status', async () => {
    const asc = await execute(app, RecordingsPageDocument, {
      filter: { meetingId: meetings[2], status: ['INVOKED', 'RECORDING'] },
      orderBy: { field: 'INVOKED_TIME', direction: 'ASC' },
      first: 100,
    });
    const times = asc.data?.recordings.edges.map((edge) => edge.node.invokedTime ?? '') ?? [];
    expect(times.length).toBeGreaterThan(0);
    expect([...times].sort()).toEqual(times);
  });

  it.each([
    [{ first: 101 }, 'first'],
    [{ first: -1 }, 'first'],
    [{ after: 'garbage' }, 'after'],
    [{ filter: { meetingId: 'nope' } }, 'filter.meetingId'],
    [{ filter: { search: 's'.repeat(30_001) } }, 'filter.search'],
  ])('refuses %j with VALIDATION on %s', async (variables, field) => {
    const calls = await upstreamCalls(async () => {
      const result = await execute(app, RecordingsPageDocument, variables as never);
      expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'VALIDATION', field });
    });
    expect(calls).toEqual([]);
  });
});

describe('idempotent starts', () => {
  it('starts once for parallel requests with the same idempotency key', async () => {
    const input = { meetingId: randomUUID(), idempotencyKey: `key-${randomUUID()}` };
    const before = sim.calls.length;
    const results = await Promise.all(
      Array.from({ length: 6 }, () => execute(app, StartRecordingDocument, { input })),
    );
    const ids = results.map((result) => {
      const payload = result.data?.startRecording;
      return payload?.__typename === 'StartRecordingSuccess' ? payload.recording.id : payload;
    });
    expect(new Set(ids).size).toBe(1);
    const posts = sim.calls.slice(before).filter((call) => call.method === 'POST');
    expect(posts).toHaveLength(1);
    expect(posts[0]?.body).not.toHaveProperty('idempotency_key');
    const again = await execute(app, StartRecordingDocument, { input });
    expect(again.data?.startRecording).toMatchObject({ recording: { id: ids[0] } });
    expect(sim.calls.slice(before).filter((call) => call.method === 'POST')).toHaveLength(1);
  });

  it('refuses a key reused for another request as VALIDATION', async () => {
    const idempotencyKey = `key-${randomUUID()}`;
    await execute(app, StartRecordingDocument, {
      input: { meetingId: randomUUID(), idempotencyKey },
    });
    const reused = await execute(app, StartRecordingDocument, {
      input: { meetingId: randomUUID(), idempotencyKey },
    });
    expect(reused.data?.startRecording).toMatchObject({
      code: 'VALIDATION',
      field: 'input.idempotencyKey',
    });
  });
});
