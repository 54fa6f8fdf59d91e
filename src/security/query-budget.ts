import { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { describeError } from '../events/redis-event-target.js';
import type { Logger } from '../logger.js';
import type { RateLimitDecision } from './rate-limit.js';

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
  close(): Promise<void>;
}

const KEY_PREFIX = 'rtk-gateway:query-upstream-calls';

/**
 * A budget of `callsPerMinute` per key: in memory, or in Redis when `redisUrl` is given, so that
 * every replica spends from one budget. Should Redis fail, each replica falls back to a budget in
 * memory (logged once per outage): an outage neither lets everything through nor refuses all.
 */
export function createUpstreamCallBudget(options: {
  callsPerMinute: number;
  redisUrl?: string | undefined;
  logger: Logger;
}): UpstreamCallBudget {
  const limits = { points: options.callsPerMinute, duration: 60, keyPrefix: KEY_PREFIX };
  const memory = new RateLimiterMemory(limits);
  const redis = options.redisUrl ? connect(options.redisUrl, options.logger) : undefined;
  const limiter = redis
    ? new RateLimiterRedis({ ...limits, storeClient: redis, insuranceLimiter: memory })
    : memory;
  return {
    async reserve(key, calls) {
      try {
        await limiter.consume(key, calls);
        return { allowed: true };
      } catch (error) {
        if (!(error instanceof RateLimiterRes)) throw error;
        return {
          allowed: false,
          retryAfterSeconds: Math.max(1, Math.ceil(error.msBeforeNext / 1000)),
        };
      }
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
    async close() {
      // Not `quit`: it waits for an unreachable server forever, and nothing here needs flushing.
      redis?.disconnect();
    },
  };
}

/** A client that waits for the connection at start, and gives a command up after one retry. */
function connect(url: string, logger: Logger): Redis {
  const client = new Redis(url, {
    maxRetriesPerRequest: 1,
    retryStrategy: (attempt) => Math.min(attempt * 200, 5000),
  });
  let down = false;
  client.on('error', (error: unknown) => {
    if (!down) {
      logger.warn(
        { err: describeError(error) },
        'query budget lost Redis; each replica counts alone',
      );
    }
    down = true;
  });
  client.on('ready', () => {
    if (down) logger.info('query budget reached Redis again');
    down = false;
  });
  return client;
}
