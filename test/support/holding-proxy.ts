import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll } from 'vitest';

/**
 * An HTTP proxy in front of a real server (the simulator) that holds the requests a test picks
 * until it lets them go: "a request is in flight" becomes an event the test waits for, not a
 * guess at how long one takes. Proxies left open are closed after the test file.
 */

export interface HoldingProxy {
  /** The proxy's base: `target` with its origin replaced (path kept). */
  readonly url: string;
  /** Resolves when the first held request has arrived. */
  readonly held: Promise<void>;
  /** Forwards every held request, and from now on every request at once. */
  release(): void;
  close(): Promise<void>;
}

const leftovers = new Set<HoldingProxy>();
afterAll(async () => {
  await Promise.all([...leftovers].map((proxy) => proxy.close()));
});

/** The request body as text (RealtimeKit's API speaks JSON); undefined when empty. */
async function bodyOf(req: IncomingMessage): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return chunks.length > 0 ? Buffer.concat(chunks).toString() : undefined;
}

/** Proxies to `target` (e.g. the simulator's base URL), holding requests `hold` picks. */
export async function startHoldingProxy(
  target: string,
  hold: (req: IncomingMessage) => boolean,
): Promise<HoldingProxy> {
  const origin = new URL(target).origin;
  let arrived = () => {};
  const held = new Promise<void>((resolve) => {
    arrived = resolve;
  });
  let release = () => {};
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  const server = createServer(async (req, res) => {
    try {
      const body = await bodyOf(req);
      if (hold(req)) {
        arrived();
        await released;
      }
      const headers = new Headers();
      for (const [name, value] of Object.entries(req.headers)) {
        if (
          typeof value === 'string' &&
          !['host', 'connection', 'content-length', 'transfer-encoding'].includes(name)
        ) {
          headers.set(name, value);
        }
      }
      const answer = await fetch(`${origin}${req.url}`, { method: req.method, headers, body });
      const text = Buffer.from(await answer.arrayBuffer());
      res.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? '' });
      res.end(text);
    } catch {
      res.writeHead(502).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const url = new URL(target);
  url.host = `127.0.0.1:${port}`;
  const proxy: HoldingProxy = {
    url: url.toString().replace(/\/$/, ''),
    held,
    release,
    close: () =>
      new Promise<void>((resolve) => {
        leftovers.delete(proxy);
        release();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  leftovers.add(proxy);
  return proxy;
}
