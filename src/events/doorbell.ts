import { Redis, type RedisOptions } from 'ioredis';
import type { Logger } from '../logger.js';
import { describeError } from '../util/describe-error.js';
import { redisEventTarget } from './redis-event-target.js';

/** The event type an event feed rings and listens for; its detail names the ringing feed. */
export const DOORBELL_RING = 'events-stored';

const DEFAULT_CHANNEL_PREFIX = 'rtk-gateway:';
const QUIT_TIMEOUT_MS = 1000;

/** What wakes event feeds: in-process by default, or Redis pub/sub reaching every replica. */
export interface Doorbell {
  target: EventTarget;
  close(): Promise<void>;
}

/**
 * The doorbell event feeds ring after storing an event. Without `redisUrl` it is a plain
 * in-process `EventTarget`; with it, rings travel over Redis pub/sub (channel
 * `<channelPrefix><type>`) so a ring on one replica wakes the feeds of all. A ring is only a hint
 * (feeds also poll the store), so Redis trouble is logged and otherwise ignored.
 */
export function createDoorbell(options: {
  redisUrl?: string;
  logger: Logger;
  /** Namespaces the channels, so several deployments (or tests) can share one Redis. */
  channelPrefix?: string;
}): Doorbell {
  const { redisUrl, logger } = options;
  if (redisUrl === undefined || redisUrl === '') {
    return { target: new EventTarget(), close: async () => {} };
  }
  const prefix = options.channelPrefix ?? DEFAULT_CHANNEL_PREFIX;
  const base: RedisOptions = {
    lazyConnect: false,
    retryStrategy: (attempt) => Math.min(attempt * 200, 5000),
  };
  // Rings wait for a connection being made (so the first ones after boot are not lost), but give
  // up after one failed reconnect: a ring is worth little late, and the poll covers it.
  const publishClient = watch(
    new Redis(redisUrl, { ...base, maxRetriesPerRequest: 1 }),
    'publish',
    logger,
  );
  // Subscriptions wait for the connection and are renewed by ioredis after a reconnect. No ready
  // check: its INFO races a SUBSCRIBE sent while connecting, and the subscription was silently lost.
  const subscribeClient = watch(
    new Redis(redisUrl, { ...base, maxRetriesPerRequest: null, enableReadyCheck: false }),
    'subscribe',
    logger,
  );
  const target = redisEventTarget(publishClient, subscribeClient, prefix, logger);
  return {
    target,
    async close() {
      await Promise.all([shutDown(publishClient), shutDown(subscribeClient)]);
    },
  };
}

/** Logs a client's connection trouble once per outage, and its recovery. */
function watch(client: Redis, role: string, logger: Logger): Redis {
  let down = false;
  client.on('error', (error: unknown) => {
    if (!down) logger.warn({ err: describeError(error), role }, 'doorbell lost Redis; retrying');
    down = true;
  });
  client.on('ready', () => {
    if (down) logger.info({ role }, 'doorbell reached Redis again');
    down = false;
  });
  return client;
}

/** `quit` waits for the server, forever while it is unreachable; fall back to dropping the socket. */
async function shutDown(client: Redis): Promise<void> {
  if (client.status === 'ready') {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      client.quit().catch(() => undefined),
      new Promise((resolve) => {
        timer = setTimeout(resolve, QUIT_TIMEOUT_MS);
      }),
    ]);
    clearTimeout(timer);
  }
  client.disconnect();
}
