import {
  ConflictError,
  type ERROR_CODES,
  type GatewayError,
  NotFoundError,
  RateLimitedError,
  UpstreamError,
  ValidationError,
} from '../errors.js';
import { builder } from './builder.js';

/**
 * Expected failures as typed members of each mutation's result union (the builder's `defaultTypes`
 * lists them). Each GraphQL error type is backed by the plain error class the datasources throw.
 */

export const ErrorCodeEnum = builder.enumType('ErrorCode', {
  description: 'A stable, machine-readable reason for a failure.',
  values: {
    VALIDATION: {
      description:
        'An argument broke a rule the gateway checks itself; nothing was sent upstream. (When RealtimeKit refuses a request, the code is CONFLICT or UPSTREAM.)',
    },
    NOT_FOUND: { description: 'The recording or meeting does not exist.' },
    CONFLICT: {
      description:
        'The recording or meeting is in a state that does not allow this (RealtimeKit said so, or the gateway is still running the same idempotent request).',
    },
    RATE_LIMITED: { description: 'Too many calls; retry after the given number of seconds.' },
    UPSTREAM: {
      description:
        'RealtimeKit refused the call for a reason other than state (its message, with secrets removed, says why), failed, or could not be reached.',
    },
    UNAUTHENTICATED: { description: 'No valid credentials were presented.' },
    FORBIDDEN: { description: 'The credentials do not allow this.' },
    CURSOR_EXPIRED: {
      description: 'The resume cursor is older than the event log keeps; subscribe without it.',
    },
  } satisfies Record<(typeof ERROR_CODES)[number], { description: string }>,
});

export const ErrorInterface = builder.interfaceRef<GatewayError>('Error').implement({
  description: 'Implemented by every expected failure.',
  fields: (t) => ({
    message: t.exposeString('message', { description: 'What went wrong, for people.' }),
    code: t.field({
      type: ErrorCodeEnum,
      description: 'What went wrong, for programs.',
      resolve: (error) => error.code,
    }),
  }),
});

export const ValidationErrorType = builder.objectType(ValidationError, {
  name: 'ValidationError',
  description:
    'An argument broke a rule the gateway checks before calling RealtimeKit; `field` names it. Nothing was sent upstream.',
  interfaces: [ErrorInterface],
  fields: (t) => ({
    field: t.exposeString('field', {
      description: 'The argument path, e.g. `input.videoConfig.width`.',
    }),
  }),
});

export const NotFoundErrorType = builder.objectType(NotFoundError, {
  name: 'NotFoundError',
  description: 'The recording or meeting does not exist upstream.',
  interfaces: [ErrorInterface],
});

export const ConflictErrorType = builder.objectType(ConflictError, {
  name: 'ConflictError',
  description:
    'The meeting already has an active recording, or the recording is in the wrong state: RealtimeKit answered 409, or 400/422 with a message naming the state.',
  interfaces: [ErrorInterface],
});

export const RateLimitedErrorType = builder.objectType(RateLimitedError, {
  name: 'RateLimitedError',
  description:
    'Too many calls: the caller went over the gateway’s mutation limit (nothing was sent to RealtimeKit), or RealtimeKit answered 429. Retry after `retryAfterSeconds`.',
  interfaces: [ErrorInterface],
  fields: (t) => ({
    retryAfterSeconds: t.exposeInt('retryAfterSeconds', {
      description: 'Seconds to wait before retrying.',
    }),
  }),
});

export const UpstreamErrorType = builder.objectType(UpstreamError, {
  name: 'UpstreamError',
  description:
    'RealtimeKit refused the call (its message, with every secret removed, says why), failed, or could not be reached. Something may have been sent upstream.',
  interfaces: [ErrorInterface],
});
