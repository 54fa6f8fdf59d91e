import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { RecordingByIdDocument, StartRecordingDocument } from './__generated__/graphql.js';
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
