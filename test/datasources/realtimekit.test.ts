import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  ConflictError,
  RateLimitedError,
  UpstreamError,
  ValidationError,
} from '../../src/errors.js';
import { type Simulator, startSimulator } from '../../src/simulator/index.js';
import {
  API_TOKEN,
  callsSince,
  createHarness,
  freshMeetingId,
  type Harness,
  waitForStatus,
} from './harness.js';

/** Every datasource method through the real `cloudflare` SDK against the embedded simulator. */

let simulator: Simulator;
let h: Harness;

beforeAll(async () => {
  simulator = await startSimulator({ timeScale: 0.01, port: 0 });
});
afterAll(async () => {
  await simulator.stop();
});
beforeEach(() => {
  simulator.faults.clear();
  h = createHarness(simulator);
});

describe('each method succeeds', () => {
  it('starts a recording with a snake_case body and returns it mapped', async () => {
    const meetingId = freshMeetingId();
    const before = simulator.calls.length;
    const recording = await h.source.startRecording({
      meetingId,
      maxSeconds: 120,
      fileNamePrefix: 'standup',
      audioConfig: { channel: 'MONO', codec: 'MP3' },
      videoConfig: { width: 640, height: 360, watermark: { position: 'RIGHT_BOTTOM' } },
    });
    expect(recording).toMatchObject({ status: 'INVOKED', meetingId });
    expect(recording.outputFileName).toMatch(/^standup_/);
    expect(recording.startReason?.reason).toBe('API_CALL');
    const call = simulator.calls[before];
    expect(callsSince(simulator, before)).toEqual(['POST /recordings']);
    expect(call?.body).toEqual({
      meeting_id: meetingId,
      max_seconds: 120,
      file_name_prefix: 'standup',
      audio_config: { channel: 'mono', codec: 'MP3' },
      video_config: { width: 640, height: 360, watermark: { position: 'right bottom' } },
    });
  });

  it('gets a recording by id, and null for an unknown one', async () => {
    const started = await h.source.startRecording({ meetingId: freshMeetingId() });
    const before = simulator.calls.length;
    expect((await h.source.getRecording(started.id))?.id).toBe(started.id);
    expect(await h.source.getRecording('00000000-0000-4000-8000-000000000000')).toBeNull();
    expect(callsSince(simulator, before)).toEqual([
      `GET /recordings/${started.id}`,
      'GET /recordings/00000000-0000-4000-8000-000000000000',
    ]);
  });

  it('gets the active recording of a meeting, and null when nothing runs', async () => {
    const meetingId = freshMeetingId();
    expect(await h.source.getActiveRecording(meetingId)).toBeNull();
    const started = await h.source.startRecording({ meetingId });
    const active = await h.source.getActiveRecording(meetingId);
    expect(active).toMatchObject({ id: started.id, meetingId });
  });

  it('lists recordings with the query upstream expects and embedded meetings', async () => {
    const meetingId = freshMeetingId();
    const first = await h.source.startRecording({ meetingId, allowMultipleRecordings: true });
    const second = await h.source.startRecording({ meetingId, allowMultipleRecordings: true });
    const before = simulator.calls.length;
    const page = await h.source.listRecordings({
      meetingId,
      pageNo: 1,
      perPage: 10,
      sortOrder: 'ASC',
    });
    expect(page.totalCount).toBe(2);
    expect(page.recordings.map((r) => r.id)).toEqual([first.id, second.id]);
    expect(page.recordings[0]?.meeting).toMatchObject({ id: meetingId, status: 'ACTIVE' });
    expect(simulator.calls[before]?.query).toEqual({
      meeting_id: meetingId,
      page_no: '1',
      per_page: '10',
      sort_by: 'invokedTime',
      sort_order: 'ASC',
    });
  });

  it('sends a status filter as a repeated key', async () => {
    const meetingId = freshMeetingId();
    await h.source.startRecording({ meetingId });
    const before = simulator.calls.length;
    const page = await h.source.listRecordings({
      meetingId,
      status: ['RECORDING', 'PAUSED'],
      pageNo: 1,
      perPage: 10,
    });
    expect(simulator.calls[before]?.query.status).toEqual(['RECORDING', 'PAUSED']);
    expect(page.recordings.every((r) => ['RECORDING', 'PAUSED'].includes(r.status))).toBe(true);
  });

  it('starts a track recording from a layer list', async () => {
    const meetingId = freshMeetingId();
    const before = simulator.calls.length;
    const recording = await h.source.startTrackRecording({
      meetingId,
      layers: [{ name: 'host', fileNamePrefix: 'host', mediaKind: 'AUDIO' }],
      userIds: ['user-1'],
    });
    expect(recording).toMatchObject({ status: 'INVOKED', meetingId });
    expect(simulator.calls[before]?.body).toEqual({
      meeting_id: meetingId,
      layers: { host: { file_name_prefix: 'host', media_kind: 'audio' } },
      user_ids: ['user-1'],
    });
  });

  it('pauses, resumes and stops; a wrong-state action is a conflict', async () => {
    const started = await h.source.startRecording({ meetingId: freshMeetingId() });
    await expect(h.source.actOnRecording(started.id, 'resume')).rejects.toBeInstanceOf(
      ConflictError,
    );
    await waitForStatus(h.source, started.id, 'RECORDING');
    expect((await h.source.actOnRecording(started.id, 'pause')).status).toBe('PAUSED');
    expect((await h.source.actOnRecording(started.id, 'resume')).status).toBe('RECORDING');
    const stopped = await h.source.actOnRecording(started.id, 'stop');
    expect(['UPLOADING', 'UPLOADED']).toContain(stopped.status);
    expect(stopped.stopReason?.reason).toBe('API_CALL');
  });

  it('gets a meeting and the meeting of a session', async () => {
    const meetingId = freshMeetingId();
    const meeting = await h.source.getMeeting(meetingId);
    expect(meeting).toMatchObject({ id: meetingId, status: 'ACTIVE' });
    expect(meeting?.createdAt).not.toBeNull();
    const recording = await h.source.startRecording({ meetingId });
    expect(recording.sessionId).not.toBeNull();
    expect(await h.source.getSessionMeetingId(recording.sessionId ?? '')).toBe(meetingId);
    expect(await h.source.getSessionMeetingId('00000000-0000-4000-8000-000000000000')).toBeNull();
  });

  it('pings with a one-item list', async () => {
    const before = simulator.calls.length;
    await expect(h.source.ping()).resolves.toBeUndefined();
    expect(simulator.calls[before]?.query).toEqual({ page_no: '1', per_page: '1' });
  });

  it('logs each call at debug with op, route, status and duration, never the token or secrets', async () => {
    await h.source.startRecording({
      meetingId: freshMeetingId(),
      storageConfig: {
        type: 'AWS',
        bucket: 'b',
        accessKey: 'AKIA-LOGGED?',
        secret: 'SECRET-LOGGED?',
      },
    });
    const lines = h.logs.map((line) => JSON.parse(line));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      level: 20,
      op: 'startRecording',
      route: 'POST /recordings',
      status: 200,
      attempt: 1,
    });
    expect(typeof lines[0].durationMs).toBe('number');
    const all = h.logs.join('\n');
    for (const secret of [API_TOKEN, 'AKIA-LOGGED?', 'SECRET-LOGGED?'])
      expect(all).not.toContain(secret);
  });
});

