import {
  type CryptoKey,
  exportJWK,
  exportPKCS8,
  exportSPKI,
  generateKeyPair,
  type JWK,
  type JWTPayload,
  SignJWT,
} from 'jose';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { AuthenticationError, createAuthenticator } from '../../src/auth/authenticator.js';
import type { AuthSettings } from '../../src/auth/settings.js';
import { ANONYMOUS_FULL_ACCESS, MEETING_IDS_CLAIM } from '../../src/auth/viewer.js';
import { captureLogs } from '../support/logs.js';
import { startJwksServer } from './support.js';

const ISSUER = 'https://idp.test/';
const AUDIENCE = 'rtk-gateway';
const SECRET = 'a-test-secret-that-is-long-enough-for-hs256!';
const MEETING_A = '0b5a1a36-1c9a-4c55-8a6f-3f8a2f4b9e01';
const MEETING_B = 'A7D2C1E0-5B4A-4C3D-9E8F-0A1B2C3D4E5F';

type Key = CryptoKey | Uint8Array;
interface Claims extends JWTPayload {
  [key: string]: unknown;
}

/** Signs `claims` on top of a valid default set; an `undefined` value removes that claim. */
async function sign(
  key: Key,
  claims: Claims = {},
  header: { alg: string; kid?: string } = { alg: 'RS256' },
): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const payload: Claims = {
    sub: 'user-1',
    iss: ISSUER,
    aud: AUDIENCE,
    iat: now,
    exp: now + 3600,
    scope: 'recordings:read',
    ...claims,
  };
  for (const [name, value] of Object.entries(payload)) {
    if (value === undefined) delete payload[name];
  }
  return new SignJWT(payload).setProtectedHeader(header).sign(key);
}

