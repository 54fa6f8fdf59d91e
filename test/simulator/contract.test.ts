import { createPublicKey } from 'node:crypto';
import { BadRequestError, ConflictError, NotFoundError } from 'cloudflare';
import { afterEach, describe, expect, it } from 'vitest';
import { expectConforming, OpenApiValidator } from './openapi.js';
import {
  ACCOUNT,
  APP,
  call,
  closeAll,
  type Exchange,
  meetingId,
  reached,
  receiver,
  register,
  sdk,
  simulator,
} from './support.js';

const strict = new OpenApiValidator();
const published = new OpenApiValidator({}, { asPublished: true });

afterEach(closeAll);

it('the validator is not vacuous: it refuses a recording missing required fields', () => {
  const body = { success: true, data: { id: 'not-a-uuid', status: 'DONE' } };
  const errors = strict.errors('GET', '/recordings/{recording_id}', 200, body);
  expect(errors).toEqual(
    expect.arrayContaining([
      "/data must have required property 'download_url'",
      '/data/id must match format "uuid"',
      '/data/status must be equal to one of the allowed values',
    ]),
  );
  const recording = {
    id: '3327d20c-d4d4-4c22-9d74-c271ec25840f',
    download_url: null,
    download_url_expiry: null,
    audio_download_url: null,
    file_size: null,
    session_id: null,
    output_file_name: 'a.mp4',
    status: 'INVOKED',
    invoked_time: '2026-01-01T00:00:00.000Z',
    started_time: null,
    stopped_time: null,
  };
  const readable = { success: true, data: { ...recording, storage_config: { type: 'aws' } } };
  expect(strict.errors('GET', '/recordings/{recording_id}', 200, readable)).toEqual([]);
  // access_key is writeOnly: a response carrying it is refused.
  const leaking = {
    success: true,
    data: { ...recording, storage_config: { type: 'aws', access_key: 'x' } },
  };
  expect(strict.errors('GET', '/recordings/{recording_id}', 200, leaking)).toEqual([
    '/data/storage_config/access_key boolean schema is false',
  ]);
});

it('recording_duration may be fractional, as the SDK types say; the published document disagrees', () => {
  const recording = {
    id: '3327d20c-d4d4-4c22-9d74-c271ec25840f',
    download_url: null,
    download_url_expiry: null,
    audio_download_url: null,
    file_size: null,
    session_id: null,
    output_file_name: 'a.mp4',
    status: 'UPLOADING',
    invoked_time: '2026-01-01T00:00:00.000Z',
    started_time: '2026-01-01T00:00:03.000Z',
    stopped_time: '2026-01-01T00:00:15.500Z',
  };
  const body = (duration: unknown) => ({
    success: true,
    data: { ...recording, recording_duration: duration },
  });
  const path = '/recordings/{recording_id}';
  expect(strict.errors('GET', path, 200, body(12.5))).toEqual([]);
  expect(published.errors('GET', path, 200, body(12.5))).toEqual([
    '/data/recording_duration must be integer',
  ]);
  expect(strict.errors('GET', path, 200, body(-1))).toEqual([
    '/data/recording_duration must be >= 0',
  ]);
  expect(strict.errors('GET', path, 200, body('12.5'))).toEqual([
    '/data/recording_duration must be number',
  ]);
});

