import { randomUUID } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import type { GatewayServer } from '../src/transport/server.js';
import { startTestServer } from './support/gateway.js';
import { fetchFrom, post } from './support/http.js';
import { bearer, rsaPair, signToken } from './support/keys.js';
import { type CapturedLogs, captureLogs, noteSecret } from './support/logs.js';
import { subscribeSse } from './support/sse.js';
import { scaled } from './support/time.js';
import { subscribeWs, wsClient } from './support/ws.js';
import { signBody, statusUpdateBody } from './webhooks/support.js';

/**
 * Errors any client can cause, on every path (HTTP, SSE, graphql-ws, the webhook intake), are
 * logged below warn, so a client cannot flood the levels an operator watches: each one is driven
 * here, and then no line of the run is at error, and the only warn is the first webhook refusal.
 */

const SECRET = `log-levels-secret-${randomUUID()}`;
const key = rsaPair();
let server: GatewayServer;
let logs: CapturedLogs;
let firstLine = 0;

beforeAll(async () => {
  logs = captureLogs('debug');
  noteSecret(SECRET);
  server = await startTestServer(
    {
      AUTH_MODE: 'jwt',
      AUTH_JWT_SECRET: SECRET,
      REALTIMEKIT_WEBHOOK_PUBLIC_KEY: key.pem,
      MUTATIONS_PER_MINUTE: '2',
      SUBSCRIPTIONS_PER_SOCKET: '1',
      RECONCILE_BUDGET_PER_MINUTE: '0',
    },
    logs.logger,
  );
  firstLine = logs.lines.length;
});
afterAll(() => server?.stop());

const token = (claims: Record<string, unknown> = {}) =>
  signToken(SECRET, { sub: `user-${randomUUID()}`, ...claims });

/** The lines logged since the gateway started, parsed. */
const since = () =>
  logs.lines.slice(firstLine).map((line) => JSON.parse(line) as Record<string, unknown>);

const codesOf = (answer: { body: { errors?: Array<{ extensions?: { code?: string } }> } }) =>
  (answer.body.errors ?? []).map((error) => error.extensions?.code);

async function query(body: unknown, authorization?: string) {
  return post(server, body, { authorization: authorization ?? bearer(await token()) });
}

/** A raw HTTP request, for what fetch will not send (another `Host`). */
function rawRequest(headers: Record<string, string>): Promise<number> {
  const { port } = new URL(server.url);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: '127.0.0.1', port, path: '/graphql', method: 'GET', headers },
      (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      },
    );
    req.on('error', reject).end();
  });
}

const webhook = (body: string, headers: Record<string, string> = {}) =>
  fetchFrom(server, '/webhooks/realtimekit', {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'rtk-uuid': randomUUID(), ...headers },
    body,
  }).then((response) => response.status);

const signed = (body: string) => webhook(body, { 'rtk-signature': signBody(body, key.privateKey) });

