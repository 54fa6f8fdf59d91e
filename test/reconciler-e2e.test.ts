import { randomUUID } from 'node:crypto';
import { print } from 'graphql';
import { createClient } from 'graphql-ws';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import type { GatewayServer } from '../src/server.js';
import {
  RecordingStatusChangedDocument,
  type RecordingStatusChangedSubscription,
  StartRecordingDocument,
} from './__generated__/graphql.js';
import { startTestServer } from './support/gateway.js';

/** The whole gateway healing a webhook RealtimeKit never sent. */

let server: GatewayServer;

beforeAll(async () => {
  server = await startTestServer({ RECONCILE_INTERVAL_MS: '100', RECONCILE_IDLE_MS: '200' });
});
afterAll(() => server?.stop());

it('publishes a change whose webhook was lost, once, marked as reconciled', async () => {
  const sim = server.app.simulator;
  if (!sim) throw new Error('expected simulator mode');
  sim.faults.webhook({ kind: 'suppress', status: 'RECORDING' });
  const meetingId = randomUUID();
  const events: RecordingStatusChangedSubscription['recordingStatusChanged'][] = [];
  const client = createClient({
    url: `${server.url.replace('http', 'ws')}/graphql`,
    webSocketImpl: WebSocket,
    retryAttempts: 0,
  });
  client.subscribe<RecordingStatusChangedSubscription>(
    { query: print(RecordingStatusChangedDocument), variables: { meetingId } },
    {
      next: (result) => result.data && events.push(result.data.recordingStatusChanged),
      error: () => {},
      complete: () => {},
    },
  );
  await vi.waitFor(() => expect(server.app.events.subscribers).toBe(1));
  const response = await fetch(`${server.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      query: print(StartRecordingDocument),
      variables: { input: { meetingId } },
    }),
  });
  expect(response.status).toBe(200);
  await vi.waitFor(() => expect(events.map((e) => e.status)).toEqual(['INVOKED', 'RECORDING']), {
    timeout: 10_000,
  });
  expect(events.map((e) => e.source)).toEqual(['WEBHOOK', 'RECONCILER']);
  await client.dispose();
});
