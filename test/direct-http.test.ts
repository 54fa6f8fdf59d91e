import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { type IncomingMessage, request } from 'node:http';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { GatewayServer } from '../src/server.js';
import { gatewayPool, JWT_SECRET, rawRequest, signToken } from './security/support.js';

/**
 * The direct path (src/transport/http-direct.ts) answers the common JSON POST without yoga's HTTP
 * layer. Each request here is sent twice, once to `/graphql` (direct) and once to `/graphql?`
 * (which only yoga serves): status, content type and body must be the same, byte for byte, for
 * answers and refusals alike, and the direct path must really have answered the plain ones.
 */

const gateway = gatewayPool();
let production: GatewayServer;
let withJwt: GatewayServer;
beforeAll(async () => {
  production = await gateway({ NODE_ENV: 'production' });
  withJwt = await gateway({
    NODE_ENV: 'production',
    AUTH_MODE: 'jwt',
    AUTH_JWT_SECRET: JWT_SECRET,
  });
}, 60_000);

async function post(server: GatewayServer, path: string, body: string, headers: object) {
  const answer = await rawRequest(server.url, {
    method: 'POST',
    path,
    headers: {
      host: new URL(server.url).host,
      'content-type': 'application/json',
      'content-length': String(Buffer.byteLength(body)),
      ...headers,
    },
    body,
  });
  return { status: answer.status, type: answer.headers['content-type'], body: answer.body };
}

/** Sends `body` both ways; returns yoga's answer once both agree, and which way the direct went. */
async function bothWays(server: GatewayServer, body: string, headers: object = {}) {
  const before = server.directGraphQL();
  const direct = await post(server, '/graphql', body, headers);
  const after = server.directGraphQL();
  const viaYoga = await post(server, '/graphql?', body, headers);
  expect(direct).toEqual(viaYoga);
  // The yoga-only path never counts.
  expect(server.directGraphQL()).toEqual(after);
  return {
    ...viaYoga,
    answeredDirectly: after.answered - before.answered === 1,
    handedToYoga: after.handedToYoga - before.handedToYoga === 1,
  };
}

const json = (value: unknown) => JSON.stringify(value);
const ACCEPTS = [
  {},
  { accept: '*/*' },
  { accept: 'application/json' },
  { accept: 'application/graphql-response+json' },
];
const UNKNOWN = randomUUID();

