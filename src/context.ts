import type { Viewer } from './auth/viewer.js';
import { createLoaders, type Loaders } from './datasources/loaders.js';
import type { RealtimeKitDataSource } from './datasources/realtimekit.js';
import type { EventFeed, EventStore } from './events/types.js';
import type { createIdempotentStarts } from './idempotency.js';
import type { Logger } from './logger.js';
import type { SubscriptionHooks } from './transport/subscription-groups.js';

/** Starts deduplicated by idempotency key. */
export type IdempotentStarts = ReturnType<typeof createIdempotentStarts>;

/** What every resolver sees, whatever the transport (HTTP, SSE or graphql-ws). */
export interface GatewayContext {
  /** Who is calling, as their token says (everyone, with AUTH_MODE=none). */
  readonly viewer: Viewer;
  readonly realtimeKit: RealtimeKitDataSource;
  /** Per-request DataLoaders, built on first use so requests that need none pay nothing. */
  readonly loaders: Loaders;
  /** Drops the loaders so the next event of a subscription reads fresh data. */
  renewLoaders(): void;
  /** Live status events (with resume). */
  readonly events: EventFeed;
  /** The event log, for history and cursor checks. */
  readonly store: EventStore;
  /** Starts, deduplicated by idempotency key. */
  readonly starts: IdempotentStarts;
  readonly requestId: string;
  /** The caller's IP address, for limits on anonymous callers ('unknown' in process). */
  readonly clientAddress: string;
  readonly logger: Logger;
  /** How a subscription resolver serves a shared graphql-ws subscription; absent otherwise. */
  readonly subscription: SubscriptionHooks | undefined;
}

/** Process-wide parts every context shares. */
export interface ContextDependencies {
  realtimeKit: RealtimeKitDataSource;
  events: EventFeed;
  store: EventStore;
  starts: IdempotentStarts;
  logger: Logger;
}

/**
 * Loaders built on first use and renewed by `renew()`, behind one stable object. The context
 * cannot hold them behind a getter of its own: envelop copies the context's properties into its
 * own object (`Object.assign`, which calls every getter), so the copy would hold the first set
 * for good — built for every request, and never renewed for a subscription's next event.
 */
function lazyLoaders(source: RealtimeKitDataSource): { loaders: Loaders; renew(): void } {
  let current: Loaders | undefined;
  const get = () => {
    current ??= createLoaders(source);
    return current;
  };
  return {
    loaders: {
      get recording() {
        return get().recording;
      },
      get meeting() {
        return get().meeting;
      },
      get sessionMeeting() {
        return get().sessionMeeting;
      },
    },
    renew() {
      current = undefined;
    },
  };
}

/** Builds the context of one operation; the same function serves HTTP and graphql-ws. */
export function createContext(
  deps: ContextDependencies,
  request: {
    requestId: string;
    viewer: Viewer;
    clientAddress?: string;
    subscription?: SubscriptionHooks | undefined;
  },
): GatewayContext {
  const { requestId, viewer, clientAddress = 'unknown', subscription } = request;
  const { loaders, renew } = lazyLoaders(deps.realtimeKit);
  return {
    realtimeKit: deps.realtimeKit,
    events: deps.events,
    store: deps.store,
    starts: deps.starts,
    viewer,
    requestId,
    clientAddress,
    subscription,
    logger: deps.logger.child({ requestId }),
    loaders,
    renewLoaders: renew,
  };
}
