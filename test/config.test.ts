import { describe, expect, it } from 'vitest';
import { assertServable, ConfigError, loadConfig } from '../src/config.js';

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('defaults to simulator mode on 127.0.0.1:4000 with an empty environment', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      mode: 'simulator',
      port: 4000,
      host: '127.0.0.1',
      env: 'development',
      simulator: { timeScale: 1, port: 0 },
      webhook: { keyUrl: undefined, maxBodyBytes: 262_144 },
      storage: { dataDir: './.data' },
    });
  });

  it('enters Cloudflare mode with all three credentials and fetches the key from RealtimeKit', () => {
    const config = loadConfig({
      CLOUDFLARE_API_TOKEN: 'token-value',
      CLOUDFLARE_ACCOUNT_ID: 'acc',
      REALTIMEKIT_APP_ID: 'app',
    });
    expect(config.mode).toBe('cloudflare');
    expect(config.webhook.keyUrl).toBe(
      'https://api.realtime.cloudflare.com/.well-known/webhooks.json',
    );
  });

  it('treats empty strings as unset', () => {
    const config = loadConfig({ CLOUDFLARE_API_TOKEN: '', REALTIMEKIT_WEBHOOK_KEY_URL: '' });
    expect(config.mode).toBe('simulator');
    expect(config.webhook.keyUrl).toBeUndefined();
  });

  it('reports every problem at once, naming the variable but never the value', () => {
    const secret = 'cf-secret-token-do-not-print';
    const problems = problemsOf({
      PORT: 'eighty',
      LOG_LEVEL: 'loud',
      SIMULATOR_TIME_SCALE: '-1',
      CLOUDFLARE_API_TOKEN: secret,
      CLOUDFLARE_BASE_URL: 'ftp://example.com',
      WEBHOOK_MAX_BODY_BYTES: '1',
    });
    const text = problems.join('\n');
    for (const name of [
      'PORT',
      'LOG_LEVEL',
      'SIMULATOR_TIME_SCALE',
      'CLOUDFLARE_API_TOKEN',
      'CLOUDFLARE_BASE_URL',
      'WEBHOOK_MAX_BODY_BYTES',
    ]) {
      expect(text).toContain(name);
    }
    expect(problems).toHaveLength(6);
    expect(text).not.toContain(secret);
  });

  it.each([
    ['PORT', '70000'],
    ['PORT', '-1'],
    ['PORT', '4000.5'],
    ['NODE_ENV', 'staging'],
    ['UPSTREAM_TIMEOUT_MS', '0'],
    ['REALTIMEKIT_WEBHOOK_KEY_URL', 'not a url'],
    ['GATEWAY_PUBLIC_URL', 'javascript:alert(1)'],
    ['SUBSCRIPTION_MAX_BUFFERED_EVENTS', '63'],
    ['SUBSCRIPTION_MAX_BUFFERED_EVENTS', '1e9'],
    ['SUBSCRIPTION_MAX_BUFFERED_EVENTS', 'lots'],
  ])('refuses %s=%s', (name, value) => {
    expect(problemsOf({ [name]: value }).join()).toContain(name);
  });
});

describe('client authentication settings', () => {
  const cloudflare = {
    CLOUDFLARE_API_TOKEN: 'token-value',
    CLOUDFLARE_ACCOUNT_ID: 'acc',
    REALTIMEKIT_APP_ID: 'app',
  };

  it('refuses to serve in Cloudflare mode without AUTH_MODE, and serves when it is explicit', () => {
    expect(() => assertServable(loadConfig(cloudflare))).toThrow(
      /AUTH_MODE: Cloudflare mode needs/,
    );
    expect(() => assertServable(loadConfig({ ...cloudflare, AUTH_MODE: 'none' }))).not.toThrow();
    expect(() => assertServable(loadConfig({}))).not.toThrow();
  });

  it('needs exactly one key setting for jwt', () => {
    expect(problemsOf({ AUTH_MODE: 'jwt' }).join()).toContain('exactly one of');
    expect(
      problemsOf({
        AUTH_MODE: 'jwt',
        AUTH_JWT_SECRET: 's'.repeat(40),
        AUTH_JWKS_URL: 'https://x/jwks',
      }).join(),
    ).toContain('exactly one of');
    expect(loadConfig({ AUTH_MODE: 'jwt', AUTH_JWT_SECRET: 's'.repeat(40) }).auth).toMatchObject({
      mode: 'jwt',
    });
    expect(problemsOf({ AUTH_MODE: 'basic' }).join()).toContain('AUTH_MODE');
  });
});

describe('metrics settings', () => {
  const token = 'metrics-token-0123456789';

  it('serves /metrics on the main port by default, outside production', () => {
    expect(loadConfig({}).metrics).toEqual({
      serve: true,
      closedByDefault: false,
      port: undefined,
      token: undefined,
      maxOperationNames: 50,
    });
    expect(loadConfig({ NODE_ENV: 'test' }).metrics.serve).toBe(true);
  });

  it('in production, serves it only with a token, a port of its own, or METRICS=true', () => {
    expect(loadConfig({ NODE_ENV: 'production' }).metrics).toMatchObject({
      serve: false,
      closedByDefault: true,
    });
    for (const env of [{ METRICS_TOKEN: token }, { METRICS_PORT: '9464' }, { METRICS: 'true' }]) {
      expect(loadConfig({ NODE_ENV: 'production', ...env }).metrics).toMatchObject({
        serve: true,
        closedByDefault: false,
      });
    }
    expect(loadConfig({ NODE_ENV: 'production', METRICS: 'false' }).metrics).toMatchObject({
      serve: false,
      closedByDefault: false,
    });
    expect(loadConfig({ METRICS: 'false', METRICS_TOKEN: token }).metrics.serve).toBe(false);
  });

  it('reads the port, the token and the name bound', () => {
    expect(
      loadConfig({ METRICS_PORT: '9464', METRICS_TOKEN: token, METRICS_MAX_OPERATION_NAMES: '7' })
        .metrics,
    ).toMatchObject({ port: 9464, token, maxOperationNames: 7 });
    expect(loadConfig({ METRICS_PORT: '0' }).metrics.port).toBe(0);
    expect(loadConfig({ METRICS_PORT: '' }).metrics.port).toBeUndefined();
  });

  it.each([
    ['METRICS', 'yes'],
    ['METRICS_PORT', 'ninety'],
    ['METRICS_PORT', '70000'],
    ['METRICS_TOKEN', 'short'],
    ['METRICS_MAX_OPERATION_NAMES', '0'],
  ])('refuses %s=%s, without quoting it', (name, value) => {
    const text = problemsOf({ [name]: value }).join();
    expect(text).toContain(name);
    if (name === 'METRICS_TOKEN') expect(text).not.toContain(value);
  });

  it('refuses METRICS_PORT equal to PORT', () => {
    expect(problemsOf({ PORT: '4000', METRICS_PORT: '4000' }).join()).toContain(
      'METRICS_PORT: must differ from PORT',
    );
    expect(problemsOf({ METRICS_PORT: '4000' }).join()).toContain('METRICS_PORT');
  });
});
