import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { SignJWT } from 'jose';

/** Keys and tokens tests sign with. */

/** An RSA key pair as RealtimeKit holds one: the private key signs, the PEM is what we verify with. */
export interface Pair {
  privateKey: KeyObject;
  pem: string;
}

/** A fresh 2048-bit RSA pair (RealtimeKit signs webhooks with RSA-SHA256). */
export function rsaPair(): Pair {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { privateKey, pem: publicKey.export({ type: 'spki', format: 'pem' }).toString() };
}

/** Seconds since the epoch, as JWT times are written. */
export const nowSeconds = (): number => Math.floor(Date.now() / 1000);

/**
 * An HS256 token signed with `secret`. By default it reads and writes recordings as `test-user`
 * and expires in five minutes; `claims` override or add any claim (`undefined` removes one).
 */
export function signToken(secret: string, claims: Record<string, unknown> = {}): Promise<string> {
  const payload: Record<string, unknown> = {
    sub: 'test-user',
    scope: 'recordings:read recordings:write',
    exp: nowSeconds() + 300,
    ...claims,
  };
  for (const [name, value] of Object.entries(payload)) {
    if (value === undefined) delete payload[name];
  }
  return new SignJWT(payload)
    .setProtectedHeader({ alg: 'HS256' })
    .sign(new TextEncoder().encode(secret));
}

/** `Authorization` header value for `token`. */
export const bearer = (token: string): string => `Bearer ${token}`;