describe('client errors on every path', () => {
  it('are logged at debug or info, never at warn or error (one warn for webhook refusals)', async () => {
    // GraphQL over HTTP.
    expect(
      codesOf(await query({ query: '{ recordings(after: "garbage") { totalCount } }' })),
    ).toEqual(['VALIDATION']);
    expect(codesOf(await query({ query: '{ recording(id: "nope") { id } }' }))).toEqual([
      'VALIDATION',
    ]);
    expect(codesOf(await query({ query: '{ recordings(first: 101) { totalCount } }' }))).toEqual([
      'VALIDATION',
    ]);
    expect(
      codesOf(
        await query({
          query: 'query($n: Int) { recordings(first: $n) { totalCount } }',
          variables: { n: 'many' },
        }),
      ),
    ).toHaveLength(1);
    expect(codesOf(await query({ query: '{ recordings( }' }))).toHaveLength(1);
    expect(codesOf(await query({ query: '{ nothingHere }' }))).toHaveLength(1);
    const aliases = Array.from({ length: 20 }, (_, i) => `a${i}: recording(id: "x") { id }`);
    expect(codesOf(await query({ query: `{ ${aliases.join(' ')} }` }))).toEqual(['VALIDATION']);
    const notFound = await query({
      query: `mutation { pauseRecording(id: "${randomUUID()}") { __typename } }`,
    });
    expect(notFound.body.data).toEqual({ pauseRecording: { __typename: 'NotFoundError' } });
    const readOnly = bearer(await token({ scope: 'recordings:read' }));
    const forbidden = await query(
      { query: `mutation { stopRecording(id: "${randomUUID()}") { __typename } }` },
      readOnly,
    );
    expect(codesOf(forbidden)).toEqual(['FORBIDDEN']);
    const unauthenticated = await query({ query: '{ __typename }' }, 'Bearer not.a.token');
    expect(unauthenticated.status).toBe(401);
    const limited = bearer(await token());
    const mutation = { query: 'mutation { pauseRecording(id: "bad") { __typename } }' };
    for (let i = 0; i < 2; i += 1) await query(mutation, limited);
    const refused = await query(mutation, limited);
    expect(
      codesOf(refused).includes('RATE_LIMITED') ||
        (refused.body.data?.pauseRecording as { __typename?: string } | undefined)?.__typename ===
          'RateLimitedError',
    ).toBe(true);
    expect((await query('x'.repeat(70_000))).status).toBe(413);
    const typeless = await fetchFrom(server, '/graphql', {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: '{"query":"{ __typename }"}',
    });
    expect(typeless.status).toBe(415);
    const overGet = await fetchFrom(
      server,
      `/graphql?query=${encodeURIComponent('mutation { stopRecording(id: "x") { __typename } }')}`,
      { headers: { authorization: readOnly } },
    );
    expect(overGet.status).toBe(405);
    expect(await rawRequest({ host: 'evil.example' })).toBe(403);

    // Server-sent events.
    const badCursor = 'subscription { recordingStatusChanged(after: "yesterday") { cursor } }';
    const sse = await subscribeSse(server, { query: badCursor }, { authorization: readOnly });
    expect(sse.outcome).toBe('refused');
    const sseAnonymous = await subscribeSse(server, { query: badCursor });
    expect(sseAnonymous.code).toBe(401);

    // graphql-ws.
    const params = { connectionParams: { authorization: readOnly } };
    const ws = await subscribeWs(server, { query: badCursor }, params);
    expect(ws.outcome).toBe('refused');
    const wsAnonymous = await subscribeWs(
      server,
      { query: badCursor },
      {
        connectionParams: { authorization: 'Bearer not.a.token' },
      },
    );
    expect(wsAnonymous.code).toBe(4403);
    const wsQuery = await subscribeWs(
      server,
      { query: '{ recording(id: "nope") { id } }' },
      params,
    );
    expect(wsQuery.outcome).toBe('refused');
    const watch = 'subscription { recordingStatusChanged(meetingId: "MEETING") { cursor } }';
    const crowded = wsClient(server.url, params);
    const errors: unknown[] = [];
    const sink = {
      next: () => {},
      error: (error: unknown) => errors.push(error),
      complete: () => {},
    };
    for (let i = 0; i < 2; i += 1) {
      crowded.subscribe({ query: watch.replace('MEETING', randomUUID()) }, sink);
    }
    await vi.waitFor(() => expect(errors).toHaveLength(1), { timeout: scaled(30_000) });
    await crowded.dispose();
    const raw = new WebSocket(
      `${server.url.replace(/^http/, 'ws')}/graphql`,
      'graphql-transport-ws',
    );
    const closed = new Promise<number>((resolve) => raw.on('close', (code) => resolve(code)));
    raw.on('open', () => raw.send('{not json'));
    expect(await closed).toBe(4400);

    // The webhook intake: unsigned, forged, malformed, oversized, another app's, not a POST.
    const body = JSON.stringify(statusUpdateBody({ id: randomUUID(), status: 'RECORDING' }));
    for (let i = 0; i < 20; i += 1) expect(await webhook(body)).toBe(401);
    expect(await webhook(body, { 'rtk-signature': 'AAAA' })).toBe(401);
    expect(await signed('{"event":')).toBe(400);
    expect(await webhook('x'.repeat(300_000), { 'rtk-signature': 'AAAA' })).toBe(413);
    const otherApp = JSON.stringify(
      statusUpdateBody({ id: randomUUID(), status: 'RECORDING', organizationId: randomUUID() }),
    );
    expect(await signed(otherApp)).toBe(403);
    const get = await fetchFrom(server, '/webhooks/realtimekit', { method: 'GET' });
    expect(get.status).toBe(405);
    expect(server.app.intake.stats().rejected).toMatchObject({
      unauthorized: 21,
      malformed: 1,
      too_large: 1,
      wrong_app: 1,
    });

    const lines = since();
    expect(lines.filter((line) => Number(line.level) >= 50)).toEqual([]);
    const warned = lines.filter((line) => Number(line.level) === 40);
    expect(warned.map((line) => line.msg)).toEqual([
      'webhook refused; further refusals are summarised once per interval',
    ]);
    // Each was logged, below warn: the codes of failed operations, the refused tokens, the
    // refused webhooks (all but the first).
    const debugCodes = new Set(
      lines
        .filter((line) => Number(line.level) === 20)
        .flatMap((line) => [
          line.code,
          ...((line.errors as Array<{ code?: string }>) ?? []).map((e) => e.code),
        ]),
    );
    for (const code of ['VALIDATION', 'FORBIDDEN', 'RATE_LIMITED'])
      expect(debugCodes).toContain(code);
    expect(lines.filter((line) => line.msg === 'webhook refused')).toHaveLength(24);
  });
});
