import { createPublicKey, type KeyObject, X509Certificate } from 'node:crypto';
import {
  createRemoteJWKSet,
  type JWSAlgorithm,
  type JWTPayload,
  type JWTVerifyGetKey,
  errors as joseErrors,
  jwtVerify,
} from 'jose';
import { GatewayError } from '../errors.js';
import type { Logger } from '../logger.js';
import {
  ANONYMOUS_FULL_ACCESS,
  MalformedClaimsError,
  type Viewer,
  viewerFromClaims,
} from './viewer.js';

export interface AuthSettings {
  mode: 'none' | 'jwt';
  /** Shared HMAC secret (HS256/384/512), at least 32 bytes. */
  secret?: string;
  /** SPKI public key or X.509 certificate, PEM; algorithms follow the key type. */
  publicKeyPem?: string;
  /** JWKS endpoint: https, or http on loopback only. */
  jwksUrl?: string;
  issuer?: string;
  audience?: string;
  clockToleranceSeconds?: number;
  /** JWKS fetch timeout; default 5 s. */
  jwksTimeoutMs?: number;
  /** Least time between two JWKS fetches triggered by an unknown `kid`; default 30 s. */
  jwksCooldownMs?: number;
  /** How long a fetched JWKS is used before it is fetched again; default 10 min. */
  jwksCacheMaxAgeMs?: number;
}

export interface Authenticator {
  /** The viewer for an `Authorization` header value; throws {@link AuthenticationError}. */
  authenticate(authorization: string | null | undefined): Promise<Viewer>;
}

/**
 * The caller could not be authenticated. The message is deliberately vague: which check failed is
 * logged at debug level, never told to the client.
 */
export class AuthenticationError extends GatewayError {
  readonly code = 'UNAUTHENTICATED';
  override readonly name = 'AuthenticationError';
  constructor(message: 'missing bearer token' | 'invalid token') {
    super(message);
  }
}

const HMAC_ALGORITHMS: JWSAlgorithm[] = ['HS256', 'HS384', 'HS512'];
const RSA_ALGORITHMS: JWSAlgorithm[] = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512'];
const ASYMMETRIC_ALGORITHMS: JWSAlgorithm[] = [
  ...RSA_ALGORITHMS,
  'ES256',
  'ES384',
  'ES512',
  'EdDSA',
  'Ed25519',
];
const MIN_SECRET_BYTES = 32;
const MAX_TOKEN_LENGTH = 16_384;
const BEARER = /^Bearer +([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+) *$/i;
const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

interface KeySource {
  key: Uint8Array | KeyObject | JWTVerifyGetKey;
  algorithms: JWSAlgorithm[];
}

function present(value: string | undefined): value is string {
  return value !== undefined && value.trim() !== '';
}

function publicKeyAlgorithms(key: KeyObject): JWSAlgorithm[] {
  switch (key.asymmetricKeyType) {
    case 'rsa':
      return RSA_ALGORITHMS;
    case 'rsa-pss':
      return ['PS256', 'PS384', 'PS512'];
    case 'ec': {
      const curve = key.asymmetricKeyDetails?.namedCurve;
      if (curve === 'prime256v1') return ['ES256'];
      if (curve === 'secp384r1') return ['ES384'];
      if (curve === 'secp521r1') return ['ES512'];
      throw new Error(`AUTH_JWT_PUBLIC_KEY: unsupported EC curve ${curve ?? 'unknown'}`);
    }
    case 'ed25519':
      return ['EdDSA', 'Ed25519'];
    default:
      throw new Error(`AUTH_JWT_PUBLIC_KEY: unsupported key type ${key.asymmetricKeyType}`);
  }
}

function publicKeySource(pemText: string): KeySource {
  // Environment variables often carry PEM with literal "\n" sequences.
  const pem = pemText.replaceAll('\\n', '\n').trim();
  let key: KeyObject;
  if (/-----BEGIN CERTIFICATE-----/.test(pem)) {
    key = new X509Certificate(pem).publicKey;
  } else if (/-----BEGIN (RSA )?PUBLIC KEY-----/.test(pem)) {
    key = createPublicKey(pem);
  } else {
    // A private key would "work" here, but it has no business in the gateway's configuration.
    throw new Error('AUTH_JWT_PUBLIC_KEY must be a PEM public key (SPKI) or X.509 certificate');
  }
  return { key, algorithms: publicKeyAlgorithms(key) };
}

function jwksSource(settings: AuthSettings, urlText: string): KeySource {
  let url: URL;
  try {
    url = new URL(urlText);
  } catch {
    throw new Error('AUTH_JWKS_URL is not a valid URL');
  }
  const loopback = url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname);
  if (url.protocol !== 'https:' && !loopback) {
    throw new Error('AUTH_JWKS_URL must use https (plain http only on loopback)');
  }
  const key = createRemoteJWKSet(url, {
    timeoutDuration: settings.jwksTimeoutMs ?? 5_000,
    cooldownDuration: settings.jwksCooldownMs ?? 30_000,
    cacheMaxAge: settings.jwksCacheMaxAgeMs ?? 600_000,
  });
  // Symmetric keys in a JWKS are never accepted: the set is public.
  return { key, algorithms: ASYMMETRIC_ALGORITHMS };
}

