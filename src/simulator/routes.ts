import { errorReply, type Reply } from './http-util.js';
import type { Route, RouteRequest, Services } from './route-types.js';
import { recordingRoutes } from './routes-recordings.js';
import { webhookRoutes } from './routes-webhooks.js';

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
