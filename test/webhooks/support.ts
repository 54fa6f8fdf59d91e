import { type KeyObject, randomUUID, sign } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type GraphQLResponse, type HttpTarget, post } from '../support/http.js';

/** RealtimeKit's side of the webhook tests: its key server, its signatures and its bodies. */

export interface TestServer {
  url: string;
  close(): Promise<void>;
}

/** A real node:http server on a free loopback port. */
export async function startServer(
  handler: (req: IncomingMessage, res: ServerResponse) => void | Promise<void>,
): Promise<TestServer> {
  const server = createServer((req, res) => void handler(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A key URL endpoint that counts its hits and serves whichever key it currently holds. */
export async function startKeyServer(initialPem: string) {
  let pem: string | null = initialPem;
  let hits = 0;
  const server = await startServer((_req, res) => {
    hits += 1;
    if (pem === null) {
      res.writeHead(503).end();
      return;
    }
    // As RealtimeKit may send it: the PEM's newlines as the two characters `\n`.
    const publicKey = pem.trim().replaceAll('\n', '\\n');
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ success: true, data: { publicKey } }));
  });
  return {
    url: `${server.url}/.well-known/webhooks.json`,
    hits: () => hits,
    /** Serves `next` from now on; null makes the endpoint fail. */
    serve(next: string | null) {
      pem = next;
    },
    close: server.close,
  };
}

/** The base64 RSA-SHA256 signature RealtimeKit would send for `body`. */
export function signBody(body: string | Uint8Array, privateKey: KeyObject): string {
  return sign('sha256', typeof body === 'string' ? Buffer.from(body) : body, privateKey).toString(
    'base64',
  );
}

/** Where a gateway (or a bare intake in a test) takes RealtimeKit's webhooks. */
export const WEBHOOK_PATH = '/webhooks/realtimekit';

/**
 * POSTs `raw` to the webhook intake of `target`, signed with `privateKey` as RealtimeKit delivers
 * it, under a fresh `rtk-uuid`; `headers` add to or replace those.
 */
export function deliverSigned(
  target: HttpTarget,
  raw: string,
  privateKey: KeyObject,
  headers: Record<string, string> = {},
): Promise<GraphQLResponse> {
  return post(target, raw, {
    path: WEBHOOK_PATH,
    headers: { 'rtk-uuid': randomUUID(), 'rtk-signature': signBody(raw, privateKey), ...headers },
  });
}

/** A `recording.statusUpdate` body as RealtimeKit sends it. */
export function statusUpdateBody(
  recording: Record<string, unknown> & { id: string; status: string },
  meeting: Record<string, unknown> | null = null,
): Record<string, unknown> {
  return { event: 'recording.statusUpdate', recording, ...(meeting ? { meeting } : {}) };
}

export const newId = (): string => randomUUID();
