import { randomUUID } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { describe, expect, it } from 'vitest';
import type { GatewayServer } from '../src/transport/server.js';
import { PauseRecordingDocument, StartRecordingDocument } from './__generated__/graphql.js';
import { gatewayPool } from './support/gateway.js';
import { graphql, post } from './support/http.js';
import { bearer, signToken } from './support/keys.js';
import { subscribeWs } from './support/ws.js';

/** The hardening as a client meets it, over real sockets, on every transport. */

const gateway = gatewayPool();
const SECRET = 'a-hardening-e2e-signing-secret-of-32-bytes+';

/**
 * POSTs a chunked body (no Content-Length, so Node's parser does not bound it) as `chunks` pieces,
 * writing the next once the previous one is flushed, and none after the answer has arrived.
 */
function postChunked(server: GatewayServer, chunks: string[], options = { end: true }) {
  return new Promise<{ status: number; text: string; written: number }>((resolve, reject) => {
    const req = httpRequest(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' },
    });
    let written = 0;
    let answered = false;
    req.on('response', (res) => {
      answered = true;
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (part: string) => {
        text += part;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text, written }));
    });
    req.on('error', (error) => (answered ? undefined : reject(error)));
    const next = () => {
      if (answered) return;
      const chunk = chunks[written];
      if (chunk === undefined) return void (options.end && req.end());
      written += 1;
      req.write(chunk, next);
    };
    next();
  });
}

const depthBomb = `{ ${'meeting(id: "x") { recordings { edges { node { meeting '.repeat(4)}{ id } ${'} } } } '.repeat(4)}}`;

