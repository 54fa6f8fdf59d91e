import {
  APIConnectionError,
  APIConnectionTimeoutError,
  APIError,
  APIUserAbortError,
} from 'cloudflare';
import { describe, expect, it } from 'vitest';
import { createScrub } from '../../src/datasources/scrub.js';
import {
  failedEnvelopeError,
  retryAfterMs,
  toGatewayError,
} from '../../src/datasources/upstream-errors.js';
import { upstreamMessage } from '../../src/datasources/upstream-messages.js';
import {
  ConflictError,
  NotFoundError,
  RateLimitedError,
  UpstreamError,
  ValidationError,
} from '../../src/errors.js';

const TOKEN = 'tok_SUPERSECRET_1234567890';

function sdkError(status: number, body: unknown, headers: Record<string, string> = {}) {
  // APIError.generate is what the SDK itself calls with a failed response.
  return APIError.generate(status, body as object, undefined, new Headers(headers));
}

const ENVELOPES = {
  realtimekit: (message: string, code: number) => ({ success: false, error: { code, message } }),
  bare: (message: string) => ({ message }),
  cloudflare: (message: string, code: number) => ({ success: false, errors: [{ code, message }] }),
};

describe('toGatewayError by status, for each envelope', () => {
  for (const [name, envelope] of Object.entries(ENVELOPES)) {
    describe(`${name} envelope`, () => {
      it('400 and 422 are UPSTREAM with the upstream message, never VALIDATION', () => {
        for (const status of [400, 422]) {
          const error = toGatewayError(
            sdkError(status, envelope('max_seconds is too big', status)),
          );
          expect(error).toBeInstanceOf(UpstreamError);
          expect(error).not.toBeInstanceOf(ValidationError);
          expect(error).toMatchObject({ code: 'UPSTREAM', upstreamStatus: status });
          expect(error.message).toBe('RealtimeKit refused the request: max_seconds is too big');
        }
      });

      it('400 and 422 that name a wrong state are CONFLICT', () => {
        const messages = [
          'Recording is not in RECORDING state',
          'Recording is already paused',
          'Recording cannot be resumed',
          'Recording is not currently recording',
          'Meeting already has an active recording',
          'Invalid state transition',
        ];
        for (const status of [400, 422]) {
          for (const message of messages) {
            const error = toGatewayError(sdkError(status, envelope(message, status)));
            expect(error).toBeInstanceOf(ConflictError);
            expect(error.message).toBe(message);
          }
        }
      });

      it('404 becomes NotFoundError', () => {
        const error = toGatewayError(sdkError(404, envelope('Recording not found', 404)));
        expect(error).toBeInstanceOf(NotFoundError);
        expect(error.message).toBe('Recording not found');
      });

      it('409 becomes ConflictError', () => {
        const error = toGatewayError(
          sdkError(409, envelope('Meeting already has an active recording', 409)),
        );
        expect(error).toBeInstanceOf(ConflictError);
        expect(error.message).toBe('Meeting already has an active recording');
      });

      it('429 becomes RateLimitedError', () => {
        const error = toGatewayError(
          sdkError(429, envelope('slow down', 429), { 'retry-after': '7' }),
        );
        expect(error).toBeInstanceOf(RateLimitedError);
        expect((error as RateLimitedError).retryAfterSeconds).toBe(7);
      });

      it('401 and 403 become UpstreamError about credentials, keeping the status', () => {
        for (const status of [401, 403]) {
          const error = toGatewayError(
            sdkError(status, envelope(`Bearer ${TOKEN} is invalid`, status)),
          );
          expect(error).toBeInstanceOf(UpstreamError);
          expect(error.message).toBe("RealtimeKit rejected the gateway's credentials");
          expect((error as UpstreamError).upstreamStatus).toBe(status);
        }
      });

      it('5xx becomes UpstreamError without the upstream message', () => {
        for (const status of [500, 502, 503]) {
          const error = toGatewayError(
            sdkError(status, envelope('stack trace at db.js:12', status)),
          );
          expect(error).toBeInstanceOf(UpstreamError);
          expect(error.message).toBe(`RealtimeKit failed with HTTP ${status}`);
          expect((error as UpstreamError).upstreamStatus).toBe(status);
        }
      });
    });
  }

  it('another 4xx becomes UpstreamError with the message', () => {
    const error = toGatewayError(sdkError(405, ENVELOPES.realtimekit('Method not allowed', 405)));
    expect(error).toBeInstanceOf(UpstreamError);
    expect(error.message).toBe('RealtimeKit refused the request: Method not allowed');
  });

  it('falls back to a default message when the body is not JSON', () => {
    // The SDK passes a non-JSON body as the message, never as `error`.
    const html = APIError.generate(404, undefined, '<html>nginx</html>', new Headers());
    const error = toGatewayError(html);
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error.message).not.toContain('nginx');
    const bad = toGatewayError(APIError.generate(400, undefined, '<html>x</html>', new Headers()));
    expect(bad).toBeInstanceOf(UpstreamError);
    expect(bad.message).toBe('RealtimeKit refused the request with HTTP 400');
  });
});

