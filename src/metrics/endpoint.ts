import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '../logger.js';
import type { GatewayMetrics } from './registry.js';

export const METRICS_PATH = '/metrics';

const digest = (value: string) => createHash('sha256').update(value).digest();

/**
 * Whether `authorization` is `Bearer <token>`. Both sides are hashed first, so the comparison
 * takes the same time whatever the length or the first differing byte of what was sent.
 */
export function bearerMatches(authorization: string | undefined, token: string): boolean {
  const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(authorization ?? '');
  const given = match?.[1] ?? '';
  return timingSafeEqual(digest(given), digest(token)) && match !== null;
}

function answer(res: ServerResponse, status: number, headers: Record<string, string> = {}): void {
  const body = `${status === 401 ? 'Unauthorized' : status === 405 ? 'Method Not Allowed' : 'Internal Server Error'}\n`;
  res.writeHead(status, {
    'content-type': 'text/plain; charset=utf-8',
    'cache-control': 'no-store',
    ...headers,
  });
  res.end(body);
}

/**
 * `GET /metrics`: the gateway's metrics in the Prometheus text format; with `token`, only for
 * `Authorization: Bearer <token>` (401 otherwise, saying nothing about what was wrong).
 */
export function metricsHandler(options: {
  metrics: GatewayMetrics;
  token: string | undefined;
  logger: Logger;
}): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  const { metrics, token, logger } = options;
  return async (req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      answer(res, 405, { allow: 'GET, HEAD' });
      return;
    }
    if (token !== undefined && !bearerMatches(req.headers.authorization, token)) {
      answer(res, 401, { 'www-authenticate': 'Bearer' });
      return;
    }
    let body: string;
    try {
      body = await metrics.render();
    } catch (error) {
      logger.error({ err: error }, 'metrics could not be rendered');
      answer(res, 500);
      return;
    }
    res.writeHead(200, {
      'content-type': metrics.contentType,
      'cache-control': 'no-store',
      'content-length': Buffer.byteLength(body),
    });
    res.end(req.method === 'HEAD' ? undefined : body);
  };
}
