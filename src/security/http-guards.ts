import type { IncomingMessage, ServerOptions, ServerResponse } from 'node:http';
import { createHostCheck, type HostCheck } from './hosts.js';
import { createSlots, enforceBodyDeadline } from './slow-bodies.js';

/** What the guards let through and what they cut off, for operators and tests. */
export interface GuardStats {
  /** Webhook requests being handled right now. */
  webhooksInFlight: number;
  /** Webhook requests refused with 503 because all slots were taken. */
  webhooksRefused: number;
  /** Requests cut off because their body did not arrive in time. */
  bodyTimeouts: number;
  /** Requests refused because their `Host` is not allowed. */
  hostsRefused: number;
}

/** Every request passes these before it reaches GraphQL or the webhook intake. */
export interface HttpGuards {
  /** Fixes the host allow-list once the listening address (and so the port) is known. */
  listening(address: { address: string; port: number }): void;
  /** Whether a `Host` header names this gateway (also used for WebSocket upgrades). */
  readonly hostAllowed: HostCheck;
  /** Runs `route` unless the request is refused here. */
  handle(req: IncomingMessage, res: ServerResponse, route: () => void): void;
  stats(): GuardStats;
}

export interface HttpGuardOptions {
  allowedHosts: readonly string[];
  webhookPath: string;
  webhookMaxInFlight: number;
  bodyTimeoutMs: number;
  /** Paths served whatever the `Host` (probes often send an IP address). */
  probePaths: readonly string[];
  /**
   * Told of each webhook request turned away here: every slot taken (`overloaded`), or its body
   * too slow (`body_timeout`).
   */
  onWebhookRefused?: (reason: 'overloaded' | 'body_timeout') => void;
}

function refuse(res: ServerResponse, status: number, message: string, code: string): void {
  const body = JSON.stringify({ errors: [{ message, extensions: { code } }] });
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(body),
    // The body was not read, so the connection cannot carry another request.
    connection: 'close',
    ...(status === 503 ? { 'retry-after': '1' } : {}),
  });
  res.end(body);
}

/** Node's own limits on slow headers and slow requests, checked often enough to matter. */
export function serverTimeouts(timeouts: { headersMs: number; requestMs: number }): ServerOptions {
  return {
    headersTimeout: timeouts.headersMs,
    requestTimeout: timeouts.requestMs,
    // Node checks both only at this interval (30 s by default), which would stretch them.
    connectionsCheckingInterval: Math.max(25, Math.min(1_000, Math.floor(timeouts.headersMs / 4))),
  };
}

/** Builds the request guards: `Host` allow-list, body deadline, and webhook slots. */
export function createHttpGuards(options: HttpGuardOptions): HttpGuards {
  const webhookSlots = createSlots(options.webhookMaxInFlight);
  const counts = { webhooksRefused: 0, bodyTimeouts: 0, hostsRefused: 0 };
  // Nothing is served before `listening`, so the refuse-all default is never seen.
  let check: HostCheck = () => false;
  const path = (req: IncomingMessage) => req.url?.split('?', 1)[0];
  return {
    listening(address) {
      check = createHostCheck(options.allowedHosts, address);
    },
    hostAllowed: (host) => check(host),
    handle(req, res, route) {
      const target = path(req);
      if (!options.probePaths.includes(target ?? '') && !check(req.headers.host)) {
        counts.hostsRefused += 1;
        refuse(res, 403, 'This host name is not served here.', 'FORBIDDEN');
        return;
      }
      if (target === options.webhookPath && !webhookSlots.tryTake(res)) {
        counts.webhooksRefused += 1;
        options.onWebhookRefused?.('overloaded');
        refuse(res, 503, 'Too many webhook deliveries at once; retry later.', 'UNAVAILABLE');
        return;
      }
      enforceBodyDeadline(req, res, options.bodyTimeoutMs, () => {
        counts.bodyTimeouts += 1;
        if (target === options.webhookPath) options.onWebhookRefused?.('body_timeout');
      });
      route();
    },
    stats: () => ({ webhooksInFlight: webhookSlots.inUse, ...counts }),
  };
}
