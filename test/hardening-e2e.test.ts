import { randomUUID } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { describe, expect, it } from 'vitest';
import type { GatewayServer } from '../src/transport/server.js';
import { StartRecordingDocument } from './__generated__/graphql.js';
import { gatewayPool } from './support/gateway.js';
import { graphql, post } from './support/http.js';
import { subscribeWs } from './support/ws.js';

/** The hardening as a client meets it, over real sockets, on every transport. */

const gateway = gatewayPool();

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

  it('limits mutations per client and spends no upstream call on a refused one', async () => {
    const server = await gateway({ MUTATIONS_PER_MINUTE: '2' });
    const start = () =>
      graphql(server, StartRecordingDocument, { input: { meetingId: randomUUID() } });
    await start();
    await start();
    const before = server.app.simulator?.calls.length;
    const [limited] = (await start()).expectGraphQLErrors();
    expect(limited?.extensions).toMatchObject({ code: 'RATE_LIMITED' });
    expect(limited?.extensions?.retryAfterSeconds).toBeGreaterThan(0);
    expect(server.app.simulator?.calls.length).toBe(before);
  });
});
