import { randomUUID } from 'node:crypto';
import { print } from 'graphql';
import { createClient } from 'graphql-ws';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import type { GatewayServer } from '../src/transport/server.js';
import {
  ActiveRecordingDocument,
  RecordingStatusChangedDocument,
  StartRecordingDocument,
} from './__generated__/graphql.js';
import { startTestServer } from './support/gateway.js';

/** Client authentication and authorization on every transport, as a client meets them. */

const SECRET = 'a-test-signing-secret-of-at-least-32-bytes!';
let server: GatewayServer;

beforeAll(async () => {
  server = await startTestServer({ AUTH_MODE: 'jwt', AUTH_JWT_SECRET: SECRET });
});
afterAll(() => server?.stop());

async function token(
  claims: Record<string, unknown> = {},
  options: { expiresIn?: string | number; secret?: string } = {},
) {
  return new SignJWT({ scope: 'recordings:read recordings:write', ...claims })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(String(claims.sub ?? 'user-1'))
    .setIssuedAt()
    .setExpirationTime(options.expiresIn ?? '5m')
    .sign(new TextEncoder().encode(options.secret ?? SECRET));
}

async function post(query: string, variables: unknown, authorization?: string) {
  const response = await fetch(`${server.url}/graphql`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(authorization ? { authorization } : {}),
    },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, body: await response.json() };
}

const upstreamCalls = () => server.app.simulator?.calls.length ?? 0;

describe('over HTTP', () => {
  it.each([
    ['no token', async () => undefined],
    ['a malformed token', async () => 'Bearer not.a.jwt'],
    ['another scheme', async () => `Basic ${Buffer.from('a:b').toString('base64')}`],
    ['a wrong signature', async () => `Bearer ${await token({}, { secret: `${SECRET}-other` })}`],
    [
      'an expired token',
      async () => `Bearer ${await token({}, { expiresIn: Math.floor(Date.now() / 1000) - 60 })}`,
    ],
  ])(
    'answers 401 UNAUTHENTICATED to %s, calling nothing upstream',
    async (_name, authorization) => {
      const before = upstreamCalls();
      const answer = await post(
        print(ActiveRecordingDocument),
        { meetingId: randomUUID() },
        await authorization(),
      );
      expect(answer.status).toBe(401);
      expect(answer.body.errors[0]).toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
      expect(JSON.stringify(answer.body)).not.toMatch(/expired|signature/i);
      expect(upstreamCalls()).toBe(before);
    },
  );

  it('lets a read-only token read and refuses its mutations with FORBIDDEN', async () => {
    const reader = `Bearer ${await token({ scope: 'recordings:read' })}`;
    const read = await post(print(ActiveRecordingDocument), { meetingId: randomUUID() }, reader);
    expect(read).toEqual({ status: 200, body: { data: { activeRecording: null } } });
    const before = upstreamCalls();
    const write = await post(
      print(StartRecordingDocument),
      { input: { meetingId: randomUUID() } },
      reader,
    );
    expect(write.body.errors[0]).toMatchObject({
      message: 'Not allowed',
      extensions: { code: 'FORBIDDEN' },
    });
    expect(upstreamCalls()).toBe(before);
  });

  it('lets a write token start a recording', async () => {
    const writer = `Bearer ${await token()}`;
    const started = await post(
      print(StartRecordingDocument),
      { input: { meetingId: randomUUID() } },
      writer,
    );
    expect(started.body.data.startRecording.__typename).toBe('StartRecordingSuccess');
  });

  it('gives each token subject its own idempotency keys', async () => {
    const input = {
      meetingId: randomUUID(),
      allowMultipleRecordings: true,
      idempotencyKey: 'retry-1',
    };
    const idOf = async (sub: string) => {
      const answer = await post(
        print(StartRecordingDocument),
        { input },
        `Bearer ${await token({ sub })}`,
      );
      return answer.body.data.startRecording.recording.id as string;
    };
    const alice = await idOf('alice');
    expect(await idOf('alice')).toBe(alice);
    expect(await idOf('bob')).not.toBe(alice);
  });

  it('keeps a token limited to some meetings out of the others', async () => {
    const allowed = randomUUID();
    const limited = `Bearer ${await token({ meeting_ids: [allowed] })}`;
    const own = await post(print(ActiveRecordingDocument), { meetingId: allowed }, limited);
    expect(own.body).toEqual({ data: { activeRecording: null } });
    const before = upstreamCalls();
    const other = await post(print(ActiveRecordingDocument), { meetingId: randomUUID() }, limited);
    expect(other.body.errors[0]).toMatchObject({ extensions: { code: 'FORBIDDEN' } });
    const start = await post(
      print(StartRecordingDocument),
      { input: { meetingId: randomUUID() } },
      limited,
    );
    expect(start.body.errors[0]).toMatchObject({ extensions: { code: 'FORBIDDEN' } });
    const everything = await post('{ recordings { totalCount } }', {}, limited);
    expect(everything.body.errors[0]).toMatchObject({ extensions: { code: 'FORBIDDEN' } });
    expect(upstreamCalls()).toBe(before);
  });
});

