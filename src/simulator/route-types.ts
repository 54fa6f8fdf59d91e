import type { Reply } from './http-util.js';
import type { Lifecycle } from './lifecycle.js';
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
