import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { RecordingStatusWithMeetingDocument } from './__generated__/graphql.js';
import { startWebhookGateway, type WebhookGateway } from './support/webhook-gateway.js';
import { statusUpdateBody } from './webhooks/support.js';

/**
 * What only a webhook says of a meeting (its room name, when its session started and ended, who
 * organised it) reaches subscribers on the event's `recording.meeting`, beside what the REST API
 * says of the same meeting.
 */

let gateway: WebhookGateway;

beforeAll(async () => {
  gateway = await startWebhookGateway();
});
afterAll(() => gateway?.stop());

it('carries roomName, startedAt, endedAt and organizedBy from the webhook to subscribers', async () => {
  const meetingId = randomUUID();
  const organizer = randomUUID();
  const watch = await gateway.subscribe(RecordingStatusWithMeetingDocument, { meetingId });
  const status = await gateway.deliver(
    statusUpdateBody(
      { id: randomUUID(), status: 'UPLOADED', meetingId },
      {
        id: meetingId,
        sessionId: randomUUID(),
        title: 'Standup',
        roomName: 'bbbbbb-cccccc',
        status: 'LIVE',
        createdAt: '2026-11-22 00:59:00',
        startedAt: '2026-11-22 01:00:00.123456',
        endedAt: '2026-11-22T01:30:00Z',
        organizedBy: { id: organizer, name: 'Acme' },
      },
    ),
  );
  expect(status).toBeLessThan(300);
  await vi.waitFor(() => expect(watch.events).toHaveLength(1), { timeout: 10_000 });
  expect(watch.errors).toEqual([]);
  expect(watch.events[0]?.recordingStatusChanged.recording.meeting).toMatchObject({
    id: meetingId,
    // From the REST API (the simulator names every meeting itself).
    title: expect.stringMatching(/^Simulated meeting/),
    status: 'ACTIVE',
    updatedAt: expect.any(String),
    // From the webhook only.
    roomName: 'bbbbbb-cccccc',
    startedAt: '2026-11-22T01:00:00.123Z',
    endedAt: '2026-11-22T01:30:00.000Z',
    organizedBy: { id: organizer, name: 'Acme' },
  });
  await watch.close();
});
