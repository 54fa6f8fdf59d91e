import { GraphQLError } from 'graphql';
import type { Redis } from 'ioredis';
import { type Metrics, NO_METRICS } from '../metrics/metrics.js';
import { consumePoints, createMinuteLimiter, type RateLimitDecision } from './limit-store.js';

export type { RateLimitDecision } from './limit-store.js';

/** A per-key budget of mutation points. */
export interface MutationRateLimiter {
  /** Spends `points` (default 1) of `key`'s budget for the current minute. */
  consume(key: string, points?: number): Promise<RateLimitDecision>;
}

/**
 * A budget of `pointsPerMinute` per key. In memory by default; in Redis when given, so every
 * replica spends from one budget (counting in memory while Redis is unreachable, so an outage
 * neither lets everything through nor refuses everything).
 */
export function createMutationRateLimiter(options: {
  pointsPerMinute: number;
  redis?: Redis | undefined;
  /** Counts the operations refused. */
  metrics?: Pick<Metrics, 'rateLimited'>;
}): MutationRateLimiter {
  const metrics = options.metrics ?? NO_METRICS;
  const limiter = createMinuteLimiter({
    points: options.pointsPerMinute,
    keyPrefix: 'rtk-gateway:mutations',
    redis: options.redis,
  });
  return {
    async consume(key, points = 1) {
      const decision = await consumePoints(limiter, key, points);
      if (!decision.allowed) metrics.rateLimited('mutations');
      return decision;
    },
  };
}

/**
 * The budget a caller spends from: its token's subject, or its address when it has none. The two
 * are namespaced apart, so a token whose `sub` is "127.0.0.1" cannot spend (or exhaust) the budget
 * of anonymous callers from that address.
 */
export function callerKey(subject: string | null, address: string): string {
  return subject === null ? `address:${address}` : `subject:${subject}`;
}

/**
 * A refusal of a whole request by a limit (`RATE_LIMITED`, with `retryAfterSeconds` when the wait
 * is known). As GraphQL over HTTP has it, a client that accepts
 * `application/graphql-response+json` gets 429 (with `Retry-After`); one that accepts only
 * `application/json` gets 200, the body alike. Mutations over the mutation limit are not refused
 * this way: they answer their `RateLimitedError` result (see schema/mutation-limit.ts).
 */
export function rateLimitedError(message: string, retryAfterSeconds?: number): GraphQLError {
  return new GraphQLError(message, {
    extensions: {
      code: 'RATE_LIMITED',
      ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds }),
      // yoga's: `spec` keeps 200 for application/json; stripped from what clients see.
      http: {
        status: 429,
        spec: true,
        ...(retryAfterSeconds === undefined
          ? {}
          : { headers: { 'Retry-After': String(retryAfterSeconds) } }),
      },
    },
  });
}
