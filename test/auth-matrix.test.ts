import { randomUUID } from 'node:crypto';
import { print } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GatewayServer } from '../src/transport/server.js';
import {
  ActiveRecordingDocument,
  RecordingStatusChangedDocument,
} from './__generated__/graphql.js';
import { startTestServer } from './support/gateway.js';
import { graphql } from './support/http.js';
import { nowSeconds as now, signToken } from './support/keys.js';
import { subscribeSse } from './support/sse.js';
import type { Subscription } from './support/subscriptions.js';
import { subscribeWs } from './support/ws.js';

/**
 * The token matrix: every kind of token, on every transport, gets the same answer. HTTP reads
 * `activeRecording(meetingId)`; SSE and graphql-ws subscribe to that meeting, and a subscription
 * counts as accepted only once the gateway has registered it.
 */

const SECRET = 'matrix-signing-secret-of-at-least-32-bytes';
const ISSUER = 'https://idp.example';
const AUDIENCE = 'rtk-gateway';
const MEETING = randomUUID();
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

function sign(claims: Record<string, unknown> = {}, secret = SECRET): Promise<string> {
  return signToken(secret, {
    sub: 'matrix-user',
    scope: 'recordings:read',
    iss: ISSUER,
    aud: AUDIENCE,
    ...claims,
  });
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

async function overHttp(authorization: string | undefined): Promise<string> {
  const response = await graphql(
    server,
    ActiveRecordingDocument,
    { meetingId: MEETING },
    { authorization },
  );
  if (response.status === 401) return 'UNAUTHENTICATED';
  return response.body.errors?.[0]?.extensions?.code ?? (response.body.data ? 'OK' : 'UNKNOWN');
}

const WATCH = { query: print(RecordingStatusChangedDocument), variables: { meetingId: MEETING } };

/** `OK` once registered; else the refusal's code (401 and close 4403 are UNAUTHENTICATED). */
async function outcomeOf(subscription: Subscription<unknown>): Promise<string> {
  await subscription.close();
  if (subscription.outcome === 'accepted') return 'OK';
  if (subscription.code === 401 || subscription.code === 4403) return 'UNAUTHENTICATED';
  const [error] = subscription.errors as Array<{ extensions?: { code?: string } }>;
  return error?.extensions?.code ?? 'UNKNOWN';
}

const overSse = async (authorization: string | undefined) =>
  outcomeOf(await subscribeSse(server, WATCH, { authorization }));

const overWs = async (authorization: string | undefined) =>
  outcomeOf(
    await subscribeWs(server, WATCH, { connectionParams: authorization ? { authorization } : {} }),
  );

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
