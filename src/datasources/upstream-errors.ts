import {
  APIConnectionError,
  APIConnectionTimeoutError,
  APIError,
  APIUserAbortError,
} from 'cloudflare/error';
import {
  ConflictError,
  GatewayError,
  NotFoundError,
  RateLimitedError,
  UpstreamError,
} from '../errors.js';
import type { Scrub } from './scrub.js';
import { asRecord, noScrub, text, upstreamMessage, WRONG_STATE } from './upstream-messages.js';

/**
 * SDK failures → the gateway's error classes, by HTTP status. Messages come from the upstream's
 * envelope (RealtimeKit's `error`, a bare `message`, or Cloudflare's `errors[]`): first every known
 * secret is scrubbed, then the text is cleaned and cut short; a non-JSON body is never quoted, and
 * neither are request headers. VALIDATION never comes from here: it promises that nothing was sent
 * upstream, so an upstream refusal is CONFLICT (wrong state) or UPSTREAM.
 */

/** Used when a 429 carries no readable Retry-After. */
export const DEFAULT_RETRY_AFTER_SECONDS = 60;

/** The one error for any response we cannot read; the body itself is never echoed. */
export function unexpectedResponse(): UpstreamError {
  return new UpstreamError('RealtimeKit returned an unexpected response');
}

/** Retry-After (delta-seconds or an HTTP date) in milliseconds, or null when absent or unreadable. */
export function retryAfterMs(headers: Headers | null | undefined, now = Date.now()): number | null {
  const raw = headers?.get('retry-after')?.trim();
  if (!raw) return null;
  if (/^\d+(\.\d+)?$/.test(raw)) return Math.round(Number(raw) * 1000);
  const date = Date.parse(raw);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}

function errorForStatus(status: number, message: string | null, headers: Headers | null): Error {
  if ((status === 400 || status === 422) && message !== null && WRONG_STATE.test(message)) {
    return new ConflictError(message);
  }
  if (status === 401 || status === 403) {
    return new UpstreamError("RealtimeKit rejected the gateway's credentials", status);
  }
  if (status === 404) return new NotFoundError(message ?? 'RealtimeKit has no such resource');
  if (status === 409) {
    return new ConflictError(message ?? 'The request conflicts with the current state');
  }
  if (status === 429) {
    const waitMs = retryAfterMs(headers);
    const seconds = waitMs === null ? DEFAULT_RETRY_AFTER_SECONDS : Math.ceil(waitMs / 1000);
    return new RateLimitedError(`RealtimeKit is rate limiting; retry after ${seconds} s`, seconds);
  }
  // A 5xx message may describe upstream internals; the status says enough.
  if (status >= 500) return new UpstreamError(`RealtimeKit failed with HTTP ${status}`, status);
  return new UpstreamError(
    message
      ? `RealtimeKit refused the request: ${message}`
      : `RealtimeKit refused the request with HTTP ${status}`,
    status,
  );
}

/** A 200 whose body says `success: false`, mapped by the status-like code it carries. */
export function failedEnvelopeError(body: unknown, scrub: Scrub = noScrub): Error {
  const envelope = asRecord(body);
  const firstListed = Array.isArray(envelope?.errors) ? asRecord(envelope.errors[0]) : null;
  const code = asRecord(envelope?.error)?.code ?? firstListed?.code;
  const status = typeof code === 'number' ? code : Number(text(code) ?? Number.NaN);
  const message = upstreamMessage(body, scrub);
  if (Number.isInteger(status) && status >= 400 && status <= 599) {
    return errorForStatus(status, message, null);
  }
  return new UpstreamError(
    message ? `RealtimeKit refused the request: ${message}` : 'RealtimeKit refused the request',
  );
}

/**
 * Maps an SDK error to a gateway error; `scrub` removes the known secrets from the upstream's
 * message. Gateway errors pass through; errors this module does not recognise are returned
 * unchanged so the caller rethrows them and the schema masks them.
 */
export function toGatewayError(error: unknown, scrub: Scrub = noScrub): Error {
  if (error instanceof GatewayError) return error;
  if (error instanceof APIConnectionTimeoutError) {
    return new UpstreamError('RealtimeKit did not answer in time');
  }
  if (error instanceof APIUserAbortError) return error;
  if (error instanceof APIConnectionError) return new UpstreamError('RealtimeKit is unreachable');
  if (error instanceof APIError && typeof error.status === 'number') {
    return errorForStatus(error.status, upstreamMessage(error.error, scrub), error.headers ?? null);
  }
  // The SDK throws a bare SyntaxError when a body labelled JSON does not parse.
  if (error instanceof SyntaxError) return unexpectedResponse();
  return error instanceof Error ? error : new Error('Unknown upstream failure');
}
