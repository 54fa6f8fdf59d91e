import { randomUUID } from 'node:crypto';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { GatewayServer } from '../src/transport/server.js';
import {
  RecordingByIdDocument,
  RecordingHistoryDocument,
  RecordingStatusChangedDocument,
  type RecordingStatusChangedSubscription,
  type RecordingStatusChangedSubscriptionVariables,
  RecordingsPageDocument,
  StartRecordingDocument,
  type StartRecordingInput,
  StopRecordingDocument,
} from './__generated__/graphql.js';
import {
  pauseResumeStop,
  postGraphQL,
  startRecordingOver,
  watchStatuses,
} from './support/clients.js';
import { startTestServer } from './support/gateway.js';
import { captureLogs } from './support/logs.js';
import { subscribeSse } from './support/sse.js';
import { eventually } from './support/time.js';
import { operation } from './support/ws.js';

const STORAGE_SECRET = 'e2e-storage-secret-4c1d';
const logs = captureLogs('debug');
let server: GatewayServer;

/** A GraphQL request to the gateway over real HTTP. */
const http = <Result, Variables>(
  document: TypedDocumentNode<Result, Variables>,
  variables: Variables,
): Promise<Result> => postGraphQL(server.url, document, variables);
const start = (input: StartRecordingInput) => startRecordingOver(server.url, input);

const subscribe = (variables: RecordingStatusChangedSubscriptionVariables) =>
  watchStatuses(server, variables);

/** Resolves once every subscription this file opened has ended on the gateway too. */
async function allClosed(): Promise<void> {
  await vi.waitFor(() => {
    expect(server.subscriptions()).toMatchObject({ subscriptions: 0, sharedExecutions: 0 });
    expect(server.app.events.subscribers).toBe(0);
  }, eventually);
}

beforeAll(async () => {
  server = await startTestServer({ LOG_LEVEL: 'debug' }, logs.logger);
});

afterAll(async () => {
  await server?.stop();
});