function keySource(settings: AuthSettings): KeySource {
  const configured = [settings.secret, settings.publicKeyPem, settings.jwksUrl].filter(present);
  if (configured.length !== 1) {
    throw new Error(
      'AUTH_MODE=jwt needs exactly one of AUTH_JWT_SECRET, AUTH_JWT_PUBLIC_KEY or AUTH_JWKS_URL',
    );
  }
  if (present(settings.secret)) {
    const secret = new TextEncoder().encode(settings.secret);
    if (secret.byteLength < MIN_SECRET_BYTES) {
      throw new Error(`AUTH_JWT_SECRET must be at least ${MIN_SECRET_BYTES} bytes`);
    }
    return { key: secret, algorithms: HMAC_ALGORITHMS };
  }
  if (present(settings.publicKeyPem)) return publicKeySource(settings.publicKeyPem);
  return jwksSource(settings, settings.jwksUrl as string);
}

/** Why a token was refused, for the debug log: never the token, never the payload. */
function refusalReason(error: unknown): Record<string, unknown> {
  if (
    error instanceof joseErrors.JWTClaimValidationFailed ||
    error instanceof joseErrors.JWTExpired
  ) {
    return { code: error.code, claim: error.claim, reason: error.reason };
  }
  if (error instanceof joseErrors.JOSEError) return { code: error.code, detail: error.message };
  if (error instanceof MalformedClaimsError)
    return { code: 'MALFORMED_CLAIMS', detail: error.message };
  return { code: 'UNKNOWN', error: error instanceof Error ? error.name : typeof error };
}

/** Failures of the key source itself (JWKS down or broken), not of the token. */
function isKeySourceFailure(error: unknown): boolean {
  if (error instanceof joseErrors.JWKSTimeout || error instanceof joseErrors.JWKSInvalid)
    return true;
  if (error instanceof joseErrors.JOSEError) return error.constructor === joseErrors.JOSEError;
  return !(error instanceof MalformedClaimsError);
}

/**
 * Builds the authenticator for the configured `AUTH_MODE`. Under `jwt` exactly one key style
 * must be configured, or this throws at start-up; algorithms are pinned to that key's type.
 */
export function createAuthenticator(settings: AuthSettings, logger: Logger): Authenticator {
  if (settings.mode === 'none') {
    return { authenticate: async () => ANONYMOUS_FULL_ACCESS };
  }
  if (settings.mode !== 'jwt') throw new Error(`unknown AUTH_MODE ${String(settings.mode)}`);
  const source = keySource(settings);
  const options = {
    algorithms: source.algorithms,
    requiredClaims: ['exp'],
    clockTolerance: settings.clockToleranceSeconds ?? 0,
    ...(present(settings.issuer) ? { issuer: settings.issuer } : {}),
    ...(present(settings.audience) ? { audience: settings.audience } : {}),
  };
  const log = logger.child({ component: 'auth' });

  async function verify(token: string): Promise<JWTPayload> {
    // jwtVerify has one overload per key kind; the source picked exactly one of them.
    if (typeof source.key === 'function')
      return (await jwtVerify(token, source.key, options)).payload;
    return (await jwtVerify(token, source.key, options)).payload;
  }

  return {
    async authenticate(authorization) {
      if (typeof authorization !== 'string' || authorization.trim() === '') {
        log.debug({ reason: { code: 'NO_AUTHORIZATION' } }, 'request refused');
        throw new AuthenticationError('missing bearer token');
      }
      if (!/^bearer(\s|$)/i.test(authorization)) {
        log.debug({ reason: { code: 'NOT_BEARER' } }, 'request refused');
        throw new AuthenticationError('missing bearer token');
      }
      const token =
        authorization.length <= MAX_TOKEN_LENGTH ? BEARER.exec(authorization)?.[1] : undefined;
      if (token === undefined) {
        log.debug({ reason: { code: 'MALFORMED_TOKEN' } }, 'token refused');
        throw new AuthenticationError('invalid token');
      }
      try {
        return viewerFromClaims(await verify(token));
      } catch (error) {
        const reason = refusalReason(error);
        if (isKeySourceFailure(error)) log.warn({ reason }, 'token refused: key source failed');
        else log.debug({ reason }, 'token refused');
        throw new AuthenticationError('invalid token');
      }
    },
  };
}