describe('simulator against the openapi document, through the cloudflare SDK', () => {
  it('recordings: start, get, active, pause, resume, stop, list; every body matches', async () => {
    const sim = await simulator();
    const log: Exchange[] = [];
    const client = sdk(sim, log);
    const rx = await receiver();
    await register(client, rx.url);
    const meeting = meetingId();
    const ids = { account_id: ACCOUNT, app_id: APP };

    const started = await client.realtimeKit.recordings.startRecordings(APP, {
      account_id: ACCOUNT,
      meeting_id: meeting,
      file_name_prefix: 'standup',
      audio_config: { channel: 'mono', codec: 'MP3', export_file: true },
      video_config: { codec: 'H264', width: 1280, height: 720 },
      storage_config: {
        type: 'aws',
        access_key: 'AKIA-SECRET',
        secret: 'super-secret',
        bucket: 'recordings',
        region: 'us-east-1',
      },
    });
    const id = started.data?.id ?? '';
    expect(started.data?.status).toBe('INVOKED');
    expect(started.data?.start_reason?.reason).toBe('API_CALL');
    expect(started.data?.storage_config).toEqual({
      type: 'aws',
      bucket: 'recordings',
      region: 'us-east-1',
    });
    expect(JSON.stringify(log)).not.toMatch(/AKIA-SECRET|super-secret/);

    expect((await client.realtimeKit.recordings.getOneRecording(id, ids)).data?.id).toBe(id);
    expect((await client.realtimeKit.recordings.getActiveRecordings(meeting, ids)).data.id).toBe(
      id,
    );
    await rx.waitFor(reached(id, 'RECORDING'));
    const act = (action: 'pause' | 'resume' | 'stop') =>
      client.realtimeKit.recordings.pauseResumeStopRecording(id, { ...ids, action });
    expect((await act('pause')).data?.status).toBe('PAUSED');
    expect((await act('resume')).data?.status).toBe('RECORDING');
    const stopped = await act('stop');
    expect(stopped.data?.status).toBe('UPLOADING');
    expect(stopped.data?.stop_reason?.reason).toBe('API_CALL');
    await rx.waitFor(reached(id, 'UPLOADED'));

    const uploaded = await client.realtimeKit.recordings.getOneRecording(id, ids);
    expect(uploaded.data?.download_url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/downloads\//);
    const listed = await client.realtimeKit.recordings.getRecordings(APP, {
      account_id: ACCOUNT,
      meeting_id: meeting,
      status: ['UPLOADED', 'ERRORED'],
    });
    expect(listed.data.map((recording) => recording.id)).toEqual([id]);
    expect(listed.data[0]?.meeting?.id).toBe(meeting);
    expect(listed.paging).toEqual({ total_count: 1, start_offset: 1, end_offset: 1 });
    await expect(client.realtimeKit.recordings.getActiveRecordings(meeting, ids)).rejects.toThrow(
      NotFoundError,
    );

    // The first exchange registers the receiver.
    expect(log.map((exchange) => exchange.status)).toEqual([
      201, 200, 200, 200, 200, 200, 200, 200, 200, 404,
    ]);
    expectConforming(sim, log);
  });

  it('a stop while INVOKED answers the ERRORED recording, and every body conforms', async () => {
    // At timeScale 10 the recording stays INVOKED for 30 s.
    const sim = await simulator({ timeScale: 10 });
    const log: Exchange[] = [];
    const client = sdk(sim, log);
    const ids = { account_id: ACCOUNT, app_id: APP };
    const started = await client.realtimeKit.recordings.startRecordings(APP, {
      account_id: ACCOUNT,
      meeting_id: meetingId(),
    });
    const id = started.data?.id ?? '';
    const stopped = await client.realtimeKit.recordings.pauseResumeStopRecording(id, {
      ...ids,
      action: 'stop',
    });
    expect(stopped.data).toMatchObject({
      status: 'ERRORED',
      download_url: null,
      file_size: null,
      stop_reason: { reason: 'API_CALL' },
    });
    const listed = await client.realtimeKit.recordings.getRecordings(APP, {
      account_id: ACCOUNT,
      // The SDK's type lists only four statuses, the API takes all six.
      status: ['ERRORED' as 'INVOKED'],
    });
    expect(listed.data.map((recording) => recording.id)).toEqual([id]);
    expect(log.map((exchange) => exchange.status)).toEqual([200, 200, 200]);
    expectConforming(sim, log);
  });

  it('meetings and sessions: Json uuid is a live meeting; its session points back at it', async () => {
    const sim = await simulator();
    const log: Exchange[] = [];
    const client = sdk(sim, log);
    const ids = { account_id: ACCOUNT, app_id: APP };
    const meeting = meetingId();

    const fetched = await client.realtimeKit.meetings.getMeetingByID(meeting, ids);
    expect(fetched.data).toMatchObject({ id: meeting, status: 'ACTIVE' });
    expect(fetched.data?.title).toMatch(/^Simulated meeting [0-9a-f]{4}$/);
    const started = await client.realtimeKit.recordings.startRecordings(APP, {
      account_id: ACCOUNT,
      meeting_id: meeting,
    });
    const sessionId = started.data?.session_id ?? '';
    const session = await client.realtimeKit.sessions.getSessionDetails(sessionId, ids);
    expect(session.data).toMatchObject({
      id: sessionId,
      associated_id: meeting,
      organization_id: APP,
      status: 'LIVE',
      meeting_display_name: fetched.data?.title,
    });
    await expect(
      client.realtimeKit.sessions.getSessionDetails(meetingId(), ids),
    ).rejects.toBeInstanceOf(NotFoundError);
    expect(log.map((exchange) => exchange.status)).toEqual([200, 200, 200, 404]);
    expectConforming(sim, log.slice(0, 3));
  });

  it('webhooks: create (201), list, get, edit, replace, delete, events', async () => {
    const sim = await simulator();
    const log: Exchange[] = [];
    const client = sdk(sim, log);
    const ids = { account_id: ACCOUNT, app_id: APP };
    const created = await client.realtimeKit.webhooks.createWebhook(APP, {
      account_id: ACCOUNT,
      name: 'all recordings',
      url: 'https://example.com/hook',
      events: ['recording.statusUpdate'],
    });
    const id = created.data.id;
    expect(created.data).toMatchObject({ enabled: true, events: ['recording.statusUpdate'] });
    const listed = await client.realtimeKit.webhooks.getWebhooks(APP, { account_id: ACCOUNT });
    expect(listed.data.map((webhook) => webhook.id)).toEqual([id]);
    expect((await client.realtimeKit.webhooks.getWebhookByID(id, ids)).data.id).toBe(id);
    const edited = await client.realtimeKit.webhooks.editWebhook(id, { ...ids, enabled: false });
    expect(edited.data).toMatchObject({ enabled: false, name: 'all recordings' });
    const replaced = await client.realtimeKit.webhooks.replaceWebhook(id, {
      ...ids,
      name: 'renamed',
      url: 'https://example.com/other',
      events: ['meeting.started', 'recording.statusUpdate'],
    });
    expect(replaced.data).toMatchObject({ name: 'renamed', enabled: true });
    expect((await client.realtimeKit.webhooks.deleteWebhook(id, ids)).data.id).toBe(id);
    await expect(client.realtimeKit.webhooks.getWebhookByID(id, ids)).rejects.toThrow(
      NotFoundError,
    );
    expect(log.map((exchange) => exchange.status)).toEqual([201, 200, 200, 200, 200, 200, 404]);
    expectConforming(sim, log);

    // The SDK has no method for the events list, so it is checked with a plain request.
    const events = await call(sim, 'GET', '/webhooks/all');
    expect(strict.errors('GET', '/webhooks/all', events.status, events.json)).toEqual([]);
    expect(events.json).toMatchObject({ success: true });
  });

  it('track recordings: download_url becomes an array of layers (the documented deviation)', async () => {
    const sim = await simulator();
    const log: Exchange[] = [];
    const client = sdk(sim, log);
    const rx = await receiver();
    await register(client, rx.url);
    const ids = { account_id: ACCOUNT, app_id: APP };
    const started = await client.realtimeKit.recordings.startTrackRecording(APP, {
      account_id: ACCOUNT,
      meeting_id: meetingId(),
      layers: {
        default: { file_name_prefix: 'mix', media_kind: 'audio' },
        host: { file_name_prefix: 'host', media_kind: 'audio' },
      },
    });
    const id = started.data?.recording.id ?? '';
    expect(started.data?.recording.status).toBe('INVOKED');
    await rx.waitFor(reached(id, 'RECORDING'));
    await client.realtimeKit.recordings.pauseResumeStopRecording(id, { ...ids, action: 'stop' });
    await rx.waitFor(reached(id, 'UPLOADED'));
    const uploaded = await client.realtimeKit.recordings.getOneRecording(id, ids);
    const raw = JSON.parse(log.at(-1)?.text ?? '{}');
    expect(raw.data.download_url).toEqual([
      expect.objectContaining({
        layer_name: 'default',
        media_kind: 'audio',
        file_name: `mix_${id}.webm`,
      }),
      expect.objectContaining({
        layer_name: 'host',
        media_kind: 'audio',
        file_name: `host_${id}.webm`,
      }),
    ]);
    expect(uploaded.data?.download_url_expiry).not.toBeNull();
    // The deviation is real: the document's own schema refuses it.
    expect(strict.errors('GET', '/recordings/{recording_id}', 200, raw)).not.toEqual([]);
    expectConforming(sim, log, [id]);
  });

  it('errors come in the RealtimeKit envelope with the documented statuses', async () => {
    const sim = await simulator();
    const log: Exchange[] = [];
    const client = sdk(sim, log);
    const ids = { account_id: ACCOUNT, app_id: APP };
    const meeting = meetingId();
    await client.realtimeKit.recordings.startRecordings(APP, {
      account_id: ACCOUNT,
      meeting_id: meeting,
    });
    const conflict = await client.realtimeKit.recordings
      .startRecordings(APP, { account_id: ACCOUNT, meeting_id: meeting })
      .catch((error: unknown) => error);
    expect(conflict).toBeInstanceOf(ConflictError);
    expect((conflict as ConflictError).error).toEqual({
      success: false,
      error: { code: 409, message: 'Meeting already has an active recording' },
    });
    const invalid = await client.realtimeKit.recordings
      .startRecordings(APP, { account_id: ACCOUNT, meeting_id: meeting, max_seconds: 10 })
      .catch((error: unknown) => error);
    expect(invalid).toBeInstanceOf(BadRequestError);
    expect((invalid as BadRequestError).error).toMatchObject({
      success: false,
      error: { code: 400, message: expect.stringContaining('"max_seconds"') },
    });
    await expect(
      client.realtimeKit.recordings.getOneRecording(meetingId(), ids),
    ).rejects.toBeInstanceOf(NotFoundError);
    expect(log.map((exchange) => exchange.status)).toEqual([200, 409, 400, 404]);
    expectConforming(sim, log);
  });

  it('serves its SPKI public key at /.well-known/webhooks.json', async () => {
    const sim = await simulator();
    const response = await fetch(sim.keyUrl);
    const body = (await response.json()) as { success: boolean; data: { publicKey: string } };
    expect(response.status).toBe(200);
    expect(body.success).toBe(true);
    expect(body.data.publicKey).toBe(sim.publicKeyPem);
    expect(body.data.publicKey).toMatch(/^-----BEGIN PUBLIC KEY-----\n/);
    expect(createPublicKey(body.data.publicKey).asymmetricKeyType).toBe('rsa');
  });
});
