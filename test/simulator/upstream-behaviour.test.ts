import { afterEach, describe, expect, it, vi } from 'vitest';
import { call, closeAll, harness, meetingId, reached, statusesOf } from './support.js';

afterEach(async () => {
  vi.useRealTimers();
  await closeAll();
});

const ALREADY_RECORDING = {
  status: 409,
  json: {
    success: false,
    error: { code: 409, message: 'Meeting already has an active recording' },
  },
};

describe('a stop before the recording ever started', () => {
  it('ends ERRORED with no file: no link, size or duration, stop_reason API_CALL', async () => {
    // At timeScale 10, INVOKED lasts 30 s: the stop always lands before the recorder joins.
    const h = await harness(10);
    const meeting = meetingId();
    const id = await h.start({ meeting_id: meeting, audio_config: { export_file: true } });
    const stop = await h.act(id, 'stop');
    expect(stop.status).toBe(200);
    expect(stop.json.success).toBe(true);
    expect(stop.json.data).toMatchObject({
      id,
      status: 'ERRORED',
      started_time: null,
      download_url: null,
      audio_download_url: null,
      download_url_expiry: null,
      file_size: null,
      stop_reason: { reason: 'API_CALL', caller: { type: 'ORGANIZATION' } },
    });
    expect(Date.parse(stop.json.data.stopped_time)).toBeGreaterThanOrEqual(
      Date.parse(stop.json.data.invoked_time),
    );
    expect(stop.json.data).not.toHaveProperty('recording_duration');
    expect(await h.get(id)).toEqual(stop.json.data);

    await h.rx.waitFor(reached(id, 'ERRORED'));
    await h.sim.idle();
    expect(statusesOf(h.rx.received, id)).toEqual(['INVOKED', 'ERRORED']);
    // ERRORED is terminal: not active, not stoppable again, and the meeting is free.
    expect((await call(h.sim, 'GET', `/recordings/active-recording/${meeting}`)).status).toBe(404);
    const again = await h.act(id, 'stop');
    expect(again.status).toBe(409);
    expect(again.json.error.message).toBe(
      'Recording is ERRORED; it is no longer active and cannot be stopped',
    );
    expect((await h.act(id, 'resume')).status).toBe(409);
    expect(await h.start({ meeting_id: meeting })).not.toBe(id);
  });
});

describe('one recording at a time per meeting, composite and track alike', () => {
  it('refuses a track start while a composite recording is active, and the reverse', async () => {
    const h = await harness(10);
    const meeting = meetingId();
    const composite = await h.start({ meeting_id: meeting });
    const track = await call(h.sim, 'POST', '/recordings/track', { meeting_id: meeting });
    expect(track).toMatchObject(ALREADY_RECORDING);
    await h.act(composite, 'stop');

    const started = await call(h.sim, 'POST', '/recordings/track', { meeting_id: meeting });
    expect(started.status).toBe(200);
    const trackId: string = started.json.data.recording.id;
    expect(await call(h.sim, 'POST', '/recordings', { meeting_id: meeting })).toMatchObject(
      ALREADY_RECORDING,
    );
    expect(await call(h.sim, 'POST', '/recordings/track', { meeting_id: meeting })).toMatchObject(
      ALREADY_RECORDING,
    );
    const active = await call(h.sim, 'GET', `/recordings/active-recording/${meeting}`);
    expect(active.json.data.id).toBe(trackId);
    // Another meeting is not affected.
    expect((await call(h.sim, 'POST', '/recordings', { meeting_id: meetingId() })).status).toBe(
      200,
    );
  });

  it('allow_multiple_recordings on a composite start lets it run beside anything', async () => {
    const h = await harness(10);
    const meeting = meetingId();
    const track = await call(h.sim, 'POST', '/recordings/track', { meeting_id: meeting });
    expect(track.status).toBe(200);
    const first = await h.start({ meeting_id: meeting, allow_multiple_recordings: true });
    const second = await h.start({ meeting_id: meeting, allow_multiple_recordings: true });
    expect(new Set([track.json.data.recording.id, first, second]).size).toBe(3);
    const active = await call(h.sim, 'GET', `/recordings/active-recording/${meeting}`);
    expect(active.json.data.id).toBe(second);
    // The track start has no such switch: with anything active it is refused, flag or not.
    const trackAgain = await call(h.sim, 'POST', '/recordings/track', {
      meeting_id: meeting,
      allow_multiple_recordings: true,
    });
    expect(trackAgain).toMatchObject(ALREADY_RECORDING);
    expect(await call(h.sim, 'POST', '/recordings', { meeting_id: meeting })).toMatchObject(
      ALREADY_RECORDING,
    );
  });
});

describe('recording_duration', () => {
  it('is reported in fractional simulated seconds, paused time left out', async () => {
    const h = await harness(0.01);
    const id = await h.start();
    await h.rx.waitFor(reached(id, 'RECORDING'));
    // Freeze the clock the lifecycle reads, so the recorded time is exact: at timeScale 0.01
    // every real millisecond is 0.1 simulated seconds.
    vi.useFakeTimers({ toFake: ['Date'] });
    const startedAt = Date.parse((await h.get(id)).started_time);
    vi.setSystemTime(startedAt + 50);
    expect((await h.act(id, 'pause')).json.data.status).toBe('PAUSED');
    vi.setSystemTime(startedAt + 80);
    expect((await h.act(id, 'resume')).json.data.status).toBe('RECORDING');
    vi.setSystemTime(startedAt + 155);
    const stopped = (await h.act(id, 'stop')).json.data;
    // 155 ms − 30 ms paused = 125 real ms = 12.5 simulated seconds.
    expect(stopped.recording_duration).toBe(12.5);
    vi.useRealTimers();
    await h.rx.waitFor(reached(id, 'UPLOADED'));
    const uploaded = await h.get(id);
    expect(uploaded.recording_duration).toBe(12.5);
    expect(uploaded.file_size).toBe(12.5 * 250_000 + 4096);
    const delivery = h.rx.received.find(
      (received) =>
        received.body.recording.id === id && received.body.recording.status === 'UPLOADED',
    );
    expect(delivery?.body.recording.recordingDuration).toBe(12.5);
  });
});
