import { createServer } from 'node:http';
import { WebSocket, WebSocketServer } from 'ws';
import { listenAndReport } from './listen.js';
import { readBody, signatureVerifier, statusUpdateOf } from './signed-body.js';

/**
 * Baseline for fan-out: a raw `ws` broadcast. It takes the same signed webhook over HTTP, verifies
 * it, builds one JSON message as large as the gateway's (`BENCH_PAYLOAD_BYTES`), encodes it once
 * and sends it to every connected socket. No protocol, no subscriptions, no storage.
 */

const payloadBytes = Number(process.env.BENCH_PAYLOAD_BYTES ?? 0);
const verified = signatureVerifier();
let cursor = 0;

function message(update: NonNullable<ReturnType<typeof statusUpdateOf>>): Buffer {
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
  const body = await readBody(req);
  if (body === null) return void res.writeHead(413).end();
  if (!verified(body, req.headers['rtk-signature'])) return void res.writeHead(401).end();
  const update = statusUpdateOf(body);
  if (update === null) return void res.writeHead(400).end();
  const data = message(update);
  for (const client of wss.clients) {
    if (client.readyState === WebSocket.OPEN) client.send(data, { binary: false });
  }
  res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
});
const wss = new WebSocketServer({ server, path: '/graphql', maxPayload: 1_048_576 });

listenAndReport(server);
