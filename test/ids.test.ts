import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  ActiveRecordingDocument,
  MeetingByIdDocument,
  RecordingByIdDocument,
  RecordingStatusChangedDocument,
  RecordingsPageDocument,
  StartRecordingDocument,
} from './__generated__/graphql.js';
import { type StandInGateway, startStandInGateway } from './support/stand-in-gateway.js';
import { startWebhookGateway, type WebhookGateway } from './support/webhook-gateway.js';
import { statusUpdateBody } from './webhooks/support.js';

/**
 * RealtimeKit ids are UUIDs, which are case-insensitive: a client, a token, a webhook and the
 * upstream may spell one id in upper case. Inside the gateway there is one spelling (lower case),
 * so access checks, subscription filters, caches and the event log all agree.
 */

const UUID_G = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;
const upper = (id: string) => id.toUpperCase();
/** Every UUID in `text` that is not all lower case; file names are text, not ids. */
const mixedCase = (text: string) =>
  (text.replace(/"outputFileName":"[^"]*"/g, '').match(UUID_G) ?? []).filter(
    (id) => id !== id.toLowerCase(),
  );

describe('ids from the upstream and from clients', () => {
  let gateway: StandInGateway;

  beforeAll(async () => {
    gateway = await startStandInGateway();
    // An upstream that spells every id it returns in upper case.
    gateway.standIn.handle(async (_call, forward) => {
      const reply = await forward();
      const text = JSON.stringify(reply.body ?? null).replace(UUID_G, upper);
      return { ...reply, body: JSON.parse(text) };
    });
  });
  afterAll(() => gateway?.close());

  it('sends and returns one spelling, and a token listing the meeting in upper case may use it', async () => {
    const meetingId = randomUUID();
    const token = await gateway.token({ meeting_ids: [upper(meetingId)] });
    const started = await gateway.run(token, StartRecordingDocument, {
      input: { meetingId: upper(meetingId) },
    });
    const payload = started.data?.startRecording;
    if (payload?.__typename !== 'StartRecordingSuccess') throw new Error(JSON.stringify(started));
    const id = payload.recording.id;
    expect(id).toBe(id.toLowerCase());
    expect(payload.recording.meetingId).toBe(meetingId);

    const byId = await gateway.run(token, RecordingByIdDocument, { id: upper(id) });
    expect(byId.data).toMatchObject({ recording: { id, meetingId, meeting: { id: meetingId } } });
    const active = await gateway.run(token, ActiveRecordingDocument, {
      meetingId: upper(meetingId),
    });
    expect(active.data).toMatchObject({ activeRecording: { id } });
    const meeting = await gateway.run(token, MeetingByIdDocument, {
      id: upper(meetingId),
      first: 5,
    });
    expect(meeting.data).toMatchObject({ meeting: { id: meetingId, activeRecording: { id } } });
    const page = await gateway.run(token, RecordingsPageDocument, {
      filter: { meetingId: upper(meetingId) },
      first: 5,
    });
    expect(page.data).toMatchObject({ recordings: { totalCount: 1, edges: [{ node: { id } }] } });
    const answers = [byId, active, meeting, page];
    for (const answer of answers) expect(answer.errors).toBeUndefined();
    expect(mixedCase(JSON.stringify(answers))).toEqual([]);

    // Upstream only ever saw the lower-case spelling, in paths and bodies alike.
    const sent = gateway.standIn.calls.map((call) => `${call.method} ${call.path} ${call.raw}`);
    expect(sent.length).toBeGreaterThanOrEqual(5);
    expect(mixedCase(sent.join('\n'))).toEqual([]);
  });

  it('refuses a meeting outside the token in any spelling', async () => {
    const token = await gateway.token({ meeting_ids: [upper(randomUUID())] });
    const other = randomUUID();
    for (const spelling of [other, upper(other)]) {
      const result = await gateway.run(token, ActiveRecordingDocument, { meetingId: spelling });
      expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN' });
    }
  });
});

describe('ids from webhooks, subscription arguments and tokens', () => {
  let gateway: WebhookGateway;

  beforeAll(async () => {
    gateway = await startWebhookGateway();
  });
  afterAll(() => gateway?.stop());

  async function subscribe(meetingIds: string[], variables: Record<string, unknown>) {
    const watch = await gateway.subscribe(RecordingStatusChangedDocument, variables, {
      meeting_ids: meetingIds,
    });
    return {
      errors: watch.errors,
      get events() {
        return watch.events.map((event) => event.recordingStatusChanged);
      },
      close: watch.close,
    };
  }

  async function deliver(recordingId: string, meetingId: string, status = 'INVOKED') {
    const body = statusUpdateBody({ id: recordingId, status, meetingId }, { id: meetingId });
    expect(await gateway.deliver(body)).toBeLessThan(300);
  }

  it('delivers events whatever the spelling of the webhook, the filter and the token', async () => {
    const meetingId = randomUUID();
    const [a, b] = [randomUUID(), randomUUID()];
    const watches = [
      await subscribe([upper(meetingId)], { meetingId: upper(meetingId) }),
      await subscribe([meetingId], { meetingId }),
      await subscribe([upper(meetingId)], {}),
      await subscribe([meetingId], { recordingId: upper(a) }),
    ];
    await deliver(upper(a), upper(meetingId));
    await deliver(b, meetingId);
    // Delivered last, so a watch that has it would already have every earlier event it matches.
    await deliver(a, meetingId, 'RECORDING');
    const all = [
      { recordingId: a, meetingId, status: 'INVOKED' },
      { recordingId: b, meetingId, status: 'INVOKED' },
      { recordingId: a, meetingId, status: 'RECORDING' },
    ];
    for (const [index, watch] of watches.entries()) {
      const want = index === 3 ? [all[0], all[2]] : all;
      await vi.waitFor(() => expect(watch.events).toHaveLength(want.length), { timeout: 10_000 });
      expect(watch.errors).toEqual([]);
      expect(watch.events).toMatchObject(want);
    }
    await Promise.all(watches.map((watch) => watch.close()));
  });
});
