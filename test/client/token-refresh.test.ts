import { randomUUID } from 'node:crypto';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print } from 'graphql';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import { createResumableClient, type TokenProvider } from '../../client/src/index.js';
import type { GatewayServer } from '../../src/transport/server.js';
import {
  PauseRecordingDocument,
  RecordingHistoryDocument,
  ResumeRecordingDocument,
  StartRecordingDocument,
  StopRecordingDocument,
} from '../__generated__/graphql.js';
import { deferred, startTestServer } from '../support/gateway.js';
import { change, sinkWatch, until } from './support/scenario.js';

/** Token refresh: a refused or expired token (4403) leads to a reconnect with a fresh one. */

const SECRET = 'a-client-test-signing-secret-of-32-bytes-or-more';
const LONG = { timeout: 60_000, interval: 20 };
let server: GatewayServer;

beforeAll(async () => {
  server = await startTestServer({ AUTH_MODE: 'jwt', AUTH_JWT_SECRET: SECRET });
});
afterAll(() => server?.stop());

function sign(expiresAt: number): Promise<string> {
  return new SignJWT({ scope: 'recordings:read recordings:write' })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject('token-refresh-user')
    .setIssuedAt()
    .setExpirationTime(expiresAt)
    .sign(new TextEncoder().encode(SECRET));
}

const inSeconds = (seconds: number) => Math.floor(Date.now() / 1000) + seconds;

/** A typed operation over HTTP with a valid token, straight to the gateway. */
async function http<Result, Variables>(
  document: TypedDocumentNode<Result, Variables>,
  variables: Variables,
): Promise<Result> {
  const response = await fetch(`${server.url}/graphql`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: `Bearer ${await sign(inSeconds(300))}`,
    },
    body: JSON.stringify({ query: print(document), variables }),
  });
  return ((await response.json()) as { data: Result }).data;
}

async function stored(id: string, count: number) {
  let history: Array<{ cursor: string; status: string; previousStatus?: string | null }> = [];
  await vi.waitFor(async () => {
    const { recording } = await http(RecordingHistoryDocument, { id });
    history = recording?.statusHistory ?? [];
    // At least: the simulator moves INVOKED on to RECORDING by itself, maybe before the first look.
    expect(history.length).toBeGreaterThanOrEqual(count);
  }, LONG);
  return history;
}

async function start(meetingId: string): Promise<string> {
  const { startRecording } = await http(StartRecordingDocument, { input: { meetingId } });
  if (startRecording.__typename !== 'StartRecordingSuccess') throw new Error('start failed');
  return startRecording.recording.id;
}

describe('createResumableClient and tokens', () => {
  it('reconnects after a refused token and after an expired one, asking for a fresh token, and loses nothing', {
    timeout: 120_000,
  }, async () => {
    const asked: boolean[] = [];
    const fresh = deferred<void>();
    const token: TokenProvider = async ({ refresh }) => {
      asked.push(refresh);
      // Refused at connect, then one that expires within seconds, then (once the test has made
      // changes while the socket was down) a good one.
      if (asked.length === 1) return 'not-a-token';
      if (asked.length === 2) return sign(inSeconds(3));
      await fresh.promise;
      return sign(inSeconds(300));
    };
    const closes: unknown[] = [];
    const client = createResumableClient({
      url: `${server.url.replace('http', 'ws')}/graphql`,
      webSocketImpl: WebSocket,
      token,
      retry: { initialDelayMs: 20, maxDelayMs: 200 },
      on: { closed: (event) => closes.push((event as { code?: unknown }).code) },
    });

    // Subscribed from the recording's first cursor, so however soon the token expires, the
    // client always has a cursor to resume from.
    const meetingId = randomUUID();
    const id = await start(meetingId);
    const [invoked] = await stored(id, 1);
    const watch = sinkWatch(client)({ meetingId, after: invoked?.cursor });

    // The short-lived token expires: the gateway closes with 4403 and the client asks again.
    await vi.waitFor(() => expect(asked).toHaveLength(3), LONG);
    expect(closes.filter((code) => code === 4403)).toHaveLength(2);
    expect(asked).toEqual([false, true, true]);

    // Changes while the client waits for its token.
    await stored(id, 2);
    await http(PauseRecordingDocument, { id });
    await stored(id, 3);
    await http(ResumeRecordingDocument, { id });
    await stored(id, 4);
    fresh.resolve();
    await until(watch, id, 'PAUSED');
    await http(StopRecordingDocument, { id });
    const history = await stored(id, 6);

    const barrier = await start(meetingId);
    await until(watch, barrier, 'INVOKED');
    await http(StopRecordingDocument, { id: barrier });
    expect(watch.events.filter((event) => event.recordingId === id).map(change)).toEqual(
      history.slice(1).map(change),
    );
    await client.dispose();
  });
});