function b64(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

function unsecuredToken(): string {
  const now = Math.floor(Date.now() / 1000);
  const payload = { sub: 'user-1', iss: ISSUER, aud: AUDIENCE, exp: now + 3600 };
  return `${b64({ alg: 'none', typ: 'JWT' })}.${b64(payload)}.`;
}

type JwksServer = Awaited<ReturnType<typeof startJwksServer>>;
const servers: JwksServer[] = [];

async function publicJwk(key: CryptoKey, kid: string): Promise<JWK> {
  return { ...(await exportJWK(key)), kid, alg: 'RS256', use: 'sig' };
}

afterEach(() => {
  vi.useRealTimers();
});

afterAll(async () => {
  await Promise.all(servers.map((server) => server.close()));
});

interface Style {
  name: string;
  settings: AuthSettings;
  signingKey: Key;
  alg: string;
  kid?: string;
  /** Same algorithm family, a key the gateway does not trust. */
  otherKey: Key;
  /** Public text an attacker could use as an HMAC secret, when the style has any. */
  publicText: string | null;
}

const base = { mode: 'jwt', issuer: ISSUER, audience: AUDIENCE } as const;

async function styles(): Promise<Style[]> {
  const rsa = await generateKeyPair('RS256', { extractable: true });
  const other = await generateKeyPair('RS256', { extractable: true });
  const pem = await exportSPKI(rsa.publicKey);
  const jwksKey = await generateKeyPair('RS256', { extractable: true });
  const server = await startJwksServer();
  servers.push(server);
  server.state.keys = [await publicJwk(jwksKey.publicKey, 'k1')];
  return [
    {
      name: 'shared secret',
      settings: { ...base, secret: SECRET },
      signingKey: new TextEncoder().encode(SECRET),
      alg: 'HS256',
      otherKey: new TextEncoder().encode(`${SECRET}-but-another-one`),
      publicText: null,
    },
    {
      name: 'PEM public key',
      settings: { ...base, publicKeyPem: pem },
      signingKey: rsa.privateKey,
      alg: 'RS256',
      otherKey: other.privateKey,
      publicText: pem,
    },
    {
      name: 'JWKS',
      settings: { ...base, jwksUrl: server.url },
      signingKey: jwksKey.privateKey,
      alg: 'RS256',
      kid: 'k1',
      otherKey: other.privateKey,
      publicText: JSON.stringify({ keys: server.state.keys }),
    },
  ];
}

const allStyles = await styles();

describe.each(allStyles)('token matrix: $name', (style) => {
  const { logger, lines } = captureLogs();
  const auth = createAuthenticator(style.settings, logger);
  const header = { alg: style.alg, ...(style.kid ? { kid: style.kid } : {}) };
  const tokens: string[] = [];
  const make = async (claims: Claims = {}, key: Key = style.signingKey, h = header) => {
    const token = await sign(key, claims, h);
    tokens.push(token);
    return token;
  };
  const refused = async (authorization: string | null | undefined, message = 'invalid token') => {
    const error = await auth.authenticate(authorization).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error).toMatchObject({ code: 'UNAUTHENTICATED', message });
  };
  const lastReason = () => JSON.parse(lines.at(-1) ?? '{}').reason;

  it('refuses a missing header or another scheme as "missing bearer token"', async () => {
    await refused(undefined, 'missing bearer token');
    await refused(null, 'missing bearer token');
    await refused('', 'missing bearer token');
    await refused('Basic x', 'missing bearer token');
    await refused(`Basic ${await make()}`, 'missing bearer token');
  });

  it('refuses malformed tokens', async () => {
    await refused('Bearer');
    await refused('Bearer not-a-jwt');
    await refused('Bearer a.b.c');
    await refused(`Bearer ${await make()} extra`);
    await refused(`Bearer ${'a'.repeat(20_000)}.b.c`);
  });

  it('refuses a wrong signature and a tampered payload', async () => {
    await refused(`Bearer ${await make({}, style.otherKey)}`);
    const [head, , signature] = (await make()).split('.');
    const forged = `${head}.${b64({ sub: 'admin', exp: 9_999_999_999, scope: 'recordings:write' })}.${signature}`;
    await refused(`Bearer ${forged}`);
  });

  it('refuses an unsecured alg "none" token', async () => {
    await refused(`Bearer ${unsecuredToken()}`);
    await refused(`Bearer ${unsecuredToken()}c2ln`);
  });

  it('refuses HS256 signed with the public key material (algorithm confusion)', async () => {
    if (style.publicText === null) {
      // The secret style only accepts HMAC: an RS256 token must not pass either.
      const rsa = await generateKeyPair('RS256');
      await refused(`Bearer ${await make({}, rsa.privateKey, { alg: 'RS256' })}`);
      return;
    }
    const confused = new TextEncoder().encode(style.publicText);
    await refused(
      `Bearer ${await make({}, confused, { alg: 'HS256', ...(style.kid ? { kid: style.kid } : {}) })}`,
    );
  });

  it('refuses expired, not-yet-valid and exp-less tokens', async () => {
    const now = Math.floor(Date.now() / 1000);
    await refused(`Bearer ${await make({ exp: now - 10 })}`);
    expect(lastReason()).toMatchObject({ code: 'ERR_JWT_EXPIRED', claim: 'exp' });
    await refused(`Bearer ${await make({ nbf: now + 600 })}`);
    expect(lastReason()).toMatchObject({ claim: 'nbf' });
    await refused(`Bearer ${await make({ exp: undefined })}`);
    expect(lastReason()).toMatchObject({ claim: 'exp', reason: 'missing' });
  });

  it('refuses a wrong issuer or audience', async () => {
    await refused(`Bearer ${await make({ iss: 'https://evil.test/' })}`);
    expect(lastReason()).toMatchObject({ claim: 'iss' });
    await refused(`Bearer ${await make({ iss: undefined })}`);
    await refused(`Bearer ${await make({ aud: 'someone-else' })}`);
    expect(lastReason()).toMatchObject({ claim: 'aud' });
  });

  it('accepts a valid token and reads its claims into a Viewer', async () => {
    const exp = Math.floor(Date.now() / 1000) + 1800;
    const viewer = await auth.authenticate(
      `bearer ${await make({ exp, scope: 'recordings:read admin recordings:write' })}`,
    );
    expect(viewer).toEqual({
      subject: 'user-1',
      scopes: new Set(['recordings:read', 'recordings:write']),
      meetingIds: null,
      expiresAt: exp * 1000,
      anonymous: false,
    });
    const fromArray = await auth.authenticate(
      `Bearer ${await make({ scope: undefined, scopes: ['recordings:write', 'recordings:delete'], sub: undefined })}`,
    );
    expect([...fromArray.scopes]).toEqual(['recordings:write']);
    expect(fromArray.subject).toBeNull();
    const none = await auth.authenticate(`BEARER ${await make({ scope: 'openid profile' })}`);
    expect(none.scopes.size).toBe(0);
  });

  it('reads the meeting restriction and refuses a malformed one', async () => {
    const viewer = await auth.authenticate(
      `Bearer ${await make({ [MEETING_IDS_CLAIM]: [MEETING_A, MEETING_B] })}`,
    );
    expect(viewer.meetingIds).toEqual(new Set([MEETING_A, MEETING_B.toLowerCase()]));
    const empty = await auth.authenticate(`Bearer ${await make({ [MEETING_IDS_CLAIM]: [] })}`);
    expect(empty.meetingIds).toEqual(new Set());
    for (const malformed of [MEETING_A, ['not-a-uuid'], [MEETING_A, 42], { a: MEETING_A }, null]) {
      await refused(`Bearer ${await make({ [MEETING_IDS_CLAIM]: malformed })}`);
      expect(lastReason()).toMatchObject({ code: 'MALFORMED_CLAIMS' });
    }
    await refused(`Bearer ${await make({ scope: ['recordings:read'] })}`);
  });

  it('never writes a token, or any part of its signature, to the log', () => {
    expect(tokens.length).toBeGreaterThan(15);
    const output = lines.join('');
    expect(output).toContain('token refused');
    for (const token of tokens) {
      expect(output).not.toContain(token);
      expect(output).not.toContain(token.split('.')[2]);
    }
  });
});

