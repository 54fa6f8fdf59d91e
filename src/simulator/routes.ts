import { errorReply, type Reply } from './http-util.js';
import type { Lifecycle } from './lifecycle.js';
import { recordingRoutes } from './routes-recordings.js';
import { webhookRoutes } from './routes-webhooks.js';
import type { SimulatorStore } from './store.js';
import type { WebhookRegistry } from './webhook-registry.js';

/** What a REST handler sees of one request. */
export interface RouteRequest {
  appId: string;
  /** Decoded path parameters, in order. */
  params: string[];
  query: Record<string, string | string[]>;
  body: unknown;
}

/** The state REST handlers work on. */
export interface Services {
  store: SimulatorStore;
  lifecycle: Lifecycle;
  registry: WebhookRegistry;
}

export type Handler = (request: RouteRequest, services: Services) => Reply;

/** One path template and the methods it answers. */
export interface Route {
  pattern: RegExp;
  methods: Partial<Record<string, Handler>>;
}

// Order matters: literal segments (`/recordings/track`) must win over `/recordings/{id}`.
const ROUTES: Route[] = [...recordingRoutes, ...webhookRoutes];

/** Dispatches a REST call (path relative to the app prefix): 404 for no route, 405 for no method. */
export function dispatch(
  method: string,
  path: string,
  request: Omit<RouteRequest, 'params'>,
  services: Services,
): Reply {
  for (const route of ROUTES) {
    const match = route.pattern.exec(path);
    if (!match) continue;
    const handler = route.methods[method];
    if (!handler) {
      return errorReply(405, `Method ${method} not allowed`, {
        allow: Object.keys(route.methods).join(', '),
      });
    }
    const params = match.slice(1).map((value) => decodeURIComponent(value ?? ''));
    return handler({ ...request, params }, services);
  }
  return errorReply(404, `No route for ${method} ${path}`);
}
