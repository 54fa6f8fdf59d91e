import { afterEach, describe, expect, it } from 'vitest';
import { expectConforming } from './openapi.js';
import {
  ACCOUNT,
  APP,
  call,
  closeAll,
  type Exchange,
  type Json,
  meetingId,
  reached,
  receiver,
  register,
  sdk,
  simulator,
} from './support.js';

afterEach(closeAll);

const STORAGE = {
  type: 'aws',
  bucket: 'archive',
  region: 'eu-west-1',
  access_key: 'AKIA-TRACK-SECRET',
  secret: 'track-super-secret',
};

function badRequest(message: string) {
  return { status: 400, json: { success: false, error: { code: 400, message } } };
}

/** Starts a track recording with `body`, stops it once RECORDING, returns it UPLOADED. */
async function recordTrack(body: Record<string, unknown>) {
  const sim = await simulator();
  const log: Exchange[] = [];
  const client = sdk(sim, log);
  const rx = await receiver();
  await register(client, rx.url);
  const started = await call(sim, 'POST', '/recordings/track', {
    meeting_id: meetingId(),
    ...body,
  });
  expect(started.status).toBe(200);
  const id: string = started.json.data.recording.id;
  await rx.waitFor(reached(id, 'RECORDING'));
  const ids = { account_id: ACCOUNT, app_id: APP };
  await client.realtimeKit.recordings.pauseResumeStopRecording(id, { ...ids, action: 'stop' });
  await rx.waitFor(reached(id, 'UPLOADED'));
  await client.realtimeKit.recordings.getOneRecording(id, ids);
  const uploaded: Json = JSON.parse(log.at(-1)?.text ?? '{}').data;
  await sim.idle();
  return { sim, log, rx, id, uploaded };
}

describe('track recordings honour user_ids and layer outputs', () => {
  it('records one file per layer and named participant (duplicates once)', async () => {
    const { sim, log, id, uploaded } = await recordTrack({
      layers: { voices: { file_name_prefix: 'v', media_kind: 'audio' } },
      user_ids: ['alice', 'bob', 'alice'],
    });
    expect(uploaded.download_url).toEqual([
      expect.objectContaining({ layer_name: 'voices', file_name: `v_alice_${id}.webm` }),
      expect.objectContaining({ layer_name: 'voices', file_name: `v_bob_${id}.webm` }),
    ]);
    for (const file of uploaded.download_url) {
      const response = await fetch(file.download_url);
      expect(response.status).toBe(200);
      expect(await response.text()).toContain(file.file_name);
    }
    expectConforming(sim, log, [id]);
  });

  it('links only the layers with a RealtimeKit-bucket output; storage outputs get none', async () => {
    const storage = { type: 'STORAGE_CONFIG', storage_config: STORAGE };
    const { sim, log, rx, id, uploaded } = await recordTrack({
      layers: {
        kept: { outputs: [{ type: 'REALTIMEKIT_BUCKET' }] },
        archived: { outputs: [storage] },
        both: { outputs: [storage, { type: 'REALTIMEKIT_BUCKET' }] },
        plain: {},
      },
    });
    expect(uploaded.download_url.map((file: Json) => file.layer_name)).toEqual([
      'kept',
      'both',
      'plain',
    ]);
    // Four layers were recorded, whichever way their files went (sizes count a second at least).
    const seconds = Math.max(1, uploaded.recording_duration);
    expect(uploaded.file_size).toBe(4 * Math.round(seconds * 250_000) + 4096);
    expect(uploaded.download_url_expiry).not.toBeNull();
    const everything = JSON.stringify([log, rx.received.map((d) => d.raw.toString())]);
    expect(everything).not.toMatch(/AKIA-TRACK-SECRET|track-super-secret/);
    expectConforming(sim, log, [id]);
  });

  it('with every output a storage config there is no download link at all', async () => {
    const { sim, log, id, uploaded } = await recordTrack({
      layers: { only: { outputs: [{ type: 'STORAGE_CONFIG', storage_config: STORAGE }] } },
      user_ids: ['alice'],
    });
    expect(uploaded).toMatchObject({
      status: 'UPLOADED',
      download_url: null,
      download_url_expiry: null,
    });
    expect(uploaded.file_size).toBeGreaterThan(0);
    expectConforming(sim, log, [id]);
  });
});

describe('track bodies the simulator cannot honour are refused, never dropped', () => {
  it.each([
    [
      { layers: { a: { outputs: [{ type: 'STORAGE_CONFIG' }] } } },
      '"layers.a.outputs.0.storage_config" is required when "type" is STORAGE_CONFIG',
    ],
    [
      { layers: { a: { outputs: [{ type: 'REALTIMEKIT_BUCKET', storage_config: STORAGE }] } } },
      '"layers.a.outputs.0.storage_config" is not allowed unless "type" is STORAGE_CONFIG',
    ],
    [
      { layers: { a: { outputs: [{ storage_config: STORAGE }] } } },
      '"layers.a.outputs.0.storage_config" is not allowed unless "type" is STORAGE_CONFIG',
    ],
    [
      { layers: { a: { outputs: [{ type: 'S3' }] } } },
      '"layers.a.outputs.0.type" must be one of [REALTIMEKIT_BUCKET, STORAGE_CONFIG]',
    ],
    [
      { layers: { a: { outputs: [{ type: 'STORAGE_CONFIG', storage_config: { bucket: 'b' } }] } } },
      '"layers.a.outputs.0.storage_config.type" is required',
    ],
    [{ layers: { a: { outputs: [] } } }, '"layers.a.outputs" must contain at least 1 items'],
    [{ layers: { a: { outputs: 'bucket' } } }, '"layers.a.outputs" must be of type array'],
    [{ user_ids: ['alice', ''] }, '"user_ids.1" is not allowed to be empty'],
    [{ user_ids: 'alice' }, '"user_ids" must be of type array'],
    [{ user_ids: [7] }, '"user_ids.0" must be of type string'],
  ])('refuses %j with 400, and starts nothing', async (extra, message) => {
    const sim = await simulator();
    const meeting = meetingId();
    const reply = await call(sim, 'POST', '/recordings/track', { meeting_id: meeting, ...extra });
    expect(reply).toMatchObject(badRequest(`BAD_REQUEST: ${message}`));
    expect(
      (await call(sim, 'GET', `/recordings?meeting_id=${meeting}`)).json.paging.total_count,
    ).toBe(0);
  });
});
