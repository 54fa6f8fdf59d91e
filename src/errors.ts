/**
 * Expected failures, as plain classes the datasources throw and the schema exposes as typed results.
 * Nothing here knows about GraphQL; messages are written for API users and never carry secrets.
 */

export const ERROR_CODES = [
  'VALIDATION',
  'NOT_FOUND',
  'CONFLICT',
  'RATE_LIMITED',
  'UPSTREAM',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'CURSOR_EXPIRED',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/** Base of every expected failure: a stable machine-readable `code` and a safe message. */
export abstract class GatewayError extends Error {
  abstract readonly code: ErrorCode;
}

/** An argument broke a rule; `field` is the argument path, e.g. `input.videoConfig.width`. */
export class ValidationError extends GatewayError {
  readonly code = 'VALIDATION';
  override readonly name = 'ValidationError';
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
  }
}

/** The recording or meeting does not exist upstream. */
export class NotFoundError extends GatewayError {
  readonly code = 'NOT_FOUND';
  override readonly name = 'NotFoundError';
}

/** The request conflicts with the current state: already recording, or a wrong-state transition. */
export class ConflictError extends GatewayError {
  readonly code = 'CONFLICT';
  override readonly name = 'ConflictError';
}

/** Upstream (or the gateway) is rate limiting; retry after `retryAfterSeconds`. */
export class RateLimitedError extends GatewayError {
  readonly code = 'RATE_LIMITED';
  override readonly name = 'RateLimitedError';
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(message);
  }
}

/** Upstream refused the call for another reason, answered badly, or could not be reached. */
export class UpstreamError extends GatewayError {
  readonly code = 'UPSTREAM';
  override readonly name = 'UpstreamError';
  constructor(
    message: string,
    readonly upstreamStatus: number | null = null,
  ) {
    super(message);
  }
}

/** A resume cursor names events older than the event log keeps; subscribe again without it. */
export class CursorExpiredGatewayError extends GatewayError {
  readonly code = 'CURSOR_EXPIRED';
  override readonly name = 'CursorExpiredGatewayError';
}

/** The caller's token does not allow this (scope or meeting). Says nothing more, by design. */
export class ForbiddenError extends GatewayError {
  readonly code = 'FORBIDDEN';
  override readonly name = 'ForbiddenError';
  constructor() {
    super('Not allowed');
  }
}
