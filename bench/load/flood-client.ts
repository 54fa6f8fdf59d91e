import { WebSocket } from 'ws';
import { type Message, serve } from '../lib/ipc.js';

/**
 * The attacker of the flood part, in its own process: one graphql-ws socket asks for `count`
 * subscriptions resuming after `after`, reads until every answer to its asks has come (refusals,
 * or the first replayed event of each accepted one), then stops reading and stays connected.
 */

export interface FloodMessage extends Message {
  type: 'flood';
  url: string;
  query: string;
  after: string;
  count: number;
}

export interface FloodingMessage extends Message {
  type: 'flooding';
  refused: number;
  accepted: number;
}

let socket: WebSocket | undefined;

serve(async (message) => {
  if (message.type !== 'flood') return undefined;
  const { url, query, after, count } = message as FloodMessage;
  const open = new WebSocket(url, 'graphql-transport-ws');
  socket = open;
  const refused = new Set<string>();
  const accepted = new Set<string>();
  const answered = new Promise<void>((resolve) => {
    open.on('message', (data) => {
      const frame = JSON.parse(String(data)) as { id?: string; type: string };
      if (frame.type === 'connection_ack') {
        for (let n = 0; n < count; n += 1) {
          open.send(
            JSON.stringify({
              id: `f${n}`,
              type: 'subscribe',
              payload: { query, variables: { after } },
            }),
          );
        }
      }
      if (frame.id !== undefined && frame.type === 'error') refused.add(frame.id);
      if (frame.id !== undefined && frame.type === 'next') accepted.add(frame.id);
      if (refused.size + accepted.size === count) resolve();
    });
  });
  await new Promise((resolve) => open.once('open', resolve));
  open.send(JSON.stringify({ type: 'connection_init', payload: {} }));
  await answered;
  open.pause();
  return {
    type: 'flooding',
    refused: refused.size,
    accepted: accepted.size,
  } satisfies FloodingMessage;
});

process.once('disconnect', () => socket?.terminate());
