import { once } from 'node:events';
import { request } from 'node:http';
import { connect, type Socket } from 'node:net';
import { Writable } from 'node:stream';
import { SignJWT } from 'jose';
import { afterAll } from 'vitest';
import { createLogger, type Logger } from '../../src/logger.js';
import type { GatewayServer } from '../../src/transport/server.js';
import { startTestServer } from '../support/gateway.js';

/** Helpers of the hostile-client tests: servers cleaned up after the file, raw HTTP, log capture. */

export const JWT_SECRET = 'a-security-test-signing-secret-of-32-bytes+';

/** Starts a gateway stopped when the test file ends. */
export function gatewayPool() {
  const servers: GatewayServer[] = [];
  afterAll(async () => {
    for (const server of servers) await server.stop();
  });
  return async (env: Record<string, string> = {}, logger?: Logger) => {
    const server = await startTestServer(env, logger);
    servers.push(server);
    return server;
  };
}

/** A logger whose JSON lines the test can read (and the suite's secret scan never sees). */
export function captureLogger(level = 'debug') {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, callback) {
      lines.push(String(chunk));
      callback();
    },
  });
  return {
    logger: createLogger({ level }, destination),
    lines,
    entries: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>),
  };
}

/** A token signed with {@link JWT_SECRET}; `exp` in epoch seconds. */
export function signToken(claims: Record<string, unknown>, exp: number): Promise<string> {
  return new SignJWT({ scope: 'recordings:read recordings:write', ...claims })
    .setProtectedHeader({ alg: 'HS256' })
    .setIssuedAt()
    .setExpirationTime(exp)
    .sign(new TextEncoder().encode(JWT_SECRET));
}

export interface RawAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** One request with exactly these headers (`Host` included, which fetch cannot set). */
export async function rawRequest(
  url: string,
  options: { method?: string; path: string; headers?: Record<string, string>; body?: string },
): Promise<RawAnswer> {
  const { hostname, port } = new URL(url);
  const req = request({
    host: hostname,
    port,
    method: options.method ?? 'GET',
    path: options.path,
    headers: options.headers,
  });
  req.end(options.body);
  const [res] = (await once(req, 'response')) as [import('node:http').IncomingMessage];
  const chunks: Buffer[] = [];
  for await (const chunk of res) chunks.push(chunk as Buffer);
  return {
    status: res.statusCode ?? 0,
    headers: res.headers,
    body: Buffer.concat(chunks).toString(),
  };
}

/** A raw TCP connection to the gateway, with everything it received and a promise of its end. */
export async function openRaw(url: string) {
  const { hostname, port } = new URL(url);
  const socket: Socket = connect(Number(port), hostname);
  await once(socket, 'connect');
  let received = '';
  socket.on('data', (chunk: Buffer) => {
    received += chunk.toString();
  });
  socket.on('error', () => {});
  const closed = once(socket, 'close').then(() => received);
  return { socket, closed, received: () => received };
}
