import { createLocalJWKSet, errors, type JSONWebKeySet, type JWTVerifyGetKey } from 'jose';
import type { Logger } from '../logger.js';

/** jose's remote key set, with the cache accessors it exposes. */
export type RemoteKeySet = JWTVerifyGetKey & {
  jwks(): JSONWebKeySet | undefined;
  readonly fresh: boolean;
};

/** The JWKS endpoint failed a moment ago; it is not asked again before its cooldown ends. */
export class JwksUnavailableError extends errors.JOSEError {
  override readonly code = 'ERR_JWKS_UNAVAILABLE';
}

/** A failure of the endpoint (down, slow, or serving something else), not of the token. */
function isFetchFailure(error: unknown): boolean {
  if (error instanceof errors.JWKSTimeout || error instanceof errors.JWKSInvalid) return true;
  if (error instanceof errors.JOSEError) return error.constructor === errors.JOSEError;
  return true;
}

/**
 * jose refetches a set after a failed fetch on the very next unknown `kid` or stale cache, so a
 * burst of forged tokens during an outage becomes a burst of fetches (and of log lines). This
 * wrapper waits `cooldownMs` after a failure before the endpoint is asked again, meanwhile
 * verifying with the keys still fresh in the cache (or refusing when there are none), and logs
 * the outage once per cooldown.
 */
export function coolDownAfterFailures(
  remote: RemoteKeySet,
  options: { cooldownMs: number; url: string; logger?: Logger | undefined },
): JWTVerifyGetKey {
  let failedAt = Number.NEGATIVE_INFINITY;
  let fallback: JWTVerifyGetKey | undefined;
  const coolingDown = () => Date.now() - failedAt < options.cooldownMs;
  return async (header, token) => {
    if (coolingDown()) {
      if (fallback === undefined || !remote.fresh) throw new JwksUnavailableError();
      return fallback(header, token);
    }
    try {
      return await remote(header, token);
    } catch (error) {
      if (!isFetchFailure(error)) throw error;
      // Concurrent callers share jose's one fetch and all land here: only the first one logs.
      if (!coolingDown()) {
        options.logger?.warn(
          {
            jwksUrl: options.url,
            reason: error instanceof Error ? error.message : typeof error,
            retryInMs: options.cooldownMs,
          },
          'JWKS fetch failed; tokens are checked against cached keys only until the retry',
        );
      }
      failedAt = Date.now();
      const cached = remote.fresh ? remote.jwks() : undefined;
      fallback = cached === undefined ? undefined : createLocalJWKSet(cached);
      throw error;
    }
  };
}
