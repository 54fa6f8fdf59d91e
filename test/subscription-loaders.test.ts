import { randomUUID } from 'node:crypto';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { parse } from 'graphql';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startWebhookGateway, type WebhookGateway } from './support/webhook-gateway.js';
import { statusUpdateBody } from './webhooks/support.js';

/**
 * A subscription resolves each event with fresh DataLoaders, so a dashboard open all day reads
 * what upstream says now, and holds no cache that grows with every recording it has seen.
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
}, 60_000);
afterAll(() => gateway?.stop());

describe('subscription loaders', () => {
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
