import { createPublicKey, type KeyObject, X509Certificate } from 'node:crypto';
import { createRemoteJWKSet, type JWSAlgorithm, type JWTVerifyGetKey } from 'jose';
import type { Logger } from '../logger.js';
import { coolDownAfterFailures } from './jwks-outage.js';
import type { AuthSettings } from './settings.js';

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
const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

export interface KeySource {
  key: Uint8Array | KeyObject | JWTVerifyGetKey;
  algorithms: JWSAlgorithm[];
}

/** A setting counts only when it is not blank, as config treats empty strings as unset. */
export function present(value: string | undefined): value is string {
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

function jwksSource(settings: AuthSettings, urlText: string, logger?: Logger): KeySource {
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
  const cooldownMs = settings.jwksCooldownMs ?? 30_000;
  const remote = createRemoteJWKSet(url, {
    timeoutDuration: settings.jwksTimeoutMs ?? 5_000,
    cooldownDuration: cooldownMs,
    cacheMaxAge: settings.jwksCacheMaxAgeMs ?? 600_000,
  });
  const key = coolDownAfterFailures(remote, { cooldownMs, url: url.href, logger });
  // Symmetric keys in a JWKS are never accepted: the set is public.
  return { key, algorithms: ASYMMETRIC_ALGORITHMS };
}

/**
 * The verification key and the algorithms it may verify, from exactly one configured key style;
 * throws a configuration error otherwise.
 */
export function keySource(settings: AuthSettings, logger?: Logger): KeySource {
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
  return jwksSource(settings, settings.jwksUrl as string, logger);
}
