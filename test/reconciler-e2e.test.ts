import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import type { GatewayServer } from '../src/transport/server.js';
import { StartRecordingDocument } from './__generated__/graphql.js';
import { postGraphQL, watchStatuses } from './support/clients.js';
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
  const watch = await watchStatuses(server, { meetingId });
  const started = await postGraphQL(server.url, StartRecordingDocument, { input: { meetingId } });
  expect(started.startRecording.__typename).toBe('StartRecordingSuccess');
  await vi.waitFor(
    () => expect(watch.events.map((e) => e.status)).toEqual(['INVOKED', 'RECORDING']),
    {
      timeout: 10_000,
    },
  );
  expect(watch.events.map((e) => e.source)).toEqual(['WEBHOOK', 'RECONCILER']);
  await watch.close();
});