describe('upstream failures', () => {
  it('404 on a write is NOT_FOUND; 409 on a start is CONFLICT and sent once', async () => {
    const missing = '00000000-0000-4000-8000-000000000001';
    await expect(h.source.actOnRecording(missing, 'stop')).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    const meetingId = freshMeetingId();
    await h.source.startRecording({ meetingId });
    const before = simulator.calls.length;
    const error = await h.source.startRecording({ meetingId }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConflictError);
    expect((error as ConflictError).message).toBe('Meeting already has an active recording');
    expect(callsSince(simulator, before)).toEqual(['POST /recordings']);
  });

  it('a 429 under the cap is waited for and retried', async () => {
    const started = await h.source.startRecording({ meetingId: freshMeetingId() });
    simulator.faults.rest({
      method: 'GET',
      path: `/recordings/${started.id}`,
      status: 429,
      headers: { 'retry-after': '1' },
    });
    const before = simulator.calls.length;
    expect((await h.source.getRecording(started.id))?.id).toBe(started.id);
    expect(simulator.calls.slice(before).map((c) => c.status)).toEqual([429, 200]);
    expect(h.sleeps).toEqual([1000]);
  });

  it('a 429 over the cap fails at once as RATE_LIMITED with upstream retry-after', async () => {
    const started = await h.source.startRecording({ meetingId: freshMeetingId() });
    simulator.faults.rest({
      path: `/recordings/${started.id}`,
      status: 429,
      headers: { 'retry-after': '30' },
      times: 3,
    });
    const before = simulator.calls.length;
    const error = await h.source.getRecording(started.id).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimitedError);
    expect(error).toMatchObject({ code: 'RATE_LIMITED', retryAfterSeconds: 30 });
    expect(simulator.calls.length - before).toBe(1);
    expect(h.sleeps).toEqual([]);
  });

  it('a 429 on a start is not retried even under the cap', async () => {
    simulator.faults.rest({
      method: 'POST',
      path: '/recordings',
      status: 429,
      headers: { 'retry-after': '1' },
    });
    const before = simulator.calls.length;
    const error = await h.source
      .startRecording({ meetingId: freshMeetingId() })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'RATE_LIMITED', retryAfterSeconds: 1 });
    expect(callsSince(simulator, before)).toEqual(['POST /recordings']);
  });

  it('a 500 on a read is retried with backoff, at most twice', async () => {
    const started = await h.source.startRecording({ meetingId: freshMeetingId() });
    const path = `/recordings/${started.id}`;
    simulator.faults.rest({ path, status: 500 });
    let before = simulator.calls.length;
    expect((await h.source.getRecording(started.id))?.id).toBe(started.id);
    expect(simulator.calls.slice(before).map((c) => c.status)).toEqual([500, 200]);

    simulator.faults.rest({ path, status: 503, times: 5 });
    before = simulator.calls.length;
    const error = await h.source.getRecording(started.id).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UpstreamError);
    expect(error).toMatchObject({ code: 'UPSTREAM', upstreamStatus: 503 });
    expect(simulator.calls.slice(before).map((c) => c.status)).toEqual([503, 503, 503]);
    expect(h.sleeps).toEqual([200, 200, 400]);
  });

  it('a 500 on a write is not retried', async () => {
    for (const [send, method, path] of [
      [() => h.source.startRecording({ meetingId: freshMeetingId() }), 'POST', '/recordings'],
      [
        () => h.source.startTrackRecording({ meetingId: freshMeetingId() }),
        'POST',
        '/recordings/track',
      ],
    ] as const) {
      simulator.faults.rest({ method, path, status: 500 });
      const before = simulator.calls.length;
      await expect(send()).rejects.toMatchObject({ code: 'UPSTREAM', upstreamStatus: 500 });
      expect(callsSince(simulator, before)).toEqual([`${method} ${path}`]);
    }
    const started = await h.source.startRecording({ meetingId: freshMeetingId() });
    simulator.faults.rest({ method: 'PUT', status: 502 });
    const before = simulator.calls.length;
    await expect(h.source.actOnRecording(started.id, 'stop')).rejects.toMatchObject({
      upstreamStatus: 502,
    });
    expect(callsSince(simulator, before)).toEqual([`PUT /recordings/${started.id}`]);
    expect(h.sleeps).toEqual([]);
  });

  it('a slow upstream times out: reads try three times, writes once', async () => {
    const slow = createHarness(simulator, { timeoutMs: 150 });
    simulator.faults.rest({ method: 'GET', path: '/recordings', delayMs: 600, times: 3 });
    let before = simulator.calls.length;
    const error = await slow.source
      .listRecordings({ pageNo: 1, perPage: 5 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UpstreamError);
    expect((error as Error).message).toBe('RealtimeKit did not answer in time');
    expect(callsSince(simulator, before)).toEqual([
      'GET /recordings',
      'GET /recordings',
      'GET /recordings',
    ]);

    simulator.faults.rest({ method: 'POST', path: '/recordings', delayMs: 600 });
    before = simulator.calls.length;
    await expect(slow.source.startRecording({ meetingId: freshMeetingId() })).rejects.toThrow(
      'RealtimeKit did not answer in time',
    );
    expect(callsSince(simulator, before)).toEqual(['POST /recordings']);
  });

  it('an unreachable upstream is retried twice, then UPSTREAM', async () => {
    const gone = await startSimulator({ port: 0 });
    await gone.stop();
    const dead = createHarness(gone);
    const error = await dead.source.getMeeting(freshMeetingId()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UpstreamError);
    expect((error as Error).message).toBe('RealtimeKit is unreachable');
    expect(dead.sleeps).toEqual([200, 400]);
    await expect(dead.source.startRecording({ meetingId: freshMeetingId() })).rejects.toThrow(
      'RealtimeKit is unreachable',
    );
    expect(dead.sleeps).toEqual([200, 400]);
  });

  it('a 401 is an UPSTREAM credentials error; a readiness ping fails as UPSTREAM', async () => {
    simulator.faults.rest({
      method: 'GET',
      path: '/recordings',
      status: 401,
      body: { message: 'Unauthorized' },
    });
    await expect(h.source.ping()).rejects.toMatchObject({
      code: 'UPSTREAM',
      message: "RealtimeKit rejected the gateway's credentials",
      upstreamStatus: 401,
    });
    simulator.faults.rest({
      method: 'GET',
      path: '/recordings',
      status: 429,
      headers: { 'retry-after': '99' },
    });
    const error = await h.source.ping().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UpstreamError);
    expect((error as Error).message).toMatch(/^RealtimeKit is not ready/);
  });

  it('a malformed 200 body is UPSTREAM and never echoed', async () => {
    const started = await h.source.startRecording({ meetingId: freshMeetingId() });
    const bodies = [
      { success: true, data: { id: started.id, status: 'SOMETHING_NEW' } },
      { success: true },
      '<html><body>secret internal page</body></html>',
      { success: true, data: [1, 2, 3] },
    ];
    const html = Buffer.from('<html><body>secret internal page</body></html>');
    const faults = [
      ...bodies.map((body) => ({ body })),
      { body: html, headers: { 'content-type': 'text/html' } },
      // Labelled JSON but not JSON: the SDK's parse fails with a bare SyntaxError.
      { body: html, headers: { 'content-type': 'application/json' } },
    ];
    for (const fault of faults) {
      simulator.faults.rest({
        method: 'GET',
        path: `/recordings/${started.id}`,
        status: 200,
        ...fault,
      });
      const error = await h.source.getRecording(started.id).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(UpstreamError);
      expect((error as Error).message).toBe('RealtimeKit returned an unexpected response');
    }
  });

  it('an HTML error page is mapped by status without quoting it', async () => {
    const html = Buffer.from('<html><body>nginx secret internal page</body></html>');
    simulator.faults.rest({
      method: 'GET',
      status: 404,
      body: html,
      headers: { 'content-type': 'text/html' },
    });
    expect(await h.source.getMeeting(freshMeetingId())).toBeNull();
    simulator.faults.rest({
      method: 'POST',
      status: 409,
      body: html,
      headers: { 'content-type': 'text/html' },
    });
    const error = await h.source
      .startRecording({ meetingId: freshMeetingId() })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConflictError);
    expect((error as Error).message).not.toContain('nginx');
  });
});

