import { createServer } from 'node:http';
import { WebSocket, WebSocketServer } from 'ws';
import { listenAndReport } from './listen.js';
import { type StatusUpdate, webhookReader } from './signed-body.js';

/**
 * Baseline for fan-out: a raw `ws` broadcast. It takes the same signed webhook over HTTP, verifies
 * it, builds one JSON message as large as the gateway's (`BENCH_PAYLOAD_BYTES`), encodes it once
 * and sends it to every connected socket. No protocol, no subscriptions, no storage.
 */

const payloadBytes = Number(process.env.BENCH_PAYLOAD_BYTES ?? 0);
const readWebhook = webhookReader();
let cursor = 0;

function message(update: StatusUpdate): Buffer {
  cursor += 1;
  const event = {
    cursor: String(cursor),
    recordingId: update.recordingId,
    meetingId: update.meetingId,
    status: update.status,
    occurredAt: new Date().toISOString(),
  };
  const shaped = { id: '1', type: 'next', payload: { data: { recordingStatusChanged: event } } };
  const bare = JSON.stringify({ ...shaped, pad: '' });
  const pad = 'x'.repeat(Math.max(0, payloadBytes - Buffer.byteLength(bare)));
  return Buffer.from(JSON.stringify({ ...shaped, pad }));
}

const server = createServer(async (req, res) => {
  const delivery = await readWebhook(req, res);
  if (delivery === null) return;
  const { update } = delivery;
  const data = message(update);
  for (const client of wss.clients) {
    if (client.readyState === WebSocket.OPEN) client.send(data, { binary: false });
  }
  res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
});
const wss = new WebSocketServer({ server, path: '/graphql', maxPayload: 1_048_576 });

listenAndReport(server);
