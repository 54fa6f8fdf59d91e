import { AuthenticationError } from 'cloudflare';
import { afterEach, describe, expect, it } from 'vitest';
import { ACCOUNT, APP, appUrl, call, closeAll, meetingId, sdk, simulator } from './support.js';

afterEach(closeAll);

function badRequest(message: string) {
  return { status: 400, json: { success: false, error: { code: 400, message } } };
}

describe('request validation', () => {
  it.each([
    [{ max_seconds: 59 }, '"max_seconds" must be greater than or equal to 60'],
    [{ max_seconds: 86401 }, '"max_seconds" must be less than or equal to 86400'],
    [{ max_seconds: 60.5 }, '"max_seconds" must be an integer'],
    [{ max_seconds: '120' }, '"max_seconds" must be of type number'],
    [{ video_config: { width: 1921 } }, '"video_config.width" must be less than or equal to 1920'],
    [{ video_config: { height: 0 } }, '"video_config.height" must be greater than or equal to 1'],
    [
      { video_config: { watermark: { size: { width: 0 } } } },
      '"video_config.watermark.size.width" must be greater than or equal to 1',
    ],
    [
      { video_config: { watermark: { position: 'center' } } },
      '"video_config.watermark.position" must be one of [left top, right top, left bottom, right bottom]',
    ],
    [
      { audio_config: { channel: 'surround' } },
      '"audio_config.channel" must be one of [mono, stereo]',
    ],
    [{ video_config: { codec: 'AV1' } }, '"video_config.codec" must be one of [H264, VP8, VP9]'],
    [{ storage_config: { bucket: 'b' } }, '"storage_config.type" is required'],
    [{ realtimekit_bucket_config: {} }, '"realtimekit_bucket_config.enabled" is required'],
  ])('start refuses %j', async (extra, message) => {
    const sim = await simulator();
    const reply = await call(sim, 'POST', '/recordings', { meeting_id: meetingId(), ...extra });
    expect(reply).toMatchObject(badRequest(`BAD_REQUEST: ${message}`));
    expect(sim.calls.at(-1)?.status).toBe(400);
  });

  it('accepts every video codec of the SDK types, VP9 included', async () => {
    const sim = await simulator();
    for (const codec of ['H264', 'VP8', 'VP9']) {
      const reply = await call(sim, 'POST', '/recordings', {
        meeting_id: meetingId(),
        video_config: { codec },
      });
      expect(reply.status).toBe(200);
    }
  });

  it('requires a well-formed meeting uuid', async () => {
    const sim = await simulator();
    expect(await call(sim, 'POST', '/recordings', {})).toMatchObject(
      badRequest('BAD_REQUEST: "meeting_id" is required'),
    );
    expect(await call(sim, 'POST', '/recordings', { meeting_id: 'room-1' })).toMatchObject(
      badRequest('BAD_REQUEST: "meeting_id" must be a valid GUID'),
    );
    expect(await call(sim, 'POST', '/recordings/track', { meeting_id: 'x' })).toMatchObject(
      badRequest('BAD_REQUEST: "meeting_id" must be a valid GUID'),
    );
    // Any GUID shape counts, not only RFC 9562 versions.
    const odd = '12345678-1234-1234-1234-123456789abc';
    expect((await call(sim, 'POST', '/recordings', { meeting_id: odd })).status).toBe(200);
  });

  it('refuses malformed path ids with 400 and unknown ones with 404', async () => {
    const sim = await simulator();
    expect(await call(sim, 'GET', '/recordings/abc')).toMatchObject(
      badRequest('BAD_REQUEST: "recording_id" must be a valid GUID'),
    );
    expect(await call(sim, 'GET', '/meetings/abc')).toMatchObject(
      badRequest('BAD_REQUEST: "meeting_id" must be a valid GUID'),
    );
    expect(await call(sim, 'GET', '/webhooks/abc')).toMatchObject(
      badRequest('BAD_REQUEST: "id" must be a valid GUID'),
    );
    expect(await call(sim, 'GET', `/recordings/${meetingId()}`)).toMatchObject({
      status: 404,
      json: { success: false, error: { code: 404, message: 'Recording not found' } },
    });
  });

  it('validates track, action, webhook bodies and list queries', async () => {
    const sim = await simulator();
    const users = Array.from({ length: 101 }, (_, index) => `user-${index}`);
    expect(
      await call(sim, 'POST', '/recordings/track', { meeting_id: meetingId(), user_ids: users }),
    ).toMatchObject(
      badRequest('BAD_REQUEST: "user_ids" must contain less than or equal to 100 items'),
    );
    expect(
      await call(sim, 'POST', '/recordings/track', {
        meeting_id: meetingId(),
        layers: { default: { media_kind: 'video' } },
      }),
    ).toMatchObject(badRequest('BAD_REQUEST: "layers.default.media_kind" must be one of [audio]'));
    expect(
      await call(sim, 'PUT', `/recordings/${meetingId()}`, { action: 'rewind' }),
    ).toMatchObject(badRequest('BAD_REQUEST: "action" must be one of [stop, pause, resume]'));
    expect(
      await call(sim, 'POST', '/webhooks', { url: 'https://e.com', events: [] }),
    ).toMatchObject(badRequest('BAD_REQUEST: "name" is required'));
    expect((await call(sim, 'GET', '/recordings?per_page=101')).json).toMatchObject(
      badRequest('BAD_REQUEST: "per_page" must be less than or equal to 100').json,
    );
    expect((await call(sim, 'GET', '/recordings?status=DONE')).status).toBe(400);
    expect((await call(sim, 'GET', '/recordings?sort_order=UP')).status).toBe(400);
    expect((await call(sim, 'GET', '/recordings?start_time=yesterday')).json).toMatchObject(
      badRequest('BAD_REQUEST: "start_time" must be in ISO 8601 date format').json,
    );
  });

  it('answers malformed JSON with a 400 envelope', async () => {
    const sim = await simulator();
    expect(await call(sim, 'POST', '/recordings', '{"meeting_id": ')).toMatchObject(
      badRequest('BAD_REQUEST: request body is not valid JSON'),
    );
  });

  it('requires a bearer token, and the configured one when apiToken is set', async () => {
    const open = await simulator();
    const missing = await fetch(`${appUrl(open)}/recordings`);
    expect(missing.status).toBe(401);
    expect(await missing.json()).toEqual({ message: 'Unauthorized' });
    const basic = await call(open, 'GET', '/recordings', undefined, {
      authorization: 'Basic eDp5',
    });
    expect(basic).toMatchObject({ status: 401, json: { message: 'Unauthorized' } });
    expect((await call(open, 'GET', '/recordings')).status).toBe(200);
    expect(open.calls.map((c) => c.status)).toEqual([401, 401, 200]);

    const locked = await simulator({ apiToken: 'the-right-one' });
    const wrong = sdk(locked, [], 'the-wrong-one');
    await expect(
      wrong.realtimeKit.recordings.getRecordings(APP, { account_id: ACCOUNT }),
    ).rejects.toBeInstanceOf(AuthenticationError);
    const right = sdk(locked, [], 'the-right-one');
    const page = await right.realtimeKit.recordings.getRecordings(APP, { account_id: ACCOUNT });
    expect(page.success).toBe(true);
  });

  it('answers unknown routes with 404 and wrong methods with 405, in the envelope', async () => {
    const sim = await simulator();
    const unknown = await call(sim, 'GET', '/livestreams');
    expect(unknown).toMatchObject({ status: 404, json: { success: false, error: { code: 404 } } });
    const outside = await fetch(`${sim.url}/nowhere`);
    expect(outside.status).toBe(404);
    const wrong = await call(sim, 'DELETE', '/recordings');
    expect(wrong).toMatchObject({ status: 405, json: { success: false, error: { code: 405 } } });
    expect(wrong.headers.get('allow')).toBe('GET, POST');
    expect((await call(sim, 'GET', '/recordings/track')).status).toBe(405);
  });
});
