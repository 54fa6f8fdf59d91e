import { createLoaders, type Loaders } from './datasources/loaders.js';
import type { RealtimeKitDataSource } from './datasources/realtimekit.js';
import type { EventBus } from './events/types.js';
import type { Logger } from './logger.js';

/** What every resolver sees, whatever the transport (HTTP, SSE or graphql-ws). */
export interface GatewayContext {
  readonly realtimeKit: RealtimeKitDataSource;
  /** Per-request DataLoaders, built on first use so requests that need none pay nothing. */
  readonly loaders: Loaders;
  /** Drops the loaders so the next event of a subscription reads fresh data. */
  renewLoaders(): void;
  readonly events: EventBus;
  readonly requestId: string;
  readonly logger: Logger;
}

/** Process-wide parts every context shares. */
export interface ContextDependencies {
  realtimeKit: RealtimeKitDataSource;
  events: EventBus;
  logger: Logger;
}

/** Builds the context of one operation; the same function serves HTTP and graphql-ws. */
export function createContext(deps: ContextDependencies, requestId: string): GatewayContext {
  let loaders: Loaders | undefined;
  return {
    realtimeKit: deps.realtimeKit,
    events: deps.events,
    requestId,
    logger: deps.logger.child({ requestId }),
    get loaders() {
      loaders ??= createLoaders(deps.realtimeKit);
      return loaders;
    },
    renewLoaders() {
      loaders = undefined;
    },
  };
}
