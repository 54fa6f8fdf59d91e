import { createClient } from 'graphql-ws';
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { GatewayServer } from '../../src/transport/server.js';
import { gatewayPool } from '../support/gateway.js';

/**
 * In production introspection is off on every transport, whichever transport asks first: the
 * validation of a document is cached, so a transport that skipped the rule would open it for all.
 */

const gateway = gatewayPool();
const INTROSPECTION = '{ __schema { queryType { name } } }';

function overWebSocket(server: GatewayServer, query: string) {
  const client = createClient({
    url: `${server.url.replace('http', 'ws')}/graphql`,
    webSocketImpl: WebSocket,
    retryAttempts: 0,
  });
  return new Promise<unknown>((resolve) => {
    client.subscribe({ query }, { next: resolve, error: resolve, complete: () => resolve(null) });
  }).finally(() => client.dispose());
}

async function overHttp(server: GatewayServer, query: string) {
  const response = await fetch(`${server.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query }),
  });
  return (await response.json()) as { data?: unknown; errors?: Array<{ extensions?: object }> };
}

describe('introspection in production', () => {
  it('is refused over graphql-ws, and asking there first does not open it over HTTP', async () => {
    const server = await gateway({ NODE_ENV: 'production' });
    const viaWs = JSON.stringify(await overWebSocket(server, INTROSPECTION));
    expect(viaWs).toContain('VALIDATION');
    expect(viaWs).not.toContain('"queryType"');
    const viaHttp = await overHttp(server, INTROSPECTION);
    expect(viaHttp.data).toBeUndefined();
    expect(viaHttp.errors?.[0]?.extensions).toMatchObject({ code: 'VALIDATION' });
  });

  it('is answered on every transport when INTROSPECTION=true', async () => {
    const server = await gateway({ NODE_ENV: 'production', INTROSPECTION: 'true' });
    expect(await overWebSocket(server, INTROSPECTION)).toEqual({
      data: { __schema: { queryType: { name: 'Query' } } },
    });
    expect(await overHttp(server, INTROSPECTION)).toEqual({
      data: { __schema: { queryType: { name: 'Query' } } },
    });
  });
});
