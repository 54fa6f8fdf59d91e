import type { Redis } from 'ioredis';
import type { Logger } from '../logger.js';
import { type Metrics, NO_METRICS } from '../metrics/metrics.js';
import { describeError } from '../util/describe-error.js';
import { consumePoints, createMinuteLimiter, type RateLimitDecision } from './limit-store.js';

/**
 * A budget of upstream calls per minute for each caller's queries, so that repeating a query the
 * per-request cap allows cannot spend the app's RealtimeKit budget (1000 calls a minute) either.
 * A query reserves what its measure says it may call before it runs, and settles after: what it
 * did not call is given back, what it called beyond (reads no list carried) is charged.
 */
export interface UpstreamCallBudget {
  /** Reserves `calls` of `key`'s budget for the current minute, or says how long to wait. */
  reserve(key: string, calls: number): Promise<RateLimitDecision>;
  /** Settles a reservation of `reserved` calls of which `spent` were made. */
  settle(key: string, reserved: number, spent: number): Promise<void>;
}

/**
 * A budget of `callsPerMinute` per key: in memory, or in `redis` when given (see limit-store.ts),
 * so that every replica spends from one budget.
 */
export function createUpstreamCallBudget(options: {
  callsPerMinute: number;
  redis?: Redis | undefined;
  logger: Logger;
  /** Counts the queries refused. */
  metrics?: Pick<Metrics, 'rateLimited'>;
}): UpstreamCallBudget {
  const metrics = options.metrics ?? NO_METRICS;
  const limiter = createMinuteLimiter({
    points: options.callsPerMinute,
    keyPrefix: 'rtk-gateway:query-upstream-calls',
    redis: options.redis,
  });
  return {
    async reserve(key, calls) {
      const decision = await consumePoints(limiter, key, calls);
      if (!decision.allowed) metrics.rateLimited('query_budget');
      return decision;
    },
    async settle(key, reserved, spent) {
      try {
        if (spent < reserved) await limiter.reward(key, reserved - spent);
        else if (spent > reserved) await limiter.penalty(key, spent - reserved);
      } catch (error) {
        options.logger.warn(
          { err: describeError(error) },
          'settling an upstream call budget failed',
        );
      }
    },
  };
}
