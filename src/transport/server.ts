import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createGatewayApp, type GatewayApp } from '../app.js';
import type { GatewayConfig } from '../config.js';
import { ensureWebhookRegistration } from '../datasources/webhook-registration.js';
import { createAccessLogger, createLogger, type Logger } from '../logger.js';
import { METRICS_PATH, metricsHandler } from '../metrics/endpoint.js';
import { createHttpGuards, type GuardStats, serverTimeouts } from '../security/http-guards.js';
import { listenForMetrics, type MetricsListener } from './metrics-port.js';
import { attachGraphQLWebSocket, type GraphQLWebSocketServer, type WebSocketStats } from './ws.js';
import { assignRequestId } from './yoga.js';

export const WEBHOOK_PATH = '/webhooks/realtimekit';
const DRAIN_TIMEOUT_MS = 10_000;

/** A running (or runnable) gateway: GraphQL over HTTP/SSE/graphql-ws, webhook intake, health. */
export interface GatewayServer {
  /** `http://host:port` once started. */
  readonly url: string;
  /** Where `/metrics` is served (`url`, or the METRICS_PORT listener's); undefined when it is not. */
  readonly metricsUrl: string | undefined;
  readonly mode: GatewayConfig['mode'];
  /** The gateway's parts, once started. */
  readonly app: GatewayApp;
  start(): Promise<void>;
  /** What the request guards refused or cut off, and the webhook requests in flight. */
  stats(): GuardStats;
  /** graphql-ws sockets and subscriptions served now, and the shared executions serving them. */
  subscriptions(): WebSocketStats;
  /** Stops accepting, closes sockets, drains HTTP, then closes the stores. Idempotent. */
  stop(): Promise<void>;
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
}

/** Echoes the request id and logs one line per answered request (see `createAccessLogger`). */
function logRequest(logger: Logger, req: IncomingMessage, res: ServerResponse): void {
  const requestId = assignRequestId(req);
  const started = performance.now();
  res.setHeader('x-request-id', requestId);
  res.on('finish', () =>
    logger.info(
      {
        requestId,
        method: req.method,
        path: req.url?.split('?')[0],
        status: res.statusCode,
        ms: Math.round(performance.now() - started),
      },
      'request',
    ),
  );
}