describe('Retry-After', () => {
  const now = Date.parse('2025-01-01T00:00:00Z');

  it('reads delta-seconds, an HTTP date, and nothing', () => {
    expect(retryAfterMs(new Headers({ 'retry-after': '3' }), now)).toBe(3000);
    expect(retryAfterMs(new Headers({ 'retry-after': '0.5' }), now)).toBe(500);
    expect(retryAfterMs(new Headers({ 'retry-after': 'Wed, 01 Jan 2025 00:00:30 GMT' }), now)).toBe(
      30_000,
    );
    expect(retryAfterMs(new Headers({ 'retry-after': 'Tue, 31 Dec 2024 23:00:00 GMT' }), now)).toBe(
      0,
    );
    expect(retryAfterMs(new Headers({ 'retry-after': 'soon' }), now)).toBeNull();
    expect(retryAfterMs(new Headers(), now)).toBeNull();
    expect(retryAfterMs(undefined, now)).toBeNull();
  });

  it('gives RateLimitedError the seconds, rounded up, from a date, or 60 by default', () => {
    const seconds = (headers: Record<string, string>) =>
      (toGatewayError(sdkError(429, {}, headers)) as RateLimitedError).retryAfterSeconds;
    expect(seconds({ 'retry-after': '120' })).toBe(120);
    expect(seconds({ 'retry-after': '1.2' })).toBe(2);
    const inNinetySeconds = new Date(Date.now() + 90_000).toUTCString();
    expect(seconds({ 'retry-after': inNinetySeconds })).toBeGreaterThanOrEqual(89);
    expect(seconds({ 'retry-after': inNinetySeconds })).toBeLessThanOrEqual(90);
    expect(seconds({})).toBe(60);
    expect(seconds({ 'retry-after': 'garbage' })).toBe(60);
  });
});

describe('connection failures and unknown errors', () => {
  it('maps a timeout and an unreachable upstream', () => {
    const timeout = toGatewayError(new APIConnectionTimeoutError());
    expect(timeout).toBeInstanceOf(UpstreamError);
    expect(timeout.message).toBe('RealtimeKit did not answer in time');
    const unreachable = toGatewayError(
      new APIConnectionError({ cause: new Error('ECONNREFUSED 10.0.0.1') }),
    );
    expect(unreachable).toBeInstanceOf(UpstreamError);
    expect(unreachable.message).toBe('RealtimeKit is unreachable');
  });

  it('passes gateway errors, aborts and unknown errors through unchanged', () => {
    const gateway = new ConflictError('x');
    expect(toGatewayError(gateway)).toBe(gateway);
    const abort = new APIUserAbortError();
    expect(toGatewayError(abort)).toBe(abort);
    const unknown = new TypeError('boom');
    expect(toGatewayError(unknown)).toBe(unknown);
    expect(toGatewayError('a string')).toBeInstanceOf(Error);
  });

  it('treats a JSON parse failure as an unexpected response', () => {
    const error = toGatewayError(new SyntaxError('Unexpected token < in JSON'));
    expect(error).toBeInstanceOf(UpstreamError);
    expect(error.message).toBe('RealtimeKit returned an unexpected response');
  });
});

