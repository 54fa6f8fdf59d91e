import { type AddressInfo, connect, createServer, type Socket } from 'node:net';

/** A TCP proxy on loopback between a client and the gateway, whose network a test can cut. */
export interface TcpProxy {
  /** `ws://127.0.0.1:<port>/graphql`: the gateway's graphql-ws endpoint through the proxy. */
  readonly wsUrl: string;
  /** Connections forwarded so far. */
  readonly accepted: number;
  /** Connections refused (reset at once) while the network was down. */
  readonly refused: number;
  /** Connections open now. */
  readonly open: number;
  /** Drops every open connection (both ends) and resets every new one until {@link restore}. */
  cut(): void;
  restore(): void;
  /**
   * Stops forwarding on every open connection without closing it, as a network that vanished
   * without a word does: bytes go nowhere, no close reaches either end.
   */
  blackhole(): void;
  /**
   * Stops reading what the gateway sends on every open connection, as a client that cannot keep
   * up: the gateway's unsent bytes pile up until it closes the socket as a slow consumer.
   */
  stall(): void;
  /** Reads again: what the gateway sent before it gave up reaches the client, then the close. */
  unstall(): void;
  close(): Promise<void>;
}

/** Starts a proxy on a free loopback port that forwards to `target` (`http://127.0.0.1:port`). */
export async function startTcpProxy(target: string): Promise<TcpProxy> {
  const { hostname, port } = new URL(target);
  const pairs = new Set<[Socket, Socket]>();
  const stalled = new Set<[Socket, Socket]>();
  let down = false;
  let accepted = 0;
  let refused = 0;
  const server = createServer((client) => {
    client.on('error', () => {});
    if (down) {
      refused += 1;
      client.resetAndDestroy();
      return;
    }
    accepted += 1;
    const upstream = connect({ host: hostname, port: Number(port) });
    upstream.on('error', () => {});
    const pair: [Socket, Socket] = [client, upstream];
    pairs.add(pair);
    const drop = () => {
      pairs.delete(pair);
      if (stalled.has(pair)) return;
      client.destroy();
      upstream.destroy();
    };
    client.on('close', drop);
    upstream.on('close', drop);
    client.pipe(upstream);
    upstream.pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port: own } = server.address() as AddressInfo;
  const proxy: TcpProxy = {
    wsUrl: `ws://127.0.0.1:${own}/graphql`,
    get accepted() {
      return accepted;
    },
    get refused() {
      return refused;
    },
    get open() {
      return pairs.size;
    },
    cut() {
      down = true;
      for (const [client, upstream] of [...pairs]) {
        client.resetAndDestroy();
        upstream.destroy();
      }
    },
    restore() {
      down = false;
    },
    blackhole() {
      for (const [client, upstream] of pairs) {
        client.unpipe(upstream);
        upstream.unpipe(client);
        // Flowing with no reader: whatever arrives is read and discarded.
        client.resume();
        upstream.resume();
      }
    },
    stall() {
      for (const pair of pairs) {
        const [client, upstream] = pair;
        upstream.unpipe(client);
        upstream.pause();
        stalled.add(pair);
      }
    },
    unstall() {
      for (const pair of [...stalled]) {
        stalled.delete(pair);
        pair[1].pipe(pair[0]);
      }
    },
    async close() {
      proxy.unstall();
      proxy.cut();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return proxy;
}
