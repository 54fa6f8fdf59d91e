import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import type { GatewayServer } from '../../src/transport/server.js';
import { gatewayPool } from '../support/gateway.js';
import { eventually } from '../support/time.js';

/**
 * The graphql-ws adapter (src/transport/graphql-ws-adapter.ts) against hostile sockets: each is
 * closed with the code the protocol gives, and the endpoint keeps serving everyone else.
 */

const gateway = gatewayPool();
let server: GatewayServer;
beforeAll(async () => {
  server = await gateway();
});

const wsUrl = () => `${server.url.replace('http', 'ws')}/graphql`;

async function opened(protocol: string | string[] = 'graphql-transport-ws'): Promise<WebSocket> {
  const socket = new WebSocket(wsUrl(), protocol);
  await once(socket, 'open');
  return socket;
}

const closeCode = (socket: WebSocket) => once(socket, 'close').then(([code]) => code as number);

/** Whether a fresh, well-behaved socket still gets its acknowledgement and an answer. */
async function stillServing(): Promise<void> {
  const socket = await opened();
  socket.send(JSON.stringify({ type: 'connection_init' }));
  const [ack] = await once(socket, 'message');
  expect(JSON.parse(String(ack)).type).toBe('connection_ack');
  socket.send(JSON.stringify({ id: 'q', type: 'subscribe', payload: { query: '{ __typename }' } }));
  const [next] = await once(socket, 'message');
  expect(JSON.parse(String(next))).toEqual({
    id: 'q',
    type: 'next',
    payload: { data: { __typename: 'Query' } },
  });
  socket.terminate();
}

describe('graphql-ws adapter', () => {
  it('closes 4406 on a socket without the graphql-transport-ws subprotocol', async () => {
    const socket = await opened([]);
    expect(await closeCode(socket)).toBe(4406);
    await stillServing();
  });

  it('agrees to no subprotocol with a legacy subscriptions-transport-ws client', async () => {
    const socket = new WebSocket(wsUrl(), 'graphql-ws');
    const [error] = await once(socket, 'error');
    expect((error as Error).message).toBe('Server sent no subprotocol');
    await stillServing();
  });

  it('closes 4400 on a message that is not JSON or not a graphql-ws message', async () => {
    for (const message of ['{not json', '[]', '{"type":"subscribe"}', '"connection_init"']) {
      const socket = await opened();
      const closed = closeCode(socket);
      socket.send(message);
      expect(await closed).toBe(4400);
    }
    await stillServing();
  });

  it('closes 1007 on a text frame that is not UTF-8, as ws refuses it', async () => {
    const socket = await opened();
    const closed = closeCode(socket);
    socket.send(Buffer.from([0xc3, 0x28, 0xff]), { binary: false });
    expect(await closed).toBe(1007);
    await stillServing();
  });

  it('closes 4401 on a subscribe before connection_init, and 4429 on a second init', async () => {
    const early = await opened();
    const earlyClosed = closeCode(early);
    early.send(
      JSON.stringify({ id: '1', type: 'subscribe', payload: { query: '{ __typename }' } }),
    );
    expect(await earlyClosed).toBe(4401);

    const twice = await opened();
    twice.send(JSON.stringify({ type: 'connection_init' }));
    await once(twice, 'message');
    const twiceClosed = closeCode(twice);
    twice.send(JSON.stringify({ type: 'connection_init' }));
    expect(await twiceClosed).toBe(4429);
    await stillServing();
  });
});

describe('graphql-ws refusals by a limit', () => {
  /** Every message a socket gets until `count` have come, after its acknowledgement. */
  async function messagesAfter(sent: string[], count: number, target: GatewayServer) {
    const socket = new WebSocket(
      `${target.url.replace('http', 'ws')}/graphql`,
      'graphql-transport-ws',
    );
    const received: Array<{ id?: string; type: string; payload?: unknown }> = [];
    socket.on('message', (data) => received.push(JSON.parse(String(data))));
    await once(socket, 'open');
    socket.send(JSON.stringify({ type: 'connection_init' }));
    await vi.waitFor(() => expect(received[0]?.type).toBe('connection_ack'), eventually);
    for (const message of sent) socket.send(message);
    await vi.waitFor(() => expect(received.length).toBeGreaterThanOrEqual(count + 1), eventually);
    socket.terminate();
    return received.slice(1);
  }

  it('carry RATE_LIMITED without the HTTP status yoga reads (a 429 means nothing on a socket)', async () => {
    const limited = await gateway({
      SUBSCRIPTIONS_PER_SOCKET: '1',
      GRAPHQL_MAX_UPSTREAM_CALLS_PER_REQUEST: '1',
      QUERY_UPSTREAM_CALLS_PER_MINUTE: '1',
    });
    const read = (id: string) =>
      JSON.stringify({
        id,
        type: 'subscribe',
        payload: { query: `{ recording(id: "${randomUUID()}") { id } }` },
      });
    const watch = (id: string) =>
      JSON.stringify({
        id,
        type: 'subscribe',
        payload: { query: 'subscription { recordingStatusChanged { cursor } }' },
      });
    // The first read spends the minute's one upstream call, the second is refused in its
    // result (`next`); the first watch holds the socket's one slot, the second is refused as an
    // `error` message.
    const messages = await messagesAfter(
      [read('r1'), read('r2'), watch('w1'), watch('w2')],
      4,
      limited,
    );
    const refusals = messages.flatMap((message) => {
      if (message.type === 'next' && message.id === 'r2') {
        return (message.payload as { errors: unknown[] }).errors;
      }
      if (message.type === 'error' && message.id === 'w2') return message.payload as unknown[];
      return [];
    }) as Array<{ extensions: Record<string, unknown> }>;
    expect(refusals).toHaveLength(2);
    for (const refusal of refusals) {
      expect(refusal.extensions.code).toBe('RATE_LIMITED');
      expect(refusal.extensions).not.toHaveProperty('http');
    }
  });
});
