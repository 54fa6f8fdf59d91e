import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GatewayApp } from '../src/app.js';
import { ConfigError, loadConfig } from '../src/config.js';
import { startTestApp } from './support/gateway.js';
import { post } from './support/http.js';
import { bearer, nowSeconds, signToken } from './support/keys.js';
import { createTestDatabase } from './support/postgres.js';
import { requireRedis, TEST_REDIS_URL } from './support/redis.js';

/**
 * Queries spend their caller's budget of upstream calls per minute, shared by every replica
 * through Redis: the same subject cannot multiply it by spreading requests over replicas.
 */

const SECRET = `query-budget-secret-${randomUUID()}`;
const BUDGET = 10;
const leftovers: Array<() => Promise<unknown>> = [];
let replicas: GatewayApp[] = [];

beforeAll(async () => {
  await requireRedis();
  const database = await createTestDatabase();
  leftovers.push(database.drop);
  const env = {
    DATABASE_URL: database.url,
    REDIS_URL: TEST_REDIS_URL,
    AUTH_MODE: 'jwt',
    AUTH_JWT_SECRET: SECRET,
    QUERY_UPSTREAM_CALLS_PER_MINUTE: String(BUDGET),
    GRAPHQL_MAX_UPSTREAM_CALLS_PER_REQUEST: '5',
    RECONCILE_BUDGET_PER_MINUTE: '0',
  };
  for (let i = 0; i < 2; i += 1) {
    const app = await startTestApp(env);
    leftovers.push(() => app.close());
    replicas.push(app);
  }
}, 60_000);
afterAll(async () => {
  for (const cleanup of leftovers.reverse()) await cleanup();
  replicas = [];
});

const token = (sub: string) =>
  signToken(SECRET, { sub, scope: 'recordings:read', exp: nowSeconds() + 600 });

/** Runs `query` on `app` as `sub`; the answer and the upstream calls it made. */
async function run(app: GatewayApp, sub: string, query: string) {
  const calls = app.simulator?.calls ?? [];
  const before = calls.length;
  const { body: answer } = await post(app, { query }, { authorization: bearer(await token(sub)) });
  return { answer, calls: calls.length - before };
}

const ONE_CALL = `{ recording(id: "${randomUUID()}") { id } }`;
// Measured as two calls (a page may take two), made with one: the unspent one is given back.
const MEASURED_TWO = '{ recordings(first: 1) { totalCount } }';

describe('the per-subject budget of upstream calls, over two replicas sharing Redis', () => {
  it('charges what queries call, on either replica, and refuses past it before any call', async () => {
    const sub = `subject-${randomUUID()}`;
    const [a, b] = replicas as [GatewayApp, GatewayApp];
    for (let i = 0; i < 5; i += 1) {
      const { answer, calls } = await run(i % 2 ? b : a, sub, MEASURED_TWO);
      expect(answer.errors).toBeUndefined();
      expect(calls).toBe(1);
    }
    for (let i = 0; i < BUDGET - 5; i += 1) {
      const { answer, calls } = await run(i % 2 ? a : b, sub, ONE_CALL);
      expect(answer).toEqual({ data: { recording: null } });
      expect(calls).toBe(1);
    }
    for (const replica of [a, b]) {
      const { answer, calls } = await run(replica, sub, ONE_CALL);
      expect(calls).toBe(0);
      expect(answer.data).toBeUndefined();
      expect(answer.errors).toHaveLength(1);
      expect(answer.errors?.[0]?.extensions).toMatchObject({ code: 'RATE_LIMITED' });
      const wait = answer.errors?.[0]?.extensions?.retryAfterSeconds as number;
      expect(wait).toBeGreaterThanOrEqual(1);
      expect(wait).toBeLessThanOrEqual(60);
      expect(answer.errors?.[0]?.message).toBe(`Too many upstream calls; retry in ${wait} s.`);
    }
    // Another subject has a budget of its own.
    const other = await run(b, `subject-${randomUUID()}`, ONE_CALL);
    expect(other.answer).toEqual({ data: { recording: null } });
    expect(other.calls).toBe(1);
  });
});

describe('settings', () => {
  it('defaults to 300 calls a minute and 50 a request, and refuses a budget below the cap', () => {
    const defaults = loadConfig({});
    expect(defaults.http.queryUpstreamCallsPerMinute).toBe(300);
    expect(defaults.http.limits.maxUpstreamCalls).toBe(50);
    expect(() =>
      loadConfig({
        QUERY_UPSTREAM_CALLS_PER_MINUTE: '10',
        GRAPHQL_MAX_UPSTREAM_CALLS_PER_REQUEST: '11',
      }),
    ).toThrow(ConfigError);
    for (const bad of ['0', '-1', 'lots', '1.5']) {
      expect(() => loadConfig({ QUERY_UPSTREAM_CALLS_PER_MINUTE: bad })).toThrow(
        /QUERY_UPSTREAM_CALLS_PER_MINUTE/,
      );
      expect(() => loadConfig({ GRAPHQL_MAX_UPSTREAM_CALLS_PER_REQUEST: bad })).toThrow(
        /GRAPHQL_MAX_UPSTREAM_CALLS_PER_REQUEST/,
      );
    }
  });
});
