import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';

/** The settings of the request guards: defaults, parsing and refusals. */

function problems(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('request guard settings', () => {
  it('defaults to the documented limits', () => {
    const config = loadConfig({});
    expect(config.http.allowedHosts).toEqual([]);
    expect(config.http.timeouts).toEqual({ headersMs: 10_000, requestMs: 30_000, bodyMs: 10_000 });
    expect(config.webhook.maxInFlight).toBe(64);
  });

  it('reads ALLOWED_HOSTS as lower-cased names, name:port pairs or *', () => {
    const config = loadConfig({ ALLOWED_HOSTS: ' Gateway.Example.com , [::1]:4000,* ' });
    expect(config.http.allowedHosts).toEqual(['gateway.example.com', '[::1]:4000', '*']);
    expect(problems({ ALLOWED_HOSTS: 'https://gateway.example.com' })).toEqual([
      expect.stringMatching(/^ALLOWED_HOSTS/),
    ]);
    expect(problems({ ALLOWED_HOSTS: 'gateway.example.com/path' })).toHaveLength(1);
  });

  it('refuses a headers timeout longer than the request timeout, and out-of-range values', () => {
    expect(
      problems({ HTTP_HEADERS_TIMEOUT_MS: '40000', HTTP_REQUEST_TIMEOUT_MS: '30000' }),
    ).toEqual([expect.stringMatching(/^HTTP_HEADERS_TIMEOUT_MS: must not be longer/)]);
    expect(problems({ HTTP_BODY_TIMEOUT_MS: '0' })).toEqual([
      expect.stringMatching(/^HTTP_BODY_TIMEOUT_MS/),
    ]);
    expect(problems({ WEBHOOK_MAX_IN_FLIGHT: '0' })).toEqual([
      expect.stringMatching(/^WEBHOOK_MAX_IN_FLIGHT/),
    ]);
  });
});