describe('messages', () => {
  it('prefers error.message, then message, then all errors[] messages', () => {
    expect(upstreamMessage({ error: { message: 'a' }, message: 'b' })).toBe('a');
    expect(upstreamMessage({ message: 'b' })).toBe('b');
    expect(upstreamMessage({ errors: [{ message: 'c' }, { message: 'd' }, { code: 1 }] })).toBe(
      'c; d',
    );
    expect(upstreamMessage({ error: { message: 7 } })).toBeNull();
    expect(upstreamMessage('text')).toBeNull();
    expect(upstreamMessage(null)).toBeNull();
  });

  it('truncates to 300 characters and strips control characters', () => {
    const long = upstreamMessage({ message: `${'x'.repeat(1000)}` });
    expect(long).toHaveLength(300);
    expect(upstreamMessage({ message: 'line1\nline2\u0000' })).toBe('line1 line2');
  });

  it('never repeats a bearer token or auth header the upstream echoed', () => {
    const body = {
      message: `bad header Authorization: Bearer ${TOKEN}; X-Auth-Key: ${TOKEN}; authorization=${TOKEN}`,
    };
    const message = upstreamMessage(body) ?? '';
    expect(message).not.toContain(TOKEN);
    const error = toGatewayError(sdkError(400, body, { authorization: `Bearer ${TOKEN}` }));
    expect(error.message).not.toContain(TOKEN);
    expect(JSON.stringify(error)).not.toContain(TOKEN);
  });
});

describe('known secrets in upstream messages', () => {
  const privateKey = [
    '-----BEGIN OPENSSH PRIVATE KEY-----',
    ...Array.from({ length: 12 }, (_, i) => `${'QUJD'.repeat(16)}${i}`),
    '-----END OPENSSH PRIVATE KEY-----',
  ].join('\n');
  const password = 'pass\tword with\ttabs';
  const longSecret = Array.from({ length: 1_200 }, (_, i) => 'abcdefghij'[i % 10]).join('');
  const scrub = createScrub([TOKEN, privateKey, password, longSecret, '', null]);

  /** Whether any 16-character piece of `secret` survives in `text`. */
  function leaks(text: string, secret: string): boolean {
    const size = Math.min(16, secret.length);
    for (let i = 0; i + size <= secret.length; i += 1) {
      if (text.includes(secret.slice(i, i + size))) return true;
    }
    return false;
  }

  it('are removed before control characters, whitespace or length change the text', () => {
    for (const status of [400, 404, 409, 422]) {
      const body = {
        success: false,
        error: {
          code: status,
          message: `token ${TOKEN}; key ${privateKey}; password ${password}; secret ${longSecret}`,
        },
      };
      const error = toGatewayError(sdkError(status, body), scrub);
      for (const secret of [TOKEN, privateKey, password, longSecret]) {
        expect(leaks(error.message, secret)).toBe(false);
      }
      expect(error.message).toMatch(/^(RealtimeKit refused the request: )?token \[redacted\]; key/);
    }
  });

  it('are removed however the upstream quoted them: JSON-escaped, URL-encoded, folded', () => {
    const quoted = JSON.stringify({ private_key: privateKey, password });
    const message = `${quoted} ${encodeURIComponent(password)} ${privateKey.replace(/\s+/g, ' ')}`;
    const text = upstreamMessage({ message }, scrub) ?? '';
    for (const secret of [privateKey, password]) expect(leaks(text, secret)).toBe(false);
    const envelope = failedEnvelopeError(
      { success: false, errors: [{ code: 409, message: `conflict ${longSecret}` }] },
      scrub,
    );
    expect(envelope.message).toBe('conflict [redacted]');
  });
});

describe('failedEnvelopeError (a 200 with success:false)', () => {
  it('maps by error.code or errors[0].code, numeric or string', () => {
    expect(
      failedEnvelopeError({ success: false, error: { code: 404, message: 'no' } }),
    ).toBeInstanceOf(NotFoundError);
    expect(
      failedEnvelopeError({ success: false, error: { code: '409', message: 'no' } }),
    ).toBeInstanceOf(ConflictError);
    expect(
      failedEnvelopeError({ success: false, errors: [{ code: 422, message: 'no' }] }),
    ).toBeInstanceOf(UpstreamError);
    expect(
      failedEnvelopeError({ success: false, error: { code: 400, message: 'already stopped' } }),
    ).toBeInstanceOf(ConflictError);
    const limited = failedEnvelopeError({ success: false, error: { code: 429, message: 'no' } });
    expect(limited).toBeInstanceOf(RateLimitedError);
    expect((limited as RateLimitedError).retryAfterSeconds).toBe(60);
  });

  it('falls back to UpstreamError for codes that are not HTTP statuses', () => {
    const error = failedEnvelopeError({
      success: false,
      errors: [{ code: 10000, message: 'Authentication error' }],
    });
    expect(error).toBeInstanceOf(UpstreamError);
    expect(error.message).toBe('RealtimeKit refused the request: Authentication error');
    expect(failedEnvelopeError({ success: false }).message).toBe('RealtimeKit refused the request');
  });
});
