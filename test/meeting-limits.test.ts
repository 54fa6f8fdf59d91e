import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  PauseRecordingDocument,
  ResumeRecordingDocument,
  StartRecordingDocument,
  StopRecordingDocument,
} from './__generated__/graphql.js';
import { type StandInGateway, startStandInGateway } from './support/stand-in-gateway.js';

/**
 * A token limited to some meetings (`meeting_ids`) acts on a recording only when the gateway has
 * established that the recording's meeting is one of them: when the lookup finds no recording, or
 * a recording whose meeting cannot be told, nothing is written upstream.
 */

let gateway: StandInGateway;

beforeAll(async () => {
  gateway = await startStandInGateway();
});
afterEach(() => gateway.standIn.reset());
afterAll(() => gateway?.close());

const DOCUMENTS = [
  ['pauseRecording', PauseRecordingDocument],
  ['resumeRecording', ResumeRecordingDocument],
  ['stopRecording', StopRecordingDocument],
] as const;

/** PUTs (pause, resume, stop) the upstream received since `from`. */
const putsSince = (from: number) =>
  gateway.standIn.calls.slice(from).filter((call) => call.method === 'PUT');

async function startIn(meetingId: string) {
  const token = await gateway.token();
  const result = await gateway.run(token, StartRecordingDocument, { input: { meetingId } });
  const payload = result.data?.startRecording;
  if (payload?.__typename !== 'StartRecordingSuccess') throw new Error(JSON.stringify(result));
  return payload.recording.id;
}

describe('pause, resume and stop with a meeting-limited token', () => {
  it.each(DOCUMENTS)(
    '%s of a recording upstream does not know: NOT_FOUND, no write',
    async (field, document) => {
      const token = await gateway.token({ meeting_ids: [randomUUID()] });
      const from = gateway.standIn.calls.length;
      const result = await gateway.run(token, document as typeof PauseRecordingDocument, {
        id: randomUUID(),
      });
      expect((result.data as Record<string, unknown>)[field]).toMatchObject({
        __typename: 'NotFoundError',
        code: 'NOT_FOUND',
      });
      expect(gateway.standIn.calls.slice(from).map((call) => call.method)).toEqual(['GET']);
      expect(putsSince(from)).toEqual([]);
    },
  );

  it.each(DOCUMENTS)(
    '%s of a recording whose meeting cannot be told: NOT_FOUND, no write',
    async (field, document) => {
      const meetingId = randomUUID();
      const id = await startIn(meetingId);
      // Upstream answers the recording without its session or meeting.
      gateway.standIn.handle(async (call, forward) => {
        const reply = await forward();
        const body = reply.body as { data?: Record<string, unknown> };
        if (call.method !== 'GET' || !body?.data) return reply;
        const { session_id, meeting_id, meeting, ...data } = body.data;
        return { ...reply, body: { ...body, data } };
      });
      const token = await gateway.token({ meeting_ids: [meetingId] });
      const from = gateway.standIn.calls.length;
      const result = await gateway.run(token, document as typeof PauseRecordingDocument, { id });
      expect((result.data as Record<string, unknown>)[field]).toMatchObject({ code: 'NOT_FOUND' });
      expect(putsSince(from)).toEqual([]);
    },
  );

  it('acts on a recording of an allowed meeting, and refuses another meeting’s', async () => {
    const meetingId = randomUUID();
    const id = await startIn(meetingId);
    const outsider = await gateway.token({ meeting_ids: [randomUUID()] });
    const from = gateway.standIn.calls.length;
    const refused = await gateway.run(outsider, StopRecordingDocument, { id });
    expect(refused.errors?.[0]?.extensions ?? refused.data?.stopRecording).toMatchObject({
      code: 'FORBIDDEN',
    });
    expect(putsSince(from)).toEqual([]);
    const member = await gateway.token({ meeting_ids: [meetingId] });
    const stopped = await gateway.run(member, StopRecordingDocument, { id });
    expect(stopped.data?.stopRecording).toMatchObject({ __typename: 'StopRecordingSuccess' });
    expect(putsSince(from)).toHaveLength(1);
  });
});