describe('validation before any call', () => {
  it('refuses bad arguments of every method with zero upstream calls', async () => {
    const before = simulator.calls.length;
    const attempts: Array<[Promise<unknown>, string]> = [
      [h.source.listRecordings({ pageNo: 1, perPage: 500 }), 'first'],
      [h.source.getRecording('nope'), 'id'],
      [h.source.getActiveRecording('nope'), 'meetingId'],
      [h.source.startRecording({ meetingId: freshMeetingId(), maxSeconds: 5 }), 'input.maxSeconds'],
      [
        h.source.startTrackRecording({ meetingId: freshMeetingId(), layers: [{ name: '' }] }),
        'input.layers[0].name',
      ],
      [h.source.actOnRecording('nope', 'stop'), 'id'],
      [h.source.actOnRecording(freshMeetingId(), 'rewind' as never), 'action'],
      [h.source.getMeeting('nope'), 'id'],
      [h.source.getSessionMeetingId('nope'), 'sessionId'],
    ];
    for (const [attempt, field] of attempts) {
      const error = await attempt.catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).field).toBe(field);
    }
    expect(simulator.calls.length).toBe(before);
  });
});

describe('in-flight sharing', () => {
  it('two concurrent identical reads make one call; a later read makes another', async () => {
    const started = await h.source.startRecording({ meetingId: freshMeetingId() });
    simulator.faults.rest({ method: 'GET', path: `/recordings/${started.id}`, delayMs: 50 });
    const before = simulator.calls.length;
    const [a, b] = await Promise.all([
      h.source.getRecording(started.id),
      h.source.getRecording(started.id),
    ]);
    expect(a?.id).toBe(started.id);
    expect(b).toBe(a);
    expect(simulator.calls.length - before).toBe(1);
    await h.source.getRecording(started.id);
    expect(simulator.calls.length - before).toBe(2);
  });

  it('different reads are not shared, and a shared failure reaches both callers', async () => {
    const meetingId = freshMeetingId();
    const before = simulator.calls.length;
    await Promise.all([
      h.source.listRecordings({ meetingId, pageNo: 1, perPage: 5 }),
      h.source.listRecordings({ meetingId, pageNo: 2, perPage: 5 }),
      h.source.getMeeting(meetingId),
    ]);
    expect(simulator.calls.length - before).toBe(3);

    simulator.faults.rest({
      method: 'GET',
      path: `/meetings/${meetingId}`,
      status: 404,
      delayMs: 30,
    });
    const both = await Promise.all([
      h.source.getMeeting(meetingId),
      h.source.getMeeting(meetingId),
    ]);
    expect(both).toEqual([null, null]);
    expect(simulator.calls.length - before).toBe(4);
  });
});
