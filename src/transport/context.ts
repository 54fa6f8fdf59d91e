import type { Viewer } from '../auth/viewer.js';
import { createLoaders, type Loaders, renewableLoaders } from '../datasources/loaders.js';
import type { RealtimeKitDataSource } from '../datasources/source.js';
import type { EventFeed, EventStore } from '../events/types.js';
import type { createIdempotentStarts } from '../idempotency/starts.js';
import type { Logger } from '../logger.js';
import type { RateLimitDecision } from '../security/limit-store.js';
import { DEFAULT_LIMITS } from '../security/limits.js';
import { callerKey, type MutationRateLimiter } from '../security/rate-limit.js';
import {
  createUpstreamCallMeter,
  meteredDataSource,
  type UpstreamCallMeter,
} from '../security/upstream-calls.js';
import type { SubscriptionHooks } from './subscription-groups.js';

/** Starts deduplicated by idempotency key. */
export type IdempotentStarts = ReturnType<typeof createIdempotentStarts>;

/** What every resolver sees, whatever the transport (HTTP, SSE or graphql-ws). */
export interface GatewayContext {
  /** Who is calling, as their token says (everyone, with AUTH_MODE=none). */
  readonly viewer: Viewer;
  /** RealtimeKit, each call charged to `upstreamCalls`. */
  readonly realtimeKit: RealtimeKitDataSource;
  /** Upstream calls this request has caused, refused past its cap. */
  readonly upstreamCalls: UpstreamCallMeter;
  /** Per-request DataLoaders, built on first use so requests that need none pay nothing. */
  readonly loaders: Loaders;
  /**
   * Drops the loaders and restarts the upstream count, so the next event of a subscription reads
   * fresh data within a cap of its own.
   */
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
  /** Spends one point of the caller's mutation limit (MUTATIONS_PER_MINUTE). */
  chargeMutation(): Promise<RateLimitDecision>;
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
  /** Upstream calls one request may cause (GRAPHQL_MAX_UPSTREAM_CALLS_PER_REQUEST). */
  maxUpstreamCalls?: number;
  /** Each caller's mutation limit; none, no limit. */
  mutations?: MutationRateLimiter;
}

const ALLOWED: Promise<RateLimitDecision> = Promise.resolve({ allowed: true });

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
  const upstreamCalls = createUpstreamCallMeter(
    deps.maxUpstreamCalls ?? DEFAULT_LIMITS.maxUpstreamCalls,
  );
  const realtimeKit = meteredDataSource(deps.realtimeKit, upstreamCalls);
  const loaders = renewableLoaders(() =>
    createLoaders(realtimeKit, (ids) => deps.store.histories(ids)),
  );
  return {
    realtimeKit,
    upstreamCalls,
    events: deps.events,
    store: deps.store,
    starts: deps.starts,
    viewer,
    requestId,
    clientAddress,
    subscription,
    chargeMutation: () =>
      deps.mutations ? deps.mutations.consume(callerKey(viewer.subject, clientAddress)) : ALLOWED,
    logger: deps.logger.child({ requestId }),
    loaders: loaders.loaders,
    renewLoaders() {
      loaders.renew();
      upstreamCalls.reset();
    },
  };
}
