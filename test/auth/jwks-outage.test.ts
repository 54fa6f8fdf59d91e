import { randomUUID } from 'node:crypto';
import { exportJWK, generateKeyPair, type JWK, SignJWT } from 'jose';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { createAuthenticator } from '../../src/auth/authenticator.js';
import { captureLogs } from '../support/logs.js';
import { startJwksServer } from './support.js';

/**
 * A failing JWKS endpoint: forged tokens naming unknown keys must not turn into one fetch (and
 * one warning) each.
 */

const servers: Awaited<ReturnType<typeof startJwksServer>>[] = [];
afterEach(() => {
  vi.useRealTimers();
});
afterAll(async () => {
  await Promise.all(servers.map((server) => server.close()));
});

async function jwksServer(status: number) {
  const server = await startJwksServer();
  servers.push(server);
  server.state.status = status;
  return server;
}

const signer = await generateKeyPair('RS256', { extractable: true });
const publicJwk: JWK = { ...(await exportJWK(signer.publicKey)), kid: 'real', alg: 'RS256' };
const sign = (kid: string) =>
  new SignJWT({ scope: 'recordings:read' })
    .setProtectedHeader({ alg: 'RS256', kid })
    .setSubject('user-1')
    .setExpirationTime('10m')
    .sign(signer.privateKey);

/** Forged tokens, each naming a kid the set never had. */
const forged = (count: number) =>
  Promise.all(Array.from({ length: count }, () => sign(`forged-${randomUUID()}`)));

const warnings = (lines: string[]) =>
  lines.map((line) => JSON.parse(line)).filter((entry) => entry.level >= 40);

describe('JWKS outage', () => {
  it('fetches once and warns once for a burst of 600 forged tokens while the JWKS answers 503', async () => {
    const server = await jwksServer(503);
    const { logger, lines } = captureLogs();
    const auth = createAuthenticator({ mode: 'jwt', jwksUrl: server.url }, logger);
    const tokens = await forged(600);
    for (let batch = 0; batch < tokens.length; batch += 100) {
      const outcomes = await Promise.allSettled(
        tokens.slice(batch, batch + 100).map((token) => auth.authenticate(`Bearer ${token}`)),
      );
      expect(outcomes.every((outcome) => outcome.status === 'rejected')).toBe(true);
    }
    expect(server.state.fetches).toBe(1);
    expect(warnings(lines)).toHaveLength(1);

    // Once the cooldown has passed the endpoint is asked (and the outage logged) once more.
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() });
    vi.setSystemTime(Date.now() + 31_000);
    for (const token of await forged(50)) {
      await expect(auth.authenticate(`Bearer ${token}`)).rejects.toThrow('invalid token');
    }
    expect(server.state.fetches).toBe(2);
    expect(warnings(lines)).toHaveLength(2);
  });

  it('keeps accepting tokens of cached keys while the endpoint is down', async () => {
    const server = await jwksServer(200);
    server.state.keys = [publicJwk];
    const { logger } = captureLogs();
    const auth = createAuthenticator({ mode: 'jwt', jwksUrl: server.url }, logger);
    const real = `Bearer ${await sign('real')}`;
    await expect(auth.authenticate(real)).resolves.toMatchObject({ subject: 'user-1' });
    server.state.status = 503;
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() });
    vi.setSystemTime(Date.now() + 31_000);
    // An unknown kid after jose's own cooldown makes it refetch, which fails.
    const [first] = await forged(1);
    await expect(auth.authenticate(`Bearer ${first}`)).rejects.toThrow('invalid token');
    expect(server.state.fetches).toBe(2);
    await expect(auth.authenticate(real)).resolves.toMatchObject({ subject: 'user-1' });
    for (const token of await forged(20)) {
      await expect(auth.authenticate(`Bearer ${token}`)).rejects.toThrow('invalid token');
    }
    await expect(auth.authenticate(real)).resolves.toMatchObject({ subject: 'user-1' });
    expect(server.state.fetches).toBe(2);
  });
});
