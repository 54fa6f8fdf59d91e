import { randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createGatewayApp, type GatewayApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { startTestApp, TEST_ENV } from './support/gateway.js';
import { type GraphQLResponse, post } from './support/http.js';
import { captureLogs, noteSecret } from './support/logs.js';
import { createTestDatabase } from './support/postgres.js';
import { requireRedis, TEST_REDIS_URL } from './support/redis.js';
import { startTcpProxy } from './support/tcp-proxy.js';
import { scaled } from './support/time.js';

/**
 * MUTATIONS_PER_MINUTE is one budget per caller across replicas when they share Redis: spreading
 * mutations over replicas does not multiply it. Should Redis go away, each replica counts alone
 * (logged once) until it is back, and then they share again.
 */

const SECRET = `mutation-limit-secret-${randomUUID()}`;
const LIMIT = 4;
const leftovers: Array<() => Promise<unknown>> = [];
let databaseUrl = '';
let replicas: [GatewayApp, GatewayApp];

const env = () => ({
  DATABASE_URL: databaseUrl,
  REDIS_URL: TEST_REDIS_URL,
  AUTH_MODE: 'jwt',
  AUTH_JWT_SECRET: SECRET,
  MUTATIONS_PER_MINUTE: String(LIMIT),
  RECONCILE_BUDGET_PER_MINUTE: '0',
});

beforeAll(async () => {
  await requireRedis();
  const database = await createTestDatabase();
  leftovers.push(database.drop);
  databaseUrl = database.url;
  const a = await startTestApp(env());
  leftovers.push(() => a.close());
  const b = await startTestApp(env());
  leftovers.push(() => b.close());
  replicas = [a, b];
}, 60_000);
afterAll(async () => {
  for (const cleanup of leftovers.reverse()) await cleanup();
});

const token = (sub: string) =>
  new SignJWT({ scope: 'recordings:write' })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(sub)
    .setExpirationTime('10m')
    .sign(new TextEncoder().encode(SECRET));

// Refused by the gateway's own checks: it spends the limit and never reaches RealtimeKit.
const MUTATION =
  'mutation { pauseRecording(id: "not-a-uuid") { __typename ... on Error { code } ... on RateLimitedError { retryAfterSeconds } } }';

async function mutate(app: GatewayApp, sub: string) {
  const calls = app.simulator?.calls.length ?? 0;
  const answer = await post(
    app,
    { query: MUTATION },
    { authorization: `Bearer ${await token(sub)}` },
  );
  expect(app.simulator?.calls.length ?? 0).toBe(calls);
  return answer;
}

/** Ran: the gateway's own answer to the bad id. */
function expectRan(answer: GraphQLResponse): void {
  expect(answer.body, answer.text).toEqual({
    data: { pauseRecording: { __typename: 'ValidationError', code: 'VALIDATION' } },
  });
}

/** Refused by the limit: the mutation's `RateLimitedError` result, with how long to wait. */
function expectLimited(answer: GraphQLResponse): void {
  expect(answer.body, answer.text).toEqual({
    data: {
      pauseRecording: {
        __typename: 'RateLimitedError',
        code: 'RATE_LIMITED',
        retryAfterSeconds: expect.any(Number),
      },
    },
  });
  const result = answer.body.data?.pauseRecording as { retryAfterSeconds?: number } | undefined;
  const wait = result?.retryAfterSeconds;
  expect(wait).toBeGreaterThanOrEqual(1);
  expect(wait).toBeLessThanOrEqual(60);
}

describe('the mutation limit, over two replicas sharing Redis', () => {
  it('spends one budget per caller whichever replica runs the mutation', async () => {
    const sub = `subject-${randomUUID()}`;
    const [a, b] = replicas;
    for (let i = 0; i < LIMIT; i += 1) expectRan(await mutate(i % 2 ? b : a, sub));
    // Each replica has run only half the limit; counted alone, both would still let this through.
    expectLimited(await mutate(a, sub));
    expectLimited(await mutate(b, sub));
    // Another caller has a budget of its own, on either replica.
    expectRan(await mutate(b, `subject-${randomUUID()}`));
  });
});

describe('the mutation limit when Redis goes away', () => {
  it('counts alone on each replica while Redis is down, logs it once, and shares again after', async () => {
    const proxy = await startTcpProxy(Number(new URL(TEST_REDIS_URL).port));
    leftovers.push(proxy.stop);
    const logs = captureLogs('info');
    noteSecret(SECRET);
    const app = await createGatewayApp(
      loadConfig({ ...TEST_ENV, ...env(), REDIS_URL: `redis://127.0.0.1:${proxy.port}` }),
      logs.logger,
    );
    leftovers.push(() => app.close());
    const sub = `subject-${randomUUID()}`;
    const lost = () => logs.find('limits lost Redis');
    expectRan(await mutate(app, sub));
    expectRan(await mutate(app, sub));
    expect(lost()).toEqual([]);

    await proxy.stop();
    await vi.waitFor(() => expect(lost()).toHaveLength(1), { timeout: scaled(30_000) });
    // A fresh budget in memory: the limit still holds, counted by this replica alone.
    for (let i = 0; i < LIMIT; i += 1) expectRan(await mutate(app, sub));
    expectLimited(await mutate(app, sub));
    expect(lost()).toHaveLength(1);
    expect(lost()[0]?.level).toBe(40);

    await proxy.start();
    await vi.waitFor(() => expect(logs.find('limits reached Redis again')).toHaveLength(1), {
      timeout: scaled(30_000),
    });
    // Back in Redis, where two of the four were spent before the outage.
    expectRan(await mutate(app, sub));
    expectRan(await mutate(app, sub));
    expectLimited(await mutate(app, sub));
    expect(lost()).toHaveLength(1);
  });
});
