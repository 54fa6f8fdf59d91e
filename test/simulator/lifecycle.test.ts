import { afterEach, describe, expect, it } from 'vitest';
import { call, closeAll, harness, type Json, meetingId, reached, statusesOf } from './support.js';

const WEEK_MS = 7 * 24 * 60 * 60 * 1000;

afterEach(closeAll);

describe('recording lifecycle (timeScale 0.01)', () => {
  it('walks INVOKED → RECORDING → PAUSED → RECORDING → UPLOADING → UPLOADED, in order', async () => {
    const h = await harness();
    const started = await call(h.sim, 'POST', '/recordings', { meeting_id: meetingId() });
    expect(started.json.data).toMatchObject({ status: 'INVOKED', started_time: null });
    const id: string = started.json.data.id;
    await h.rx.waitFor(reached(id, 'RECORDING'));
    expect((await h.get(id)).started_time).not.toBeNull();
    expect((await h.act(id, 'pause')).json.data.status).toBe('PAUSED');
    expect((await h.act(id, 'resume')).json.data.status).toBe('RECORDING');
    const stop = await h.act(id, 'stop');
    expect(stop.json.data).toMatchObject({
      status: 'UPLOADING',
      stop_reason: { reason: 'API_CALL' },
    });
    expect(stop.json.data.stopped_time).not.toBeNull();
    expect(stop.json.data.recording_duration).toBeGreaterThanOrEqual(0);
    await h.rx.waitFor(reached(id, 'UPLOADED'));
    await h.sim.idle();
    expect(statusesOf(h.rx.received, id)).toEqual([
      'INVOKED',
      'RECORDING',
      'PAUSED',
      'RECORDING',
      'UPLOADING',
      'UPLOADED',
    ]);
  });

  it('leaves paused time out of recording_duration (in simulated seconds)', async () => {
    const h = await harness();
    const id = await h.start();
    await h.rx.waitFor(reached(id, 'RECORDING'));
    await h.act(id, 'pause');
    // Hold the pause while another recording goes from INVOKED to RECORDING: 3 simulated seconds.
    const other = await h.start();
    await h.rx.waitFor(reached(other, 'RECORDING'));
    const stopped = (await h.act(id, 'stop')).json.data;
    const wallSeconds = (Date.parse(stopped.stopped_time) - Date.parse(stopped.started_time)) / 10;
    expect(wallSeconds).toBeGreaterThanOrEqual(3);
    expect(stopped.recording_duration).toBeLessThanOrEqual(Math.round(wallSeconds - 3) + 1);
  });

  it('auto-stops after max_seconds with no stop call', async () => {
    const h = await harness();
    const id = await h.start({ max_seconds: 60 });
    await h.rx.waitFor(reached(id, 'UPLOADED'));
    const recording = await h.get(id);
    expect(recording.recording_duration).toBeGreaterThanOrEqual(60);
    // Generous: at timeScale 0.01 every 10 ms of event-loop lag is another simulated second.
    expect(recording.recording_duration).toBeLessThan(90);
    expect(recording.stop_reason).toBeUndefined();
    expect(h.sim.calls.filter((c) => c.method === 'PUT')).toEqual([]);
  });

  it('allows one active recording per meeting unless allow_multiple_recordings', async () => {
    const h = await harness();
    const meeting = meetingId();
    const first = await h.start({ meeting_id: meeting });
    const second = await call(h.sim, 'POST', '/recordings', { meeting_id: meeting });
    expect(second).toMatchObject({
      status: 409,
      json: {
        success: false,
        error: { code: 409, message: 'Meeting already has an active recording' },
      },
    });
    const parallel = await h.start({ meeting_id: meeting, allow_multiple_recordings: true });
    expect(parallel).not.toBe(first);
    await h.act(first, 'stop');
    await h.act(parallel, 'stop');
    expect(await h.start({ meeting_id: meeting })).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('refuses actions the current state does not allow, with 409', async () => {
    // At full speed INVOKED lasts 3 s, ample time to try a pause.
    const slow = await harness(1);
    const invoked = await slow.start();
    const pauseInvoked = await slow.act(invoked, 'pause');
    expect(pauseInvoked.status).toBe(409);
    expect(pauseInvoked.json.error.message).toBe(
      'Recording is INVOKED; only a RECORDING recording can be paused',
    );
    const h = await harness();
    const id = await h.start();
    await h.rx.waitFor(reached(id, 'RECORDING'));
    expect((await h.act(id, 'resume')).json.error).toEqual({
      code: 409,
      message: 'Recording is RECORDING; only a PAUSED recording can be resumed',
    });
    await h.act(id, 'stop');
    const again = await h.act(id, 'stop');
    expect(again.status).toBe(409);
    expect(again.json.error.message).toMatch(/^Recording is UPLOADING; /);
    expect(
      (await call(h.sim, 'PUT', `/recordings/${meetingId()}`, { action: 'stop' })).status,
    ).toBe(404);
  });

  it('answers 404 from active-recording when nothing is active', async () => {
    const h = await harness();
    const meeting = meetingId();
    const none = await call(h.sim, 'GET', `/recordings/active-recording/${meeting}`);
    expect(none).toMatchObject({
      status: 404,
      json: {
        success: false,
        error: { code: 404, message: 'No active recording found for this meeting' },
      },
    });
    const id = await h.start({ meeting_id: meeting });
    expect(
      (await call(h.sim, 'GET', `/recordings/active-recording/${meeting}`)).json,
    ).toMatchObject({
      success: true,
      data: { id },
    });
    await h.act(id, 'stop');
    expect((await call(h.sim, 'GET', `/recordings/active-recording/${meeting}`)).status).toBe(404);
  });

  it('hands out working download links that expire 7 days after upload', async () => {
    const h = await harness();
    const id = await h.start({ audio_config: { codec: 'MP3', export_file: true } });
    await h.rx.waitFor(reached(id, 'RECORDING'));
    expect((await h.act(id, 'stop')).json.data.download_url).toBeNull();
    await h.rx.waitFor(reached(id, 'UPLOADED'));
    const uploadedAt = Date.now();
    const recording = await h.get(id);
    expect(recording.file_size).toBeGreaterThan(0);
    expect(recording.audio_download_url).toMatch(/_audio\.mp3$/);
    const expiry = Date.parse(recording.download_url_expiry);
    expect(Math.abs(expiry - (uploadedAt + WEEK_MS))).toBeLessThan(5_000);
    const file = await fetch(recording.download_url);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toBe('video/mp4');
    expect((await file.arrayBuffer()).byteLength).toBeGreaterThan(0);
    expect((await fetch(recording.audio_download_url)).status).toBe(200);
  });

  it('produces no download links when the RealtimeKit bucket is disabled', async () => {
    const h = await harness();
    const id = await h.start({
      realtimekit_bucket_config: { enabled: false },
      audio_config: { export_file: true },
    });
    await h.rx.waitFor(reached(id, 'RECORDING'));
    await h.act(id, 'stop');
    await h.rx.waitFor(reached(id, 'UPLOADED'));
    expect(await h.get(id)).toMatchObject({
      status: 'UPLOADED',
      download_url: null,
      audio_download_url: null,
      download_url_expiry: null,
    });
  });

  it('a fail fault sends the next recording from INVOKED to ERRORED, and only that one', async () => {
    const h = await harness();
    h.sim.faults.webhook({ kind: 'fail' });
    const failed = await h.start();
    const fine = await h.start();
    await h.rx.waitFor(
      (received) => reached(failed, 'ERRORED')(received) && reached(fine, 'RECORDING')(received),
    );
    expect(statusesOf(h.rx.received, failed)).toEqual(['INVOKED', 'ERRORED']);
    expect(await h.get(failed)).toMatchObject({ status: 'ERRORED', started_time: null });
    expect((await h.act(failed, 'stop')).status).toBe(409);
  });

  it('lists with filters, search, sort order and 1-based paging', async () => {
    const h = await harness();
    const meeting = meetingId();
    const first = await h.start({ meeting_id: meeting });
    await h.act(first, 'stop');
    const second = await h.start({ meeting_id: meeting });
    const elsewhere = await h.start();
    const list = async (query: string) => (await call(h.sim, 'GET', `/recordings?${query}`)).json;
    const ofMeeting = await list(`meeting_id=${meeting}`);
    expect(ofMeeting.data.map((r: Json) => r.id)).toEqual([second, first]);
    expect(
      (await list(`meeting_id=${meeting}&sort_order=ASC`)).data.map((r: Json) => r.id),
    ).toEqual([first, second]);
    // `first` was stopped while still INVOKED, so it ended ERRORED.
    expect((await list('status=UPLOADING&status=ERRORED')).data.map((r: Json) => r.id)).toEqual([
      first,
    ]);
    const bySearch = await list(
      `search=${encodeURIComponent(`SIMULATED MEETING ${meeting.slice(0, 4)}`)}`,
    );
    expect(bySearch.data.map((r: Json) => r.meeting.id)).toContain(meeting);
    const page2 = await list('per_page=2&page_no=2');
    expect(page2.data.map((r: Json) => r.id)).toEqual([first]);
    expect(page2.paging).toEqual({ total_count: 3, start_offset: 3, end_offset: 3 });
    const future = new Date(Date.now() + 60_000).toISOString();
    expect((await list(`start_time=${future}`)).paging.total_count).toBe(0);
    expect((await list('expired=false')).paging.total_count).toBe(3);
    expect(elsewhere).toBeDefined();
  });

  it('after stop() nothing moves on: no more deliveries, no more answers', async () => {
    const h = await harness();
    const id = await h.start();
    await h.rx.waitFor(reached(id, 'INVOKED'));
    await h.sim.stop();
    await h.sim.stop();
    await expect(fetch(h.sim.keyUrl)).rejects.toThrow();
    // A second simulator is the clock: its recording reaches RECORDING well after the first's would.
    const clock = await harness();
    const tick = await clock.start();
    await clock.rx.waitFor(reached(tick, 'RECORDING'));
    expect(statusesOf(h.rx.received, id)).toEqual(['INVOKED']);
  });
});