describe('JWKS caching and key rotation', () => {
  it('fetches once, refetches on an unknown kid after the cooldown, and drops removed keys', async () => {
    const server = await startJwksServer();
    servers.push(server);
    const oldKey = await generateKeyPair('RS256', { extractable: true });
    const newKey = await generateKeyPair('RS256', { extractable: true });
    server.state.keys = [await publicJwk(oldKey.publicKey, 'old')];
    const { logger } = captureLogs();
    const auth = createAuthenticator({ mode: 'jwt', jwksUrl: server.url }, logger);
    expect(server.state.fetches).toBe(0);

    const oldToken = await sign(oldKey.privateKey, {}, { alg: 'RS256', kid: 'old' });
    const newToken = await sign(newKey.privateKey, {}, { alg: 'RS256', kid: 'new' });
    for (let i = 0; i < 5; i++) {
      await expect(auth.authenticate(`Bearer ${oldToken}`)).resolves.toMatchObject({
        subject: 'user-1',
      });
    }
    expect(server.state.fetches).toBe(1);

    server.state.keys = [await publicJwk(newKey.publicKey, 'new')];
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() });
    // Within the cooldown an unknown kid does not hit the JWKS endpoint: no fetch amplification.
    await expect(auth.authenticate(`Bearer ${newToken}`)).rejects.toThrow('invalid token');
    expect(server.state.fetches).toBe(1);

    vi.setSystemTime(Date.now() + 31_000);
    await expect(auth.authenticate(`Bearer ${newToken}`)).resolves.toMatchObject({
      subject: 'user-1',
    });
    expect(server.state.fetches).toBe(2);
    await expect(auth.authenticate(`Bearer ${oldToken}`)).rejects.toThrow(AuthenticationError);
    for (let i = 0; i < 5; i++) {
      const stranger = await generateKeyPair('RS256');
      const token = await sign(stranger.privateKey, {}, { alg: 'RS256', kid: `unknown-${i}` });
      await expect(auth.authenticate(`Bearer ${token}`)).rejects.toThrow('invalid token');
    }
    await expect(auth.authenticate(`Bearer ${newToken}`)).resolves.toMatchObject({
      subject: 'user-1',
    });
    expect(server.state.fetches).toBe(2);

    // After the cache max age the set is fetched again even for a known kid.
    vi.setSystemTime(Date.now() + 601_000);
    await expect(auth.authenticate(`Bearer ${newToken}`)).resolves.toMatchObject({
      subject: 'user-1',
    });
    expect(server.state.fetches).toBe(3);
  });

  it('refuses tokens while the JWKS endpoint fails, logging one warning without the token', async () => {
    const server = await startJwksServer();
    servers.push(server);
    const key = await generateKeyPair('RS256', { extractable: true });
    server.state.keys = [await publicJwk(key.publicKey, 'k')];
    server.state.status = 500;
    const { logger, lines } = captureLogs();
    const auth = createAuthenticator({ mode: 'jwt', jwksUrl: server.url }, logger);
    const token = await sign(key.privateKey, {}, { alg: 'RS256', kid: 'k' });
    await expect(auth.authenticate(`Bearer ${token}`)).rejects.toMatchObject({
      code: 'UNAUTHENTICATED',
      message: 'invalid token',
    });
    const warnings = lines.map((line) => JSON.parse(line)).filter((entry) => entry.level === 40);
    expect(warnings).toEqual([
      expect.objectContaining({
        jwksUrl: server.url,
        msg: expect.stringMatching(/^JWKS fetch failed/),
      }),
    ]);
    expect(lines.join('')).not.toContain(token);
    server.state.status = 200;
    // The endpoint is asked again once the cooldown after the failure has passed.
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() });
    vi.setSystemTime(Date.now() + 31_000);
    await expect(auth.authenticate(`Bearer ${token}`)).resolves.toMatchObject({
      subject: 'user-1',
    });
  });
});