describe('a recording watched live, end to end', () => {
  it('streams INVOKED → RECORDING → PAUSED → RECORDING → UPLOADING → UPLOADED once each, in order', async () => {
    const meetingId = randomUUID();
    const watch = await subscribe({ meetingId });

    const id = await start({
      meetingId,
      maxSeconds: 600,
      storageConfig: { type: 'AWS', bucket: 'b', accessKey: 'AKIAE2E', secret: STORAGE_SECRET },
    });

    await pauseResumeStop(server.url, watch, id);

    // Every delivery has been acknowledged; a round trip on the same socket flushes what follows.
    await server.app.simulator?.idle();
    await http(RecordingByIdDocument, { id });

    expect(watch.events.map((event) => [event.status, event.previousStatus])).toEqual([
      ['INVOKED', null],
      ['RECORDING', 'INVOKED'],
      ['PAUSED', 'RECORDING'],
      ['RECORDING', 'PAUSED'],
      ['UPLOADING', 'RECORDING'],
      ['UPLOADED', 'UPLOADING'],
    ]);
    const cursors = watch.events.map((event) => event.cursor);
    expect([...cursors].sort()).toEqual(cursors);
    expect(new Set(cursors).size).toBe(cursors.length);
    for (const event of watch.events) {
      expect(event).toMatchObject({ recordingId: id, meetingId, recording: { id, meetingId } });
    }
    const uploaded = watch.events.at(-1);
    expect(uploaded?.recording.downloadUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\//);
    expect(Date.parse(uploaded?.recording.downloadUrlExpiry ?? '')).toBeGreaterThan(
      Date.now() + 6 * 24 * 3600 * 1000,
    );

    // What the queries say agrees with what the subscription saw.
    const one = await http(RecordingByIdDocument, { id });
    expect(one.recording).toMatchObject({
      status: 'UPLOADED',
      downloadUrl: uploaded?.recording.downloadUrl,
    });
    const listed = await http(RecordingsPageDocument, { filter: { meetingId } });
    expect(listed.recordings.edges.map((edge) => edge.node)).toMatchObject([
      { id, status: 'UPLOADED' },
    ]);

    // The stored history is what the subscription saw.
    const history = await http(RecordingHistoryDocument, { id });
    expect(history.recording?.statusHistory).toEqual(
      watch.events.map((event) => ({
        cursor: event.cursor,
        status: event.status,
        previousStatus: event.previousStatus,
        source: 'WEBHOOK',
      })),
    );

    await watch.close();
    await allClosed();
  });

  it('narrows by recording and status, and other meetings stay out', async () => {
    const meetingId = randomUUID();
    const everything = await subscribe({ meetingId });
    const onlyFinal = await subscribe({ meetingId, statuses: ['UPLOADED'] });
    const other = randomUUID();
    const otherMeeting = await subscribe({ meetingId: other });

    const id = await start({ meetingId });
    const byRecording = await subscribe({ recordingId: id });
    await everything.until('RECORDING');
    await http(StopRecordingDocument, { id });
    await onlyFinal.until('UPLOADED');
    await byRecording.until('UPLOADED');
    await server.app.simulator?.idle();

    expect(onlyFinal.events.map((event) => event.status)).toEqual(['UPLOADED']);
    expect(byRecording.events.every((event) => event.recordingId === id)).toBe(true);
    // A recording in the other meeting, started after all of the above was stored: once its first
    // event arrives, the other meeting's subscriber has been offered everything before it.
    const later = await start({ meetingId: other });
    await otherMeeting.until('INVOKED');
    expect(otherMeeting.events[0]).toMatchObject({ recordingId: later, status: 'INVOKED' });
    expect(otherMeeting.events.every((event) => event.meetingId === other)).toBe(true);
    for (const watch of [everything, onlyFinal, otherMeeting, byRecording]) await watch.close();
    await allClosed();
  });

  it('streams over server-sent events too', async () => {
    const meetingId = randomUUID();
    const stream = await subscribeSse<RecordingStatusChangedSubscription>(
      server,
      operation(RecordingStatusChangedDocument, { meetingId }),
    );
    expect(stream.outcome).toBe('accepted');
    await http(StartRecordingDocument, { input: { meetingId } });

    const statuses = () => stream.data.map((data) => data.recordingStatusChanged.status);
    await stream.until(() => statuses().includes('RECORDING'));
    await stream.close();
    // Events arrive only on a 200 `text/event-stream` answer (the kit fails anything else).
    expect(stream.code).toBe(200);
    expect(statuses()).toEqual(['INVOKED', 'RECORDING']);
  });

  it('refuses a malformed subscription argument with VALIDATION', async () => {
    const refused = await subscribe({ meetingId: 'not-a-uuid' });
    expect(refused.errors).toMatchObject([
      { extensions: { code: 'VALIDATION', field: 'meetingId' } },
    ]);
    await refused.close();
  });
});

describe('operations', () => {
  it('answers /healthz and /readyz, naming the mode', async () => {
    const health = await fetch(`${server.url}/healthz`);
    expect(health.status).toBe(200);
    const ready = await fetch(`${server.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready', mode: 'simulator' });
  });

  it('reports the upstream unreachable on /readyz and recovers', async () => {
    const sim = server.app.simulator;
    sim?.faults.rest({ method: 'GET', path: '/recordings', status: 503, times: 3 });
    const down = await fetch(`${server.url}/readyz`);
    expect(down.status).toBe(503);
    expect(await down.json()).toEqual({ status: 'upstream-unreachable', mode: 'simulator' });
    const up = await fetch(`${server.url}/readyz`);
    expect(up.status).toBe(200);
  });

  it('echoes a sane x-request-id and replaces a hostile one', async () => {
    const given = await fetch(`${server.url}/healthz`, { headers: { 'x-request-id': 'abc-123' } });
    expect(given.headers.get('x-request-id')).toBe('abc-123');
    const hostile = await fetch(`${server.url}/healthz`, {
      headers: { 'x-request-id': '<script>'.repeat(50) },
    });
    expect(hostile.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('never writes the Cloudflare token or storage secrets to its logs', () => {
    const text = logs.text();
    expect(text.length).toBeGreaterThan(1000);
    expect(text).toContain('"requestId"');
    expect(text).not.toContain(server.app.upstream.apiToken);
    expect(text).not.toContain(STORAGE_SECRET);
  });
});