describe('over server-sent events', () => {
  it('refuses a stream without a token and opens one with a token', async () => {
    const query = encodeURIComponent(print(RecordingStatusChangedDocument));
    const refused = await fetch(`${server.url}/graphql?query=${query}`, {
      headers: { accept: 'text/event-stream' },
    });
    expect(refused.status).toBe(401);
    await refused.body?.cancel();
    const abort = new AbortController();
    const opened = await fetch(`${server.url}/graphql?query=${query}`, {
      headers: { accept: 'text/event-stream', authorization: `Bearer ${await token()}` },
      signal: abort.signal,
    });
    expect(opened.status).toBe(200);
    expect(opened.headers.get('content-type')).toContain('text/event-stream');
    abort.abort();
  });
});

describe('over graphql-ws', () => {
  /** Connects with `authorization` in connectionParams; resolves with the close code, if any. */
  function connect(authorization?: string) {
    let closedWith: (code: number) => void = () => {};
    const closed = new Promise<number>((resolve) => {
      closedWith = resolve;
    });
    const client = createClient({
      url: `${server.url.replace('http', 'ws')}/graphql`,
      webSocketImpl: WebSocket,
      retryAttempts: 0,
      lazy: false,
      connectionParams: authorization ? { authorization } : {},
      on: { closed: (event) => closedWith((event as { code: number }).code) },
      onNonLazyError: () => {},
    });
    return { client, closed };
  }

  it('closes with 4403 without a token or with a bad one', async () => {
    for (const authorization of [
      undefined,
      'Bearer nope',
      `Bearer ${await token({}, { secret: `${SECRET}x` })}`,
    ]) {
      const { closed } = connect(authorization);
      expect(await closed).toBe(4403);
    }
  });

  it('streams only the meetings a limited token may see', async () => {
    const allowed = randomUUID();
    const { client } = connect(`Bearer ${await token({ meeting_ids: [allowed] })}`);
    const seen: string[] = [];
    const before = server.app.events.subscribers;
    client.subscribe<{ recordingStatusChanged: { meetingId: string } }>(
      { query: print(RecordingStatusChangedDocument), variables: {} },
      {
        next: (result) => result.data && seen.push(result.data.recordingStatusChanged.meetingId),
        error: () => {},
        complete: () => {},
      },
    );
    await vi.waitFor(() => expect(server.app.events.subscribers).toBe(before + 1));
    const writer = `Bearer ${await token()}`;
    const other = randomUUID();
    await post(print(StartRecordingDocument), { input: { meetingId: other } }, writer);
    await post(print(StartRecordingDocument), { input: { meetingId: allowed } }, writer);
    await vi.waitFor(() => expect(seen.length).toBeGreaterThanOrEqual(2), { timeout: 5_000 });
    expect(new Set(seen)).toEqual(new Set([allowed]));
    await client.dispose();
  });

  it('ends the socket with 4403 when its token expires, so the client reconnects with a new one', async () => {
    const expiresAt = Math.floor(Date.now() / 1000) + 2;
    const { closed } = connect(`Bearer ${await token({}, { expiresIn: expiresAt })}`);
    const started = Date.now();
    expect(await closed).toBe(4403);
    expect(Date.now()).toBeGreaterThanOrEqual(expiresAt * 1000 - 50);
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});
