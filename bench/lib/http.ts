import { Agent, request } from 'node:http';
import { createServer } from 'node:net';

/** A port that was free a moment ago, for servers that must be told theirs. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

const agent = new Agent({ keepAlive: true, maxSockets: 8 });

/** One HTTP request from the bench itself; resolves with the status and the body text. */
export function send(
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const body = options.body === undefined ? undefined : Buffer.from(options.body);
    const req = request(
      url,
      {
        agent,
        method: options.method ?? 'GET',
        headers: { ...options.headers, ...(body ? { 'content-length': body.length } : {}) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString() }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/**
 * Polls `url` until it answers 200; resolves with the ms waited. Fails if `exited` settles first
 * (the server died) or after `timeoutMs`.
 */
export async function waitForOk(
  url: string,
  exited: Promise<void>,
  timeoutMs = 120_000,
): Promise<number> {
  const started = performance.now();
  let dead = false;
  void exited.then(() => {
    dead = true;
  });
  for (;;) {
    if (dead) throw new Error(`the server exited before ${url} answered`);
    if (performance.now() - started > timeoutMs) throw new Error(`${url} did not answer in time`);
    const status = await send(url).then(
      (response) => response.status,
      () => 0,
    );
    if (status === 200) return performance.now() - started;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Milliseconds since the epoch, sub-millisecond, comparable between processes on one machine. */
export function epochMs(): number {
  return performance.timeOrigin + performance.now();
}
