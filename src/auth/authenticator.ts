import { type JWTPayload, errors as joseErrors, jwtVerify } from 'jose';
import { GatewayError } from '../errors.js';
import type { Logger } from '../logger.js';
import { JwksUnavailableError } from './jwks-outage.js';
import { keySource, present } from './key-source.js';
import type { AuthSettings } from './settings.js';
import {
  ANONYMOUS_FULL_ACCESS,
  MalformedClaimsError,
  type Viewer,
  viewerFromClaims,
} from './viewer.js';

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

const MAX_TOKEN_LENGTH = 16_384;
const BEARER = /^Bearer +([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+) *$/i;

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
  if (error instanceof JwksUnavailableError) return true;
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
  const log = logger.child({ component: 'auth' });
  // The key source logs an outage of the JWKS once per cooldown, not once per refused token.
  const source = keySource(settings, log);
  const options = {
    algorithms: source.algorithms,
    requiredClaims: ['exp'],
    clockTolerance: settings.clockToleranceSeconds ?? 0,
    ...(present(settings.issuer) ? { issuer: settings.issuer } : {}),
    ...(present(settings.audience) ? { audience: settings.audience } : {}),
  };

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
        log.debug(
          { reason },
          isKeySourceFailure(error) ? 'token refused: key source failed' : 'token refused',
        );
        throw new AuthenticationError('invalid token');
      }
    },
  };
}
