import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { RecordingStatusWithHistoryDocument } from './__generated__/graphql.js';
import { startWebhookGateway, type WebhookGateway } from './support/webhook-gateway.js';
import { statusUpdateBody } from './webhooks/support.js';

/**
 * A subscription resolves each event with fresh per-request loaders: what one event read (here a
 * recording's history, batched through a loader) is not served again to the next.
 */

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
});