/** Builds the gateway from a parsed config; nothing listens until `start()`. */
export function createGatewayServer(
  config: GatewayConfig,
  options: { logger?: Logger } = {},
): GatewayServer {
  const logger = options.logger ?? createLogger({ level: config.logLevel });
  let app: GatewayApp | undefined;
  let http: Server | undefined;
  let ws: GraphQLWebSocketServer | undefined;
  let metricsListener: MetricsListener | undefined;
  let url = '';
  let stopping: Promise<void> | undefined;
  const guards = createHttpGuards({
    allowedHosts: config.http.allowedHosts,
    webhookPath: WEBHOOK_PATH,
    webhookMaxInFlight: config.webhook.maxInFlight,
    bodyTimeoutMs: config.http.timeouts.bodyMs,
    probePaths: ['/healthz', '/readyz'],
    onWebhookRefused: (reason) => app?.metrics.webhook(reason),
  });
  // On the main port unless it has a port of its own (then the main port answers 404 for it).
  const metricsOnMainPort = config.metrics.serve && config.metrics.port === undefined;

  async function readiness(res: ServerResponse) {
    if (stopping || !app) {
      sendJson(res, 503, { status: 'draining', mode: config.mode });
      return;
    }
    try {
      await app.realtimeKit.ping();
      sendJson(res, 200, { status: 'ready', mode: config.mode });
    } catch {
      sendJson(res, 503, { status: 'upstream-unreachable', mode: config.mode });
    }
  }

  async function start() {
    const parts = await createGatewayApp(config, logger);
    app = parts;
    try {
      const { yoga, intake } = parts;
      const metrics = metricsHandler({
        metrics: parts.metrics,
        token: config.metrics.token,
        logger: logger.child({ component: 'metrics' }),
      });
      const route = (req: IncomingMessage, res: ServerResponse) => {
        const path = req.url?.split('?')[0];
        if (path === WEBHOOK_PATH) return void intake.handle(req, res);
        if (path === '/readyz') return void readiness(res);
        if (path === METRICS_PATH && metricsOnMainPort) return void metrics(req, res);
        return void yoga(req, res);
      };
      const accessLog = createAccessLogger(logger);
      http = createServer(serverTimeouts(config.http.timeouts), (req, res) => {
        logRequest(accessLog, req, res);
        guards.handle(req, res, () => route(req, res));
      });
      const server = http;
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(config.port, config.host, () => resolve());
      });
      // Attached once listening: a socket server on an HTTP server that failed to listen would
      // report the failure a second time, as an error of its own.
      ws = attachGraphQLWebSocket({
        server,
        yoga,
        authenticator: parts.authenticator,
        logger: logger.child({ component: 'graphql-ws' }),
        persistedOperations: parts.persistedOperations,
        maxPayloadBytes: config.http.limits.maxBodyBytes,
        hostAllowed: guards.hostAllowed,
        corsOrigins: config.http.corsOrigins,
        events: parts.events,
        slots: parts.subscriptionSlots,
        limits: config.subscriptions,
        metrics: parts.metrics,
      });
      const sockets = ws;
      parts.metrics.observe({
        wsConnections: () => sockets.stats().connections,
        wsSubscriptions: () => sockets.stats().subscriptions,
        wsSharedExecutions: () => sockets.stats().sharedExecutions,
      });
      const address = server.address() as AddressInfo;
      guards.listening(address);
      const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
      url = `http://${host}:${address.port}`;
      if (config.metrics.serve && config.metrics.port !== undefined) {
        metricsListener = await listenForMetrics({
          host: config.host,
          port: config.metrics.port,
          timeouts: config.http.timeouts,
          handler: metrics,
        });
      }
      if (config.metrics.closedByDefault) {
        logger.info(
          'metrics are not served: in production /metrics needs METRICS_TOKEN, METRICS_PORT or METRICS=true',
        );
      }

      if (parts.simulator) {
        const registration = await ensureWebhookRegistration(parts.client, {
          accountId: parts.upstream.accountId,
          appId: parts.upstream.appId,
          url: `${config.webhook.publicUrl ?? url}${WEBHOOK_PATH}`,
        });
        logger.warn(
          { mode: 'simulator', simulator: parts.simulator.url, webhook: registration.action },
          'SIMULATOR MODE: recordings are simulated; set CLOUDFLARE_API_TOKEN, CLOUDFLARE_ACCOUNT_ID and REALTIMEKIT_APP_ID for RealtimeKit',
        );
      } else {
        logger.info({ mode: 'cloudflare' }, 'Cloudflare mode: calling RealtimeKit');
      }
    } catch (error) {
      // Whatever was opened before the failure (a port in use, say) is closed again.
      await ws?.close();
      http?.close();
      await metricsListener?.close();
      await parts.close();
      throw error;
    }
    parts.startBackground();
    logger.info({ url: `${url}/graphql` }, 'rtk-gateway listening');
  }

  async function shutdown() {
    // Sockets first (subscribers get 1001 and reconnect elsewhere), then HTTP, then the stores.
    await ws?.close();
    if (http) {
      const server = http;
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const timer = setTimeout(() => server.closeAllConnections(), DRAIN_TIMEOUT_MS);
      await closed;
      clearTimeout(timer);
    }
    await metricsListener?.close();
    await app?.close();
    logger.info('rtk-gateway stopped');
  }

  return {
    get url() {
      return url;
    },
    get metricsUrl() {
      if (metricsListener) return metricsListener.url;
      return metricsOnMainPort && url !== '' ? url : undefined;
    },
    mode: config.mode,
    get app() {
      if (!app) throw new Error('the gateway has not started');
      return app;
    },
    start,
    stats: guards.stats,
    subscriptions: () =>
      ws?.stats() ?? { connections: 0, subscriptions: 0, sharedExecutions: 0, registered: 0 },
    stop() {
      stopping ??= shutdown();
      return stopping;
    },
  };
}
