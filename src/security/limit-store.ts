import { Redis } from 'ioredis';
import {
  type RateLimiterAbstract,
  RateLimiterMemory,
  RateLimiterRedis,
  RateLimiterRes,
} from 'rate-limiter-flexible';
import type { Logger } from '../logger.js';
import { describeError } from '../util/describe-error.js';

/** The answer of one `consume`: go ahead, or wait this many seconds. */
export type RateLimitDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/** The Redis connection every replica's limits count in, and what start-up waits for. */
export interface LimitsRedis {
  readonly client: Redis;
  /** Settles once the first connection attempt has succeeded or failed, whichever comes first. */
  readonly settled: Promise<void>;
  close(): void;
}

/**
 * One connection for the per-caller limits (the mutation limit, the query budget). Commands are
 * never queued while Redis is away: the limiters count in memory then (see `createMinuteLimiter`),
 * so an outage costs no request any waiting. The outage is logged once, and its end once.
 */
export function connectLimitsRedis(url: string, logger: Logger): LimitsRedis {
  const client = new Redis(url, {
    maxRetriesPerRequest: 1,
    retryStrategy: (attempt) => Math.min(attempt * 200, 5000),
  });
  let down = false;
  const settled = new Promise<void>((resolve) => {
    client.once('ready', resolve);
    client.once('error', () => resolve());
  });
  client.on('error', (error: unknown) => {
    if (!down) {
      logger.warn(
        { err: describeError(error) },
        'limits lost Redis; each replica counts alone until it is back',
      );
    }
    down = true;
  });
  client.on('ready', () => {
    if (down) logger.info('limits reached Redis again; replicas share them again');
    down = false;
  });
  // Not `quit`: it waits for an unreachable server forever, and nothing here needs flushing.
  return { client, settled, close: () => client.disconnect() };
}

/**
 * A budget of `points` a minute per key: in `redis` when given, so that every replica spends from
 * one budget, else in memory. Should Redis be unreachable, each replica counts in memory until it
 * is back: an outage neither lets everything through nor refuses everything.
 */
export function createMinuteLimiter(options: {
  points: number;
  keyPrefix: string;
  redis?: Redis | undefined;
}): RateLimiterAbstract {
  const limits = { points: options.points, duration: 60, keyPrefix: options.keyPrefix };
  const memory = new RateLimiterMemory(limits);
  if (!options.redis) return memory;
  return new RateLimiterRedis({
    ...limits,
    storeClient: options.redis,
    insuranceLimiter: memory,
    rejectIfRedisNotReady: true,
  });
}

/** Spends `points` of `key`'s budget, or says how long to wait. */
export async function consumePoints(
  limiter: RateLimiterAbstract,
  key: string,
  points: number,
): Promise<RateLimitDecision> {
  try {
    await limiter.consume(key, points);
    return { allowed: true };
  } catch (error) {
    if (!(error instanceof RateLimiterRes)) throw error;
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(error.msBeforeNext / 1000)) };
  }
}
