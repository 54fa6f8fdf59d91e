import { randomUUID } from 'node:crypto';
import { print } from 'graphql';
import { createClient } from 'graphql-ws';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { GatewayServer } from '../src/server.js';
import {
  ActiveRecordingDocument,
  RecordingStatusChangedDocument,
} from './__generated__/graphql.js';
import { startTestServer } from './support/gateway.js';

/**
 * The token matrix: every kind of token, on every transport, gets the same answer. HTTP reads
 * `activeRecording(meetingId)`; SSE and graphql-ws subscribe to that meeting.
 */

const SECRET = 'matrix-signing-secret-of-at-least-32-bytes';
const ISSUER = 'https://idp.example';
const AUDIENCE = 'rtk-gateway';
const MEETING = randomUUID();
const now = () => Math.floor(Date.now() / 1000);
let server: GatewayServer;

beforeAll(async () => {
  server = await startTestServer({
    AUTH_MODE: 'jwt',
    AUTH_JWT_SECRET: SECRET,
    AUTH_JWT_ISSUER: ISSUER,
    AUTH_JWT_AUDIENCE: AUDIENCE,
  });
});
afterAll(() => server?.stop());

interface Claims {
  scope?: string;
  meeting_ids?: string[];
  iss?: string;
  aud?: string;
  exp?: number;
  nbf?: number;
}

function sign(claims: Claims = {}, secret = SECRET): Promise<string> {
  const { iss = ISSUER, aud = AUDIENCE, exp = now() + 300, nbf, ...rest } = claims;
  const jwt = new SignJWT({ scope: 'recordings:read', ...rest })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject('matrix-user')
    .setIssuer(iss)
    .setAudience(aud)
    .setExpirationTime(exp);
  if (nbf !== undefined) jwt.setNotBefore(nbf);
  return jwt.sign(new TextEncoder().encode(secret));
}

type Expected = 'UNAUTHENTICATED' | 'FORBIDDEN' | 'OK';

const MATRIX: Array<[string, () => Promise<string | undefined>, Expected]> = [
  ['no token', async () => undefined, 'UNAUTHENTICATED'],
  ['a malformed token', async () => 'Bearer abc.def', 'UNAUTHENTICATED'],
  ['a wrong signature', async () => `Bearer ${await sign({}, `${SECRET}!`)}`, 'UNAUTHENTICATED'],
  ['an expired token', async () => `Bearer ${await sign({ exp: now() - 30 })}`, 'UNAUTHENTICATED'],
  [
    'a not-yet-valid token',
    async () => `Bearer ${await sign({ nbf: now() + 600 })}`,
    'UNAUTHENTICATED',
  ],
  [
    'a wrong issuer',
    async () => `Bearer ${await sign({ iss: 'https://evil.example' })}`,
    'UNAUTHENTICATED',
  ],
  [
    'a wrong audience',
    async () => `Bearer ${await sign({ aud: 'someone-else' })}`,
    'UNAUTHENTICATED',
  ],
  ['a missing scope', async () => `Bearer ${await sign({ scope: 'profile' })}`, 'FORBIDDEN'],
  [
    'a meeting not allowed',
    async () => `Bearer ${await sign({ meeting_ids: [randomUUID()] })}`,
    'FORBIDDEN',
  ],
  ['a valid token', async () => `Bearer ${await sign({ meeting_ids: [MEETING] })}`, 'OK'],
];

async function overHttp(authorization: string | undefined): Promise<Expected> {
  const response = await fetch(`${server.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
    body: JSON.stringify({
      query: print(ActiveRecordingDocument),
      variables: { meetingId: MEETING },
    }),
  });
  const body = await response.json();
  if (response.status === 401) return 'UNAUTHENTICATED';
  return body.errors?.[0]?.extensions?.code ?? (body.data ? 'OK' : 'UNKNOWN');
}

async function overSse(authorization: string | undefined): Promise<Expected> {
  const query = encodeURIComponent(print(RecordingStatusChangedDocument));
  const variables = encodeURIComponent(JSON.stringify({ meetingId: MEETING }));
  const abort = new AbortController();
  const response = await fetch(`${server.url}/graphql?query=${query}&variables=${variables}`, {
    headers: { accept: 'text/event-stream', ...(authorization ? { authorization } : {}) },
    signal: abort.signal,
  });
  if (response.status === 401) {
    await response.body?.cancel();
    return 'UNAUTHENTICATED';
  }
  // A refused subscription answers at once with an error event; an accepted one stays open.
  const reader = response.body?.pipeThrough(new TextDecoderStream()).getReader();
  const first = await Promise.race([
    reader?.read().then((chunk) => chunk.value ?? ''),
    new Promise<string>((resolve) => setTimeout(() => resolve(''), 500)),
  ]);
  abort.abort();
  const code = /"code":"(\w+)"/.exec(first ?? '')?.[1];
  return (code as Expected | undefined) ?? 'OK';
}

async function overWs(authorization: string | undefined): Promise<Expected> {
  let closeCode: number | undefined;
  const client = createClient({
    url: `${server.url.replace('http', 'ws')}/graphql`,
    webSocketImpl: WebSocket,
    retryAttempts: 0,
    connectionParams: authorization ? { authorization } : {},
    on: { closed: (event) => (closeCode = (event as { code: number }).code) },
  });
  const outcome = await new Promise<Expected>((resolve) => {
    client.subscribe(
      { query: print(RecordingStatusChangedDocument), variables: { meetingId: MEETING } },
      {
        next: (result) => resolve((result.errors?.[0]?.extensions?.code as Expected) ?? 'OK'),
        error: () => resolve(closeCode === 4403 ? 'UNAUTHENTICATED' : 'OK'),
        complete: () => resolve('OK'),
      },
    );
    // An accepted subscription sends nothing until an event: silence is acceptance.
    setTimeout(() => resolve('OK'), 700);
  });
  await client.dispose();
  return outcome;
}

describe.each([
  ['HTTP', overHttp],
  ['SSE', overSse],
  ['graphql-ws', overWs],
] as const)('the token matrix over %s', (_transport, attempt) => {
  it.each(MATRIX.map(([name, authorization, expected]) => ({ name, authorization, expected })))(
    '$name → $expected',
    async ({ authorization, expected }) => {
      expect(await attempt(await authorization())).toBe(expected);
    },
  );
});
