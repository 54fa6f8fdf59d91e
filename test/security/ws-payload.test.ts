import { once } from 'node:events';
import { beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { GatewayServer } from '../../src/transport/server.js';
import { gatewayPool } from '../support/gateway.js';

/** One size limit for a request, whether it comes as an HTTP body or a graphql-ws message. */

const LIMIT = 8192;
const gateway = gatewayPool();
let server: GatewayServer;
beforeAll(async () => {
  server = await gateway({ GRAPHQL_MAX_BODY_BYTES: String(LIMIT) });
});

/** A `{ __typename }` subscribe message padded (with an unused variable) to `bytes`. */
function subscribeMessage(bytes: number): string {
  const shell = JSON.stringify({
    id: '1',
    type: 'subscribe',
    payload: { query: '{ __typename }', variables: { pad: '' } },
  });
  const message = shell.replace('"pad":""', `"pad":"${'x'.repeat(bytes - shell.length)}"`);
  expect(Buffer.byteLength(message)).toBe(bytes);
  return message;
}

/** Opens an acknowledged graphql-ws socket, sends `message`, and reports what came back first. */
async function send(message: string): Promise<{ closed: number } | { reply: string }> {
  const socket = new WebSocket(
    `${server.url.replace('http', 'ws')}/graphql`,
    'graphql-transport-ws',
  );
  await once(socket, 'open');
  socket.send(JSON.stringify({ type: 'connection_init' }));
  const [ack] = await once(socket, 'message');
  expect(JSON.parse(String(ack)).type).toBe('connection_ack');
  socket.send(message);
  const first = await Promise.race([
    once(socket, 'message').then(([data]) => ({ reply: String(data) })),
    once(socket, 'close').then(([code]) => ({ closed: code as number })),
  ]);
  socket.terminate();
  return first;
}

describe('message size over graphql-ws', () => {
  it('closes the socket (1009) on a message over GRAPHQL_MAX_BODY_BYTES, as HTTP answers 413', async () => {
    expect(await send(subscribeMessage(LIMIT + 800))).toEqual({ closed: 1009 });
    const http = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: subscribeMessage(LIMIT + 800),
    });
    expect(http.status).toBe(413);
  });

  it('answers a message just under the limit', async () => {
    const first = await send(subscribeMessage(LIMIT - 200));
    expect(first).toHaveProperty('reply');
    expect(JSON.parse((first as { reply: string }).reply)).toMatchObject({
      type: 'next',
      payload: { data: { __typename: 'Query' } },
    });
  });
});