describe('gateway hardening', () => {
  it('allows no cross-origin browser by default, and exactly the listed origins when set', async () => {
    const closed = await gateway();
    const preflight = (server: GatewayServer, origin: string) =>
      fetch(`${server.url}/graphql`, {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'POST' },
      });
    expect(
      (await preflight(closed, 'https://app.example.com')).headers.get(
        'access-control-allow-origin',
      ),
    ).toBeNull();
    const open = await gateway({ CORS_ORIGINS: 'https://app.example.com' });
    expect(
      (await preflight(open, 'https://app.example.com')).headers.get('access-control-allow-origin'),
    ).toBe('https://app.example.com');
    expect(
      (await preflight(open, 'https://evil.example')).headers.get('access-control-allow-origin'),
    ).not.toBe('https://evil.example');
  });

  it('turns GraphiQL and introspection off in production unless asked', async () => {
    const production = await gateway({ NODE_ENV: 'production' });
    const page = await fetch(`${production.url}/graphql`, { headers: { accept: 'text/html' } });
    expect(await page.text()).not.toContain('<!doctype html>');
    const introspection = await post(production, { query: '{ __schema { types { name } } }' });
    expect(introspection.text).toContain('"code":"VALIDATION"');
    const opted = await gateway({ NODE_ENV: 'production', INTROSPECTION: 'true' });
    const allowed = await post(opted, { query: '{ __schema { queryType { name } } }' });
    expect(allowed.body).toEqual({ data: { __schema: { queryType: { name: 'Query' } } } });
  });

  it('refuses a depth bomb over HTTP and over graphql-ws alike, without calling upstream', async () => {
    const server = await gateway();
    const before = server.app.simulator?.calls.length;
    const overHttp = await post(server, { query: depthBomb });
    expect(overHttp.expectGraphQLErrors()[0]?.extensions?.code).toBe('VALIDATION');
    const overWs = await subscribeWs(server, { query: depthBomb });
    await overWs.close();
    expect(overWs.outcome).toBe('refused');
    expect(overWs.errors).toMatchObject([{ extensions: { code: 'VALIDATION' } }]);
    expect(server.app.simulator?.calls.length).toBe(before);
  });

  it('answers 413 to an oversized body', async () => {
    const server = await gateway();
    const response = await post(server, { query: `{ __typename }`, padding: 'x'.repeat(200_000) });
    expect(response.status).toBe(413);
    expect(response.expectGraphQLErrors()[0]?.extensions?.code).toBe('REQUEST_ENTITY_TOO_LARGE');
  });

  it('caps a chunked body (no length for Node to enforce) over a real socket, and runs a small one', async () => {
    const server = await gateway();
    // Just past the limit, and never ended: had the gateway waited for the end, it would hang.
    // (Writing on after the answer would race the connection's reset.)
    const pad = ' '.repeat(16 * 1024);
    const chunks = ['{"query":"{ __typename }"', ...Array.from({ length: 5 }, () => pad)];
    const oversized = await postChunked(server, chunks, { end: false });
    expect(oversized.status).toBe(413);
    expect(JSON.parse(oversized.text).errors[0].extensions.code).toBe('REQUEST_ENTITY_TOO_LARGE');
    const small = await postChunked(server, ['{"query":', '"{ __typename }"}']);
    expect(small.status).toBe(200);
    expect(JSON.parse(small.text)).toEqual({ data: { __typename: 'Query' } });
  });

  it('limits mutations per client: over it, the RateLimitedError result, and no upstream call', async () => {
    const server = await gateway({ MUTATIONS_PER_MINUTE: '2' });
    const start = () =>
      graphql(server, StartRecordingDocument, { input: { meetingId: randomUUID() } });
    await start();
    await start();
    const before = server.app.simulator?.calls.length;
    const answer = await start();
    expect(answer.status).toBe(200);
    expect(answer.body.errors).toBeUndefined();
    const limited = answer.body.data?.startRecording;
    expect(limited).toMatchObject({ __typename: 'RateLimitedError', code: 'RATE_LIMITED' });
    const wait = (limited as { retryAfterSeconds: number }).retryAfterSeconds;
    expect(wait).toBeGreaterThanOrEqual(1);
    expect(wait).toBeLessThanOrEqual(60);
    expect(server.app.simulator?.calls.length).toBe(before);
  });

  it('refuses a mutation over the limit before its scopes read anything upstream', async () => {
    const server = await gateway({
      AUTH_MODE: 'jwt',
      AUTH_JWT_SECRET: SECRET,
      MUTATIONS_PER_MINUTE: '1',
    });
    // A token limited to one meeting: pausing must first read the recording to find its meeting.
    const authorization = bearer(await signToken(SECRET, { meeting_ids: [randomUUID()] }));
    const pause = () =>
      graphql(server, PauseRecordingDocument, { id: randomUUID() }, { authorization });
    const calls = () => server.app.simulator?.calls.length ?? 0;
    const first = calls();
    expect((await pause()).body.data?.pauseRecording.__typename).toBe('NotFoundError');
    expect(calls()).toBeGreaterThan(first);
    const second = calls();
    expect((await pause()).body.data?.pauseRecording).toMatchObject({
      __typename: 'RateLimitedError',
      code: 'RATE_LIMITED',
    });
    expect(calls()).toBe(second);
  });

  it('answers a request refused by a limit 429 with Retry-After to graphql-response+json, 200 to json', async () => {
    const server = await gateway({
      QUERY_UPSTREAM_CALLS_PER_MINUTE: '1',
      GRAPHQL_MAX_UPSTREAM_CALLS_PER_REQUEST: '1',
    });
    const query = { query: `{ recording(id: "${randomUUID()}") { id } }` };
    expect((await post(server, query)).body).toEqual({ data: { recording: null } });
    const calls = server.app.simulator?.calls.length;
    const spec = await post(server, query, {
      headers: { accept: 'application/graphql-response+json' },
    });
    expect(spec.status).toBe(429);
    expect(spec.headers.get('content-type')).toContain('application/graphql-response+json');
    const [error] = spec.expectGraphQLErrors();
    expect(spec.body.data).toBeUndefined();
    expect(error?.extensions).toEqual({
      code: 'RATE_LIMITED',
      retryAfterSeconds: expect.any(Number),
    });
    expect(spec.headers.get('retry-after')).toBe(String(error?.extensions?.retryAfterSeconds));
    // The same refusal to a client that accepts only application/json: 200, as the spec says.
    for (const accept of ['application/json', undefined]) {
      const json = await post(server, query, { headers: accept ? { accept } : {} });
      expect(json.status).toBe(200);
      expect(json.body).toEqual({
        errors: [expect.objectContaining({ extensions: error?.extensions })],
      });
    }
    expect(server.app.simulator?.calls.length).toBe(calls);
  });
});
