import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import type { GatewayServer } from '../../src/transport/server.js';
import { gatewayPool } from '../support/gateway.js';

/**
 * Cross-site request forgery with AUTH_MODE=none: a page on any site can make a browser POST a
 * form (or `text/plain`, or a typeless body) to the gateway without a CORS preflight.
 */

const gateway = gatewayPool();
let server: GatewayServer;
beforeAll(async () => {
  server = await gateway();
});

const upstreamCalls = () => server.app.simulator?.calls.length ?? 0;
const startMutation = () =>
  `mutation { startRecording(input: { meetingId: "${randomUUID()}" }) { __typename } }`;

function post(body: BodyInit, headers: Record<string, string>) {
  return fetch(`${server.url}/graphql`, { method: 'POST', headers, body });
}

describe('requests a browser sends cross-site without a preflight', () => {
  it.each([
    [
      'an HTML form',
      'application/x-www-form-urlencoded',
      () => new URLSearchParams({ query: startMutation() }),
    ],
    [
      'a text/plain body',
      'text/plain;charset=UTF-8',
      () => JSON.stringify({ query: startMutation() }),
    ],
    [
      'a multipart form',
      'multipart/form-data; boundary=x',
      () =>
        `--x\r\nContent-Disposition: form-data; name="operations"\r\n\r\n${JSON.stringify({ query: startMutation() })}\r\n--x--\r\n`,
    ],
  ])('refuses %s with 415 before anything runs', async (_name, type, body) => {
    const before = upstreamCalls();
    const response = await post(body(), { 'content-type': type });
    expect(response.status).toBe(415);
    const answer = (await response.json()) as { errors: { extensions: { code: string } }[] };
    expect(answer.errors[0]?.extensions.code).toBe('VALIDATION');
    expect(upstreamCalls()).toBe(before);
  });

  it('refuses a POST that declares no content type', async () => {
    const before = upstreamCalls();
    const blob = new Blob([JSON.stringify({ query: startMutation() })]);
    const response = await post(blob, {});
    expect(response.status).toBe(415);
    expect(upstreamCalls()).toBe(before);
  });

  it('refuses a mutation sent as a GET (a link or an image can send one) with 405', async () => {
    const before = upstreamCalls();
    const url = `${server.url}/graphql?query=${encodeURIComponent(startMutation())}`;
    const response = await fetch(url, { headers: { accept: 'application/json' } });
    expect(response.status).toBe(405);
    expect(upstreamCalls()).toBe(before);
  });
});

describe('what real clients send keeps working', () => {
  it.each([
    ['application/json', JSON.stringify({ query: '{ __typename }' })],
    ['application/json; charset=utf-8', JSON.stringify({ query: '{ __typename }' })],
    ['application/graphql+json', JSON.stringify({ query: '{ __typename }' })],
    ['application/graphql', '{ __typename }'],
  ])('answers a %s query', async (type, body) => {
    const response = await post(body, { 'content-type': type });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ data: { __typename: 'Query' } });
  });

  it('runs a JSON mutation, and a query sent as a GET', async () => {
    const started = await post(JSON.stringify({ query: startMutation() }), {
      'content-type': 'application/json',
    });
    expect(await started.json()).toEqual({
      data: { startRecording: { __typename: 'StartRecordingSuccess' } },
    });
    const read = await fetch(
      `${server.url}/graphql?query=${encodeURIComponent('{ __typename }')}`,
      {
        headers: { accept: 'application/graphql-response+json' },
      },
    );
    expect(read.status).toBe(200);
    expect(await read.json()).toEqual({ data: { __typename: 'Query' } });
  });
});
