import { once } from 'node:events';
import { request } from 'node:http';
import { connect, type Socket } from 'node:net';
import { nowSeconds, signToken as signWith } from '../support/keys.js';

/** Helpers of the hostile-client tests: tokens, and raw HTTP and TCP. */

export const JWT_SECRET = 'a-security-test-signing-secret-of-32-bytes+';

/** A token signed with {@link JWT_SECRET}, without `sub` unless `claims` has one; `exp` in epoch seconds. */
export function signToken(claims: Record<string, unknown>, exp: number): Promise<string> {
  return signWith(JWT_SECRET, { sub: undefined, iat: nowSeconds(), ...claims, exp });
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
