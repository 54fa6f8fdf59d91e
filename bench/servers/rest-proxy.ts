import { createServer } from 'node:http';
import { listenAndReport } from './listen.js';
import { benchSdk } from './sdk-client.js';

/**
 * Baseline for the query path: the thinnest REST proxy over the same upstream. `GET
 * /recordings/:id` makes one `getOneRecording` call through the official SDK (configured as the
 * gateway configures it) and sends the recording's JSON back.
 */

const { client, scope } = benchSdk();
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
