/** How client tokens are checked: the auth part of the gateway's settings (see config.ts). */
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
