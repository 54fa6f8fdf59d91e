import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { METRICS_PATH } from '../metrics/endpoint.js';
import { createHostCheck } from '../security/hosts.js';
import { serverTimeouts } from '../security/http-guards.js';

/** The metrics' own listener (METRICS_PORT). */
export interface MetricsListener {
  /** `http://host:port`. */
  readonly url: string;
  close(): Promise<void>;
}

function refuse(res: ServerResponse, status: number): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', connection: 'close' });
  res.end(status === 403 ? 'Forbidden\n' : 'Not Found\n');
}

/**
 * Serves `GET /metrics` alone on a port of its own, so it can stay off the public network; every
 * other path is 404. On a loopback address only loopback host names are served, as on the main
 * port (`ALLOWED_HOSTS` names the API's public host, so it does not apply here).
 */
export async function listenForMetrics(options: {
  host: string;
  port: number;
  timeouts: { headersMs: number; requestMs: number };
  handler: (req: IncomingMessage, res: ServerResponse) => Promise<void>;
}): Promise<MetricsListener> {
  let hostAllowed = (_host: string | undefined) => false;
  const server = createServer(serverTimeouts(options.timeouts), (req, res) => {
    if (!hostAllowed(req.headers.host)) return refuse(res, 403);
    if (req.url?.split('?', 1)[0] !== METRICS_PATH) return refuse(res, 404);
    void options.handler(req, res);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  hostAllowed = createHostCheck([], address);
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${host}:${address.port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
