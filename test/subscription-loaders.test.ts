import { randomUUID } from 'node:crypto';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { parse } from 'graphql';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { RecordingStatusWithHistoryDocument } from './__generated__/graphql.js';
import { startWebhookGateway, type WebhookGateway } from './support/webhook-gateway.js';
import { statusUpdateBody } from './webhooks/support.js';

/**
 * A subscription resolves each event with fresh per-request loaders: what one event read (a
 * recording's history, a meeting upstream) is not served again to the next, so a dashboard open
 * all day reads what is true now and holds no cache that grows with every recording it has seen.
 */

interface Event {
  recordingStatusChanged: { status: string; recording: { meeting: { id: string } | null } };
}

const WITH_MEETING: TypedDocumentNode<Event, { meetingId: string }> = parse(`
  subscription WithMeeting($meetingId: ID) {
    recordingStatusChanged(meetingId: $meetingId) { status recording { meeting { id } } }
  }
`);

let gateway: WebhookGateway;

beforeAll(async () => {
  gateway = await startWebhookGateway();
});
afterAll(() => gateway?.stop());

describe('loaders of a subscription', () => {
  it('are renewed for each event', async () => {
    const recordingId = randomUUID();
    const meetingId = randomUUID();
    const watch = await gateway.subscribe(RecordingStatusWithHistoryDocument, { recordingId });
    const deliver = async (status: string, duration: number) => {
      const body = statusUpdateBody(
        { id: recordingId, status, meetingId, recordingDuration: duration },
        { id: meetingId },
      );
      expect(await gateway.deliver(body)).toBeLessThan(300);
    };
    await deliver('INVOKED', 0);
    await vi.waitFor(() => expect(watch.events).toHaveLength(1), { timeout: 15_000 });
    await deliver('RECORDING', 1);
    await vi.waitFor(() => expect(watch.events).toHaveLength(2), { timeout: 15_000 });
    expect(watch.errors).toEqual([]);
    expect(watch.events.map((event) => event.recordingStatusChanged)).toEqual([
      { status: 'INVOKED', recording: { id: recordingId, statusHistory: [{ status: 'INVOKED' }] } },
      {
        status: 'RECORDING',
        recording: {
          id: recordingId,
          statusHistory: [{ status: 'INVOKED' }, { status: 'RECORDING' }],
        },
      },
    ]);
    await watch.close();
  });

  it('reads the meeting again for every event: the loaders are renewed between events', async () => {
    const meetingId = randomUUID();
    const recordingId = randomUUID();
    const simulator = gateway.server.app.simulator;
    if (!simulator) throw new Error('expected simulator mode');
    const meetingReads = () =>
      simulator.calls.filter(
        (call) => call.method === 'GET' && call.path === `/meetings/${meetingId}`,
      ).length;
    const watch = await gateway.subscribe(WITH_MEETING, { meetingId });
    const statuses = ['INVOKED', 'RECORDING', 'UPLOADING', 'UPLOADED'];
    for (const status of statuses) {
      expect(await gateway.deliver(statusUpdateBody({ id: recordingId, status, meetingId }))).toBe(
        200,
      );
      // One event at a time: each is resolved before the next is stored.
      await vi.waitFor(() => expect(watch.events.length).toBe(statuses.indexOf(status) + 1), {
        timeout: 30_000,
      });
    }
    await watch.close();
    expect(watch.errors).toEqual([]);
    expect(watch.events.map((event) => event.recordingStatusChanged.status)).toEqual(statuses);
    for (const event of watch.events) {
      expect(event.recordingStatusChanged.recording.meeting?.id).toBe(meetingId);
    }
    // A loader kept across events would have read it once.
    expect(meetingReads()).toBe(statuses.length);
  });
});
