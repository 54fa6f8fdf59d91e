import { randomUUID } from 'node:crypto';
import { print } from 'graphql';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { GatewayServer } from '../../src/transport/server.js';
import { RecordingStatusChangedDocument } from '../__generated__/graphql.js';
import { gatewayPool } from '../support/gateway.js';
import { nowSeconds } from '../support/keys.js';
import { eventually } from '../support/time.js';
import { firstResult, wsClient } from '../support/ws.js';
import { JWT_SECRET, signToken } from './support.js';

/** A stream must not outlive the token that opened it, on SSE as on graphql-ws. */

const gateway = gatewayPool();
let server: GatewayServer;
beforeAll(async () => {
  server = await gateway({ AUTH_MODE: 'jwt', AUTH_JWT_SECRET: JWT_SECRET });
});

interface SseMessage {
  event: string;
  data: string;
}

/** Reads an SSE body to its end, with the time each message arrived. */
async function readStream(response: Response): Promise<(SseMessage & { at: number })[]> {
  const messages: (SseMessage & { at: number })[] = [];
  const decoder = new TextDecoder();
  let buffered = '';
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    buffered += decoder.decode(chunk, { stream: true });
    let end = buffered.indexOf('\n\n');
    while (end !== -1) {
      const block = buffered.slice(0, end);
      buffered = buffered.slice(end + 2);
      const event = /^event: (.*)$/m.exec(block)?.[1];
      const data = /^data: ?(.*)$/m.exec(block)?.[1] ?? '';
      if (event) messages.push({ event, data, at: Date.now() });
      end = buffered.indexOf('\n\n');
    }
  }
  return messages;
}

describe('token expiry', () => {
  it('ends an SSE subscription when its token expires, with an UNAUTHENTICATED last message', async () => {
    // A few seconds, so that even a loaded machine opens the stream before the token expires.
    const exp = nowSeconds() + 5;
    const subscribersBefore = server.app.events.subscribers;
    const response = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'text/event-stream',
        authorization: `Bearer ${await signToken({ sub: 'sse-user' }, exp)}`,
      },
      body: JSON.stringify({
        query: print(RecordingStatusChangedDocument),
        variables: { meetingId: randomUUID() },
      }),
    });
    expect(response.status).toBe(200);
    // Resolves only when the server ends the stream; before the fix it never did.
    const messages = await readStream(response);
    expect(messages.map((message) => message.event)).toEqual(['next', 'complete']);
    const last = JSON.parse(messages[0]?.data ?? '{}');
    expect(last.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    expect(messages[1]?.at).toBeGreaterThanOrEqual(exp * 1000);
    await vi.waitFor(
      () => expect(server.app.events.subscribers).toBe(subscribersBefore),
      eventually,
    );
  });

  it('keeps a graphql-ws socket whose token expires in 30 days (past the 24.8-day timer limit)', async () => {
    const exp = nowSeconds() + 30 * 86_400;
    const closes: number[] = [];
    // Not lazy: one socket for both queries, open until disposed.
    const client = wsClient(server.url, {
      lazy: false,
      connectionParams: { authorization: `Bearer ${await signToken({ sub: 'long' }, exp)}` },
      onClosed: (code) => closes.push(code),
    });
    const query = () => firstResult(client, { query: '{ __typename }' });
    // Before the fix the socket was closed (4403) as soon as it was acknowledged.
    expect(await query()).toEqual({ data: { __typename: 'Query' } });
    expect(await query()).toEqual({ data: { __typename: 'Query' } });
    expect(closes).toEqual([]);
    await client.dispose();
  });
});
