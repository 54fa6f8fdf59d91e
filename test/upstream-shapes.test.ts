import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  MeetingByIdDocument,
  RecordingByIdDocument,
  StartRecordingDocument,
} from './__generated__/graphql.js';
import { noteSecret } from './support/gateway.js';
import { type StandInGateway, startStandInGateway } from './support/stand-in-gateway.js';

/**
 * Values RealtimeKit sends that the simulator does not (yet) produce, added by a stand-in to the
 * simulator's real answers, and read through the whole gateway.
 */

let gateway: StandInGateway;
let token: string;

beforeAll(async () => {
  gateway = await startStandInGateway();
  token = await gateway.token();
});
afterEach(() => gateway.standIn.reset());
afterAll(() => gateway?.close());

/** Forwards to the simulator and merges `extra` into the `data` of successful answers to `path`. */
function augment(path: RegExp, extra: Record<string, unknown>) {
  gateway.standIn.handle(async (call, forward) => {
    const reply = await forward();
    const body = reply.body as { data?: Record<string, unknown> } | undefined;
    if (reply.status !== 200 || !path.test(call.path) || !body?.data) return reply;
    return { ...reply, body: { ...body, data: { ...body.data, ...extra } } };
  });
}

async function startRecording(videoConfig = {}) {
  const result = await gateway.run(token, StartRecordingDocument, {
    input: { meetingId: randomUUID(), videoConfig },
  });
  const payload = result.data?.startRecording;
  if (payload?.__typename !== 'StartRecordingSuccess') throw new Error(JSON.stringify(result));
  return payload.recording;
}

describe('Recording', () => {
  it('sends VP9 as upstream spells it', async () => {
    await startRecording({ codec: 'VP9' });
    const post = gateway.standIn.calls.findLast((call) => call.method === 'POST');
    expect(post?.body).toMatchObject({ video_config: { codec: 'VP9' } });
  });

  it('reads a fractional recording_duration as a Float', async () => {
    const recording = await startRecording();
    augment(/^\/recordings\/[^/]+$/, { recording_duration: 12.5 });
    const result = await gateway.run(token, RecordingByIdDocument, { id: recording.id });
    expect(result.errors).toBeUndefined();
    expect(result.data?.recording?.recordingDuration).toBe(12.5);
  });
});

describe('Meeting', () => {
  const secrets = {
    access_key: `AKIA${randomUUID().slice(0, 8)}`,
    secret: `meeting-secret-${randomUUID()}`,
    password: `meeting-password-${randomUUID()}`,
    private_key: `meeting-key-${randomUUID()}`,
  };

  it('reads transcribeOnEnd and the recording config, never its storage secrets', async () => {
    noteSecret(...Object.values(secrets));
    augment(/^\/meetings\/[^/]+$/, {
      transcribe_on_end: true,
      recording_config: {
        file_name_prefix: 'weekly',
        max_seconds: 3600,
        audio_config: { channel: 'mono', codec: 'AAC', export_file: false },
        video_config: {
          codec: 'VP9',
          width: 1280,
          height: 720,
          export_file: true,
          watermark: {
            url: 'https://cdn.example/w.png',
            position: 'right bottom',
            size: { width: 64, height: 32 },
          },
        },
        live_streaming_config: { rtmp_url: 'rtmp://live.example/app' },
        realtimekit_bucket_config: { enabled: false },
        storage_config: { type: 'aws', bucket: 'b', region: 'eu-west-1', ...secrets },
      },
    });
    const meetingId = randomUUID();
    const result = await gateway.run(token, MeetingByIdDocument, { id: meetingId, first: 0 });
    expect(result.errors).toBeUndefined();
    expect(result.data?.meeting).toMatchObject({
      id: meetingId,
      transcribeOnEnd: true,
      recordingConfig: {
        fileNamePrefix: 'weekly',
        maxSeconds: 3600,
        audioConfig: { channel: 'MONO', codec: 'AAC', exportFile: false },
        videoConfig: {
          codec: 'VP9',
          width: 1280,
          height: 720,
          exportFile: true,
          watermark: {
            url: 'https://cdn.example/w.png',
            position: 'RIGHT_BOTTOM',
            size: { width: 64, height: 32 },
          },
        },
        liveStreamingConfig: { rtmpUrl: 'rtmp://live.example/app' },
        realtimekitBucketConfig: { enabled: false },
        storageConfig: { type: 'AWS', bucket: 'b', region: 'eu-west-1', host: null },
      },
      // The REST API does not return what only webhooks carry.
      roomName: null,
      startedAt: null,
      endedAt: null,
      organizedBy: null,
    });
    const text = JSON.stringify(result);
    for (const secret of Object.values(secrets)) expect(text).not.toContain(secret);
  });

  it('reads a meeting without a recording config, and odd values as null', async () => {
    augment(/^\/meetings\/[^/]+$/, {
      recording_config: { max_seconds: 90.5, video_config: { codec: 'AV1', width: '640' } },
    });
    const result = await gateway.run(token, MeetingByIdDocument, { id: randomUUID(), first: 0 });
    expect(result.errors).toBeUndefined();
    expect(result.data?.meeting).toMatchObject({
      transcribeOnEnd: false,
      recordingConfig: {
        maxSeconds: null,
        audioConfig: null,
        videoConfig: { codec: null, width: 640, watermark: null },
        storageConfig: null,
      },
    });
    gateway.standIn.reset();
    const plain = await gateway.run(token, MeetingByIdDocument, { id: randomUUID(), first: 0 });
    expect(plain.data?.meeting).toMatchObject({ recordingConfig: null });
  });
});
