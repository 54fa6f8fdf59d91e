import { Redis } from 'ioredis';

/** The local Redis the suite runs against. */
export const TEST_REDIS_URL = 'redis://127.0.0.1:6379';

const START_HINT =
  'start it with: redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no';

/**
 * Resolves once Redis at `url` answers PING. Throws, naming the command that starts it, when it
 * does not, so the tests that need Redis fail rather than skip or wait out their timeouts.
 */
export async function requireRedis(url: string = TEST_REDIS_URL): Promise<void> {
  const client = new Redis(url, {
    lazyConnect: true,
    connectTimeout: 5_000,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  // The socket's own error (ECONNREFUSED, …) says more than the "Connection is closed." after it.
  let cause: unknown;
  client.on('error', (error) => {
    cause ??= error;
  });
  try {
    await client.connect();
    await client.ping();
  } catch (error) {
    const { hostname, port } = new URL(url);
    const reason = cause ?? error;
    throw new Error(
      `Redis at ${hostname}:${port} is not reachable (${reason instanceof Error ? reason.message : String(reason)}); ${START_HINT}`,
    );
  } finally {
    client.disconnect();
  }
}
