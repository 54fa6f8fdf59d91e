import { once } from 'node:events';
import type { IncomingMessage } from 'node:http';
import { beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createHostCheck, originAllowed } from '../../src/security/hosts.js';
import type { GatewayServer } from '../../src/transport/server.js';
import { gatewayPool } from '../support/gateway.js';
import { firstResult, wsClient } from '../support/ws.js';
import { rawRequest } from './support.js';

/**
 * Cross-site WebSockets and DNS rebinding: CORS does not cover a WebSocket, so a page on any
 * site could open one; and a page whose DNS name points at 127.0.0.1 reaches a loopback gateway
 * with its own name as `Host`.
 */

const gateway = gatewayPool();
let server: GatewayServer;
let port: string;
beforeAll(async () => {
  server = await gateway({ CORS_ORIGINS: 'https://app.example.com' });
  port = new URL(server.url).port;
});

const wsUrl = (target: GatewayServer) => `${target.url.replace('http', 'ws')}/graphql`;

/** The HTTP status of a WebSocket handshake: 101 when the socket opened. */
async function handshake(
  target: GatewayServer,
  options: { origin?: string; host?: string },
): Promise<number> {
  const socket = new WebSocket(wsUrl(target), 'graphql-transport-ws', {
    ...(options.origin ? { origin: options.origin } : {}),
    ...(options.host ? { headers: { host: options.host } } : {}),
  });
  socket.on('error', () => {});
  const status = await Promise.race([
    once(socket, 'open').then(() => 101),
    once(socket, 'unexpected-response').then(([, res]) => (res as IncomingMessage).statusCode ?? 0),
  ]);
  socket.terminate();
  return status;
}

/** Runs `{ __typename }` over graphql-ws, opening the socket with `origin` (none: no header). */
async function queryOverWs(target: GatewayServer, origin?: string): Promise<unknown> {
  class BrowserLike extends WebSocket {
    constructor(url: string, protocols?: string | string[]) {
      super(url, protocols, origin ? { origin } : {});
    }
  }
  const client = wsClient(target.url, { webSocketImpl: BrowserLike });
  try {
    return await firstResult(client, { query: '{ __typename }' });
  } finally {
    await client.dispose();
  }
}

describe('graphql-ws origin check', () => {
  it('refuses a browser on another site at the handshake, before any message', async () => {
    expect(await handshake(server, { origin: 'https://evil.example' })).toBe(403);
    expect(await handshake(server, { origin: 'null' })).toBe(403);
    await expect(queryOverWs(server, 'https://evil.example')).rejects.toBeDefined();
  });

  it('serves clients without an Origin, the listed origins and the gateway’s own (GraphiQL)', async () => {
    const answer = { data: { __typename: 'Query' } };
    expect(await queryOverWs(server)).toEqual(answer);
    expect(await queryOverWs(server, 'https://app.example.com')).toEqual(answer);
    expect(await queryOverWs(server, server.url)).toEqual(answer);
  });
});

describe('Host allow-list on a loopback listener', () => {
  const graphql = (host: string) =>
    rawRequest(server.url, {
      method: 'POST',
      path: '/graphql',
      headers: { host, 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ __typename }' }),
    });

  it('refuses a rebound DNS name on HTTP, the webhook intake and the WebSocket upgrade', async () => {
    const refused = await graphql(`rebind.evil.example:${port}`);
    expect(refused.status).toBe(403);
    expect(JSON.parse(refused.body).errors[0].extensions.code).toBe('FORBIDDEN');
    expect((await graphql('rebind.evil.example')).status).toBe(403);
    expect((await graphql(`127.0.0.1:${Number(port) + 1}`)).status).toBe(403);
    const received = server.app.intake.stats().received;
    const webhook = await rawRequest(server.url, {
      method: 'POST',
      path: '/webhooks/realtimekit',
      headers: { host: `rebind.evil.example:${port}`, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(webhook.status).toBe(403);
    expect(server.app.intake.stats().received).toBe(received);
    expect(await handshake(server, { host: `rebind.evil.example:${port}` })).toBe(403);
    expect(server.stats().hostsRefused).toBeGreaterThanOrEqual(4);
  });

  it('serves localhost, 127.0.0.1 and [::1] with the port, and probes whatever the host', async () => {
    for (const host of [`localhost:${port}`, `127.0.0.1:${port}`, `[::1]:${port}`]) {
      const answer = await graphql(host);
      expect(answer.status).toBe(200);
      expect(JSON.parse(answer.body)).toEqual({ data: { __typename: 'Query' } });
    }
    expect(await handshake(server, { host: `localhost:${port}` })).toBe(101);
    const probe = await rawRequest(server.url, { path: '/healthz', headers: { host: '10.0.0.7' } });
    expect(probe.status).toBe(200);
  });

  it('serves exactly ALLOWED_HOSTS when set', async () => {
    const named = await gateway({ ALLOWED_HOSTS: 'gateway.example.com, api.example.com:8443' });
    const ask = (host: string) =>
      rawRequest(named.url, { path: '/graphql?query=%7B__typename%7D', headers: { host } });
    expect((await ask('gateway.example.com')).status).toBe(200);
    expect((await ask('gateway.example.com:4000')).status).toBe(200);
    expect((await ask('api.example.com:8443')).status).toBe(200);
    expect((await ask('api.example.com')).status).toBe(403);
    expect((await ask(`localhost:${new URL(named.url).port}`)).status).toBe(403);
    // The listening address stays served: the embedded simulator delivers webhooks there.
    expect((await ask(new URL(named.url).host)).status).toBe(200);
  });
});

describe('host and origin rules', () => {
  it('allows any host on a non-loopback listener or with *, unless ALLOWED_HOSTS says otherwise', () => {
    const everywhere = createHostCheck([], { address: '0.0.0.0', port: 4000 });
    expect(everywhere('gateway.example.com')).toBe(true);
    const star = createHostCheck(['*'], { address: '127.0.0.1', port: 4000 });
    expect(star('anything.example')).toBe(true);
    const loopback = createHostCheck([], { address: '::1', port: 4000 });
    expect(loopback('[::1]:4000')).toBe(true);
    expect(loopback('localhost:4001')).toBe(false);
    expect(loopback(undefined)).toBe(false);
    expect(loopback('localhost:4000:4000')).toBe(false);
    const named = createHostCheck(['gateway.example.com'], { address: '0.0.0.0', port: 4000 });
    expect(named('GATEWAY.example.com')).toBe(true);
    expect(named('evil.example')).toBe(false);
    expect(named('0.0.0.0:4000')).toBe(true);
  });

  it('compares origins as origins', () => {
    const cors = ['https://app.example.com/'];
    expect(originAllowed(undefined, 'h:1', cors)).toBe(true);
    expect(originAllowed('https://app.example.com', 'h:1', cors)).toBe(true);
    expect(originAllowed('https://app.example.com.evil.example', 'h:1', cors)).toBe(false);
    expect(originAllowed('http://h:1', 'h:1', cors)).toBe(true);
    expect(originAllowed('http://h:2', 'h:1', cors)).toBe(false);
    expect(originAllowed('file://', 'h:1', cors)).toBe(false);
  });
});