describe('the direct GraphQL path', () => {
  it.each(ACCEPTS)('answers queries as yoga does (%o)', async (accept) => {
    const plain = await bothWays(production, json({ query: '{ __typename }' }), accept);
    expect(plain).toMatchObject({ status: 200, answeredDirectly: true });
    expect(JSON.parse(plain.body)).toEqual({ data: { __typename: 'Query' } });
    const missing = await bothWays(
      production,
      json({ query: 'query($id: ID!) { recording(id: $id) { id } }', variables: { id: UNKNOWN } }),
      accept,
    );
    expect(missing).toMatchObject({ status: 200, answeredDirectly: true });
    expect(JSON.parse(missing.body)).toEqual({ data: { recording: null } });
    // An execution error (the datasource's own check): answered directly, with its code.
    const invalid = await bothWays(
      production,
      json({ query: '{ recording(id: "nope") { id } }' }),
      accept,
    );
    expect(invalid.answeredDirectly).toBe(true);
    expect(JSON.parse(invalid.body).errors[0].extensions.code).toBe('VALIDATION');
    // A variable GraphQL cannot coerce: an execution result, its value left out of the message.
    const coerced = await bothWays(
      production,
      json({
        query: 'query($id: ID!) { recording(id: $id) { id } }',
        variables: { id: { x: 'secret-ish' } },
      }),
      accept,
    );
    expect(coerced.answeredDirectly).toBe(true);
    expect(coerced.body).toContain('$id');
    expect(coerced.body).not.toContain('secret-ish');
    // Several operations, one named: the named one runs.
    const named = await bothWays(
      production,
      json({ query: 'query A { __typename } query B { b: __typename }', operationName: 'B' }),
      accept,
    );
    expect(JSON.parse(named.body)).toEqual({ data: { b: 'Query' } });
    // Several operations and no name: GraphQL's own execution error, as yoga gives it.
    const unnamed = await bothWays(
      production,
      json({ query: 'query A { a: __typename } query B { b: __typename }' }),
      accept,
    );
    expect(JSON.parse(unnamed.body).errors).toHaveLength(1);
  });

  it.each(ACCEPTS)('leaves every refusal to yoga (%o)', async (accept) => {
    const refusals = [
      'not json',
      json([{ query: '{ __typename }' }]),
      json({ query: '{ __typename }', extra: 1 }),
      json({ query: 42 }),
      json({ query: '{ __typename }', variables: 'x' }),
      json({ query: '{ __typename' }),
      json({ query: '{ recordin(id: "x") { id } }' }),
      json({ query: '{ __schema { queryType { name } } }' }),
      json({
        query: `{ ${Array.from({ length: 16 }, (_, n) => `a${n}: recording(id: "${UNKNOWN}") { id }`).join(' ')} }`,
      }),
    ];
    for (const body of refusals) {
      const answer = await bothWays(production, body, accept);
      expect({ body, direct: answer.answeredDirectly }).toEqual({ body, direct: false });
      expect(answer.status === 200 ? JSON.parse(answer.body).errors : answer.status).toBeTruthy();
    }
    // What yoga has not even seen is not counted as handed over.
    const parsed = await bothWays(production, json({ query: '{ recordin }' }), accept);
    expect(parsed.handedToYoga).toBe(true);
  });

  it('leaves the caller a token refused to yoga (401, WWW-Authenticate), and serves a good one', async () => {
    const none = await bothWays(withJwt, json({ query: '{ __typename }' }));
    expect(none).toMatchObject({ status: 401, handedToYoga: true });
    const bad = await bothWays(withJwt, json({ query: '{ __typename }' }), {
      authorization: 'Bearer x.y.z',
    });
    expect(bad).toMatchObject({ status: 401, handedToYoga: true });
    const token = await signToken({ sub: 'direct-reader' }, Math.floor(Date.now() / 1000) + 600);
    const good = await bothWays(withJwt, json({ query: '{ __typename }' }), {
      authorization: `Bearer ${token}`,
    });
    expect(good).toMatchObject({ status: 200, answeredDirectly: true });
  });

  it('hands a subscription to yoga, which streams it and lets it go when the client leaves', async () => {
    const body = json({ query: 'subscription { recordingStatusChanged { status } }' });
    const feed = production.app.events;
    const before = { ...production.directGraphQL(), subscribers: feed.subscribers };
    const req = request(`${production.url}/graphql`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'content-length': String(Buffer.byteLength(body)),
        accept: '*/*',
      },
    });
    req.end(body);
    const [res] = (await once(req, 'response')) as [IncomingMessage];
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/event-stream/);
    expect(production.directGraphQL()).toEqual({
      answered: before.answered,
      handedToYoga: before.handedToYoga + 1,
    });
    await vi.waitFor(() => expect(feed.subscribers).toBe(before.subscribers + 1), {
      timeout: 30_000,
    });
    req.destroy();
    await vi.waitFor(() => expect(feed.subscribers).toBe(before.subscribers), { timeout: 30_000 });
  });

  it('sends to yoga what it must negotiate or decode itself', async () => {
    const body = json({ query: '{ __typename }' });
    const before = production.directGraphQL();
    for (const headers of [
      { accept: 'text/event-stream' },
      { accept: 'application/graphql-response+json, application/json' },
      { 'content-type': 'application/graphql+json' },
      { 'content-type': 'text/plain' },
    ]) {
      await post(production, '/graphql', body, headers);
    }
    expect(production.directGraphQL()).toEqual(before);
  });
});