describe('other key types and modes', () => {
  it('pins algorithms to an EC or Ed25519 public key', async () => {
    const { logger } = captureLogs();
    const ec = await generateKeyPair('ES256', { extractable: true });
    const ecAuth = createAuthenticator(
      { mode: 'jwt', publicKeyPem: await exportSPKI(ec.publicKey) },
      logger,
    );
    await expect(
      ecAuth.authenticate(`Bearer ${await sign(ec.privateKey, {}, { alg: 'ES256' })}`),
    ).resolves.toMatchObject({ subject: 'user-1' });
    const ed = await generateKeyPair('Ed25519', { extractable: true });
    const edPem = (await exportSPKI(ed.publicKey)).replaceAll('\n', '\\n');
    const edAuth = createAuthenticator({ mode: 'jwt', publicKeyPem: edPem }, logger);
    await expect(
      edAuth.authenticate(`Bearer ${await sign(ed.privateKey, {}, { alg: 'EdDSA' })}`),
    ).resolves.toMatchObject({ subject: 'user-1' });
    await expect(
      ecAuth.authenticate(`Bearer ${await sign(ed.privateKey, {}, { alg: 'EdDSA' })}`),
    ).rejects.toThrow('invalid token');
  });

  it('gives full anonymous access under AUTH_MODE=none whatever the header', async () => {
    const { logger } = captureLogs();
    const auth = createAuthenticator({ mode: 'none' }, logger);
    await expect(auth.authenticate(undefined)).resolves.toBe(ANONYMOUS_FULL_ACCESS);
    await expect(auth.authenticate('Bearer garbage')).resolves.toBe(ANONYMOUS_FULL_ACCESS);
    expect(ANONYMOUS_FULL_ACCESS).toMatchObject({ anonymous: true, meetingIds: null });
    expect([...ANONYMOUS_FULL_ACCESS.scopes].sort()).toEqual([
      'recordings:read',
      'recordings:write',
    ]);
  });

  it('refuses a configuration without exactly one usable key source', async () => {
    const { logger } = captureLogs();
    const rsa = await generateKeyPair('RS256', { extractable: true });
    const pem = await exportSPKI(rsa.publicKey);
    const create = (settings: Omit<AuthSettings, 'mode'>) => () =>
      createAuthenticator({ mode: 'jwt', ...settings }, logger);
    expect(create({})).toThrow(/exactly one/);
    expect(create({ secret: '  ' })).toThrow(/exactly one/);
    expect(create({ secret: SECRET, publicKeyPem: pem })).toThrow(/exactly one/);
    expect(create({ secret: 'short' })).toThrow(/at least 32 bytes/);
    expect(create({ publicKeyPem: await exportPKCS8(rsa.privateKey) })).toThrow(/public key/);
    expect(create({ publicKeyPem: 'not a pem' })).toThrow(/public key/);
    expect(create({ jwksUrl: 'http://idp.example.com/jwks.json' })).toThrow(/https/);
    expect(create({ jwksUrl: 'not a url' })).toThrow(/valid URL/);
    expect(create({ jwksUrl: 'https://idp.example.com/jwks.json' })).not.toThrow();
  });
});
