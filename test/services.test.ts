import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { requireRedis, TEST_REDIS_URL } from './support/redis.js';

/** A loopback port nothing listens on: bound by us, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return address.port;
}

describe('requireRedis', () => {
  it('resolves when the local Redis answers', async () => {
    await expect(requireRedis(TEST_REDIS_URL)).resolves.toBeUndefined();
  });

  it('fails with the command that starts Redis when nothing answers', async () => {
    const port = await closedPort();
    const failure = requireRedis(`redis://127.0.0.1:${port}`);
    await expect(failure).rejects.toThrow(`Redis at 127.0.0.1:${port} is not reachable (`);
    await expect(failure).rejects.toThrow(
      'start it with: redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no',
    );
  });
});
