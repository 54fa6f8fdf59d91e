import { createServer } from 'node:http';
import Cloudflare from 'cloudflare';
import { listenAndReport } from './listen.js';

/**
 * Baseline for the query path: the thinnest REST proxy over the same upstream. `GET
 * /recordings/:id` makes one `getOneRecording` call through the official SDK (configured as the
 * gateway configures it) and sends the recording's JSON back.
 */

const { BENCH_UPSTREAM_URL, BENCH_API_TOKEN, BENCH_ACCOUNT_ID, BENCH_APP_ID } = process.env;
if (!BENCH_UPSTREAM_URL || !BENCH_API_TOKEN || !BENCH_ACCOUNT_ID || !BENCH_APP_ID) {
  throw new Error(
    'BENCH_UPSTREAM_URL, BENCH_API_TOKEN, BENCH_ACCOUNT_ID and BENCH_APP_ID are needed',
  );
}
const client = new Cloudflare({
  apiToken: BENCH_API_TOKEN,
  apiKey: null,
  apiEmail: null,
  userServiceKey: null,
  baseURL: BENCH_UPSTREAM_URL,
  maxRetries: 0,
  logLevel: 'off',
});
const scope = { account_id: BENCH_ACCOUNT_ID, app_id: BENCH_APP_ID };
const ROUTE = /^\/recordings\/([0-9a-f-]{36})$/;

const server = createServer((req, res) => {
  req.resume();
  const id = ROUTE.exec(req.url ?? '')?.[1];
  if (id === undefined) return void res.writeHead(404).end();
  client.realtimeKit.recordings.getOneRecording(id, scope).then(
    (recording) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(recording.data));
    },
    () => res.writeHead(502).end(),
  );
});

listenAndReport(server);
