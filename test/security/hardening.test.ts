import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { type GraphQLError, Kind, parse } from 'graphql';
import { createYoga, type Plugin, type YogaInitialContext } from 'graphql-yoga';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GatewayApp } from '../../src/app.js';
import { ANONYMOUS_FULL_ACCESS } from '../../src/auth/viewer.js';
import { createIdempotentStarts } from '../../src/idempotency/starts.js';
import { schema } from '../../src/schema/index.js';
import { DEFAULT_LIMITS, hardeningPlugins } from '../../src/security/limits.js';
import {
  createMutationRateLimiter,
  type MutationRateLimiter,
} from '../../src/security/rate-limit.js';
import type { Simulator } from '../../src/simulator/index.js';
import { createContext, type GatewayContext } from '../../src/transport/context.js';
import { defaultGraphiQLTabs } from '../../src/transport/graphiql.js';
import { startTestApp } from '../support/gateway.js';
import { type GraphQLResponse, post as postTo } from '../support/http.js';
import { silentLogger } from '../support/logs.js';

let app: GatewayApp;
let sim: Simulator;

beforeAll(async () => {
  app = await startTestApp();
  if (!app.simulator) throw new Error('expected simulator mode');
  sim = app.simulator;
});
afterAll(() => app.close());

type TestContext = GatewayContext & YogaInitialContext;

/** The gateway's schema and context behind the hardening plugins, as the lead wires them. */
function hardenedYoga(options: {
  production: boolean;
  introspection?: boolean;
  extra?: Plugin[];
  /** The mutation limit, keyed by the `x-client` header. */
  mutations?: MutationRateLimiter;
}) {
  const logger = silentLogger;
  const deps = {
    realtimeKit: app.realtimeKit,
    events: app.events,
    store: app.store,
    starts: createIdempotentStarts({
      // The app's SQL store is also the idempotency store; GatewayApp only types it as EventStore.
      store: app.store as unknown as Parameters<typeof createIdempotentStarts>[0]['store'],
      realtimeKit: app.realtimeKit,
      logger,
    }),
    logger,
    mutations: options.mutations,
  };
  return createYoga<Record<string, unknown>, GatewayContext>({
    schema,
    context: ({ request }) =>
      createContext(deps, {
        requestId: randomUUID(),
        viewer: ANONYMOUS_FULL_ACCESS,
        clientAddress: request.headers.get('x-client') ?? 'anonymous',
      }),
    batching: false,
    landingPage: false,
    graphiql: false,
    logging: false,
    plugins: [
      ...hardeningPlugins({
        limits: DEFAULT_LIMITS,
        production: options.production,
        introspection: options.introspection,
      }),
      ...(options.extra ?? []),
    ],
  });
}

type Yoga = ReturnType<typeof hardenedYoga> | GatewayApp['yoga'];

/** POSTs `body` to `yoga` in process. */
const post = (yoga: Yoga, body: unknown, headers: Record<string, string> = {}) =>
  postTo({ yoga }, body, { headers });

/** Runs `run` and asserts it made no upstream call. */
async function withoutUpstream<T>(run: () => T | Promise<T>): Promise<T> {
  const before = sim.calls.length;
  const result = await run();
  expect(sim.calls.slice(before)).toEqual([]);
  return result;
}

function codes(answer: GraphQLResponse) {
  return (answer.body.errors ?? []).map((error) => error.extensions?.code);
}

const ID = randomUUID();

describe('hostile operations are refused before any upstream call', () => {
  let yoga: ReturnType<typeof hardenedYoga>;
  beforeAll(() => {
    yoga = hardenedYoga({ production: true });
  });

  it('refuses a depth bomb', async () => {
    let selection = 'id';
    for (let level = 0; level < 6; level += 1) {
      selection = `meeting { recordings { edges { node { ${selection} } } } }`;
    }
    const answer = await withoutUpstream(() =>
      post(yoga, { query: `{ recording(id: "${ID}") { ${selection} } }` }),
    );
    expect(answer.body.data).toBeUndefined();
    expect(codes(answer)).toEqual(['VALIDATION']);
    expect(answer.body.errors?.[0]?.message).toMatch(
      /^Query (depth limit of 12|Cost limit of 20000) exceeded/,
    );
  });

  it('refuses an alias flood, just over the limit and at 1,000 aliases', async () => {
    const aliases = (n: number) =>
      Array.from({ length: n }, (_, i) => `a${i}: recording(id: "${ID}") { id }`).join(' ');
    const over = await withoutUpstream(() => post(yoga, { query: `{ ${aliases(16)} }` }));
    expect(codes(over)).toEqual(['VALIDATION']);
    expect(over.body.errors?.[0]?.message).toMatch(/^Aliases limit of 15 exceeded/);
    const flood = await withoutUpstream(() => post(yoga, { query: `{ ${aliases(1000)} }` }));
    expect(codes(flood)).toEqual(['VALIDATION']);
    expect(flood.body.data).toBeUndefined();
  });

  it('refuses a directive flood', async () => {
    const directives = ' @include(if: true)'.repeat(11);
    const answer = await withoutUpstream(() =>
      post(yoga, { query: `{ recording(id: "${ID}") ${directives} { id } }` }),
    );
    expect(codes(answer)).toEqual(['VALIDATION']);
    expect(answer.body.errors?.[0]?.message).toMatch(/^Directives limit of 10 exceeded/);
  });

  it('refuses a token flood', async () => {
    const answer = await withoutUpstream(() =>
      post(yoga, { query: `{ recording(id: "${ID}") { id ${'__typename '.repeat(2000)} } }` }),
    );
    expect(codes(answer)).toEqual(['VALIDATION']);
    expect(answer.body.errors?.[0]?.message).toMatch(/^Token limit of 2000 exceeded/);
  });

  it('refuses an over-cost operation', async () => {
    const fields = 'id status meeting { id title } '.repeat(1);
    const aliases = Array.from(
      { length: 15 },
      (_, i) =>
        `a${i}: recordings(first: 100) { edges { node { ${fields} meeting { recordings(first: 100) { edges { node { ${fields} } } } } } } }`,
    ).join(' ');
    const answer = await withoutUpstream(() => post(yoga, { query: `{ ${aliases} }` }));
    expect(codes(answer)).toEqual(['VALIDATION']);
    expect(answer.body.errors?.[0]?.message).toMatch(
      new RegExp(`^Query Cost limit of ${DEFAULT_LIMITS.maxCost} exceeded`),
    );
  });

  // Bodies are capped by bodySizeLimitPlugin (body-limit.test.ts); hardening-e2e.test.ts sends them over
  // a real socket, declared and chunked.

  it('answers 414 to a GET whose URL is over the limit', async () => {
    const query = `{ recording(id: "${ID}") { id ${'__typename '.repeat(7000)} } }`;
    const response = await withoutUpstream(() =>
      yoga.fetch(`http://gateway.test/graphql?query=${encodeURIComponent(query)}`, {
        headers: { accept: 'application/graphql-response+json' },
      }),
    );
    expect(response.status).toBe(414);
    expect((await response.json()).errors[0].extensions.code).toBe('REQUEST_ENTITY_TOO_LARGE');
  });

  it('refuses first: 100000 as VALIDATION, here (by cost) and in the gateway as it is', async () => {
    const query = '{ recordings(first: 100000) { totalCount } }';
    for (const target of [yoga, app.yoga]) {
      const answer = await withoutUpstream(() => post(target, { query }));
      expect(codes(answer)).toEqual(['VALIDATION']);
      expect(answer.body.data?.recordings ?? null).toBeNull();
    }
    // Armor's cost counts `first` as a multiplier; the schema's own cap refuses what cost allows.
    const justOver = await withoutUpstream(() =>
      post(app.yoga, { query: '{ recordings(first: 101) { totalCount } }' }),
    );
    expect(codes(justOver)).toEqual(['VALIDATION']);
    expect(justOver.body.errors?.[0]?.message).toMatch(/^first: /);
  });

  it('refuses a batched array of 1,000 operations, here and in the gateway as it is', async () => {
    const batch = Array.from({ length: 1000 }, () => ({
      query: '{ recording(id: "1") { id } }',
    }));
    for (const target of [yoga, app.yoga]) {
      const answer = await withoutUpstream(() => post(target, batch));
      expect(answer.status).toBe(400);
      expect(answer.body.data).toBeUndefined();
      expect(answer.body.errors).toHaveLength(1);
      expect(answer.body.errors?.[0]?.message).toMatch(/Batching is not supported/);
    }
  });

  it('refuses introspection in production', async () => {
    const answer = await withoutUpstream(() =>
      post(yoga, { query: '{ __schema { types { name } } }' }),
    );
    expect(answer.body.data).toBeUndefined();
    expect(answer.body.errors?.length).toBeGreaterThan(0);
    expect(new Set(codes(answer))).toEqual(new Set(['VALIDATION']));
    expect(answer.body.errors?.[0]?.message).toMatch(/introspection has been disabled/);
    const typeQuery = await post(yoga, { query: '{ __type(name: "Recording") { name } }' });
    expect(typeQuery.body.data).toBeUndefined();
    expect(new Set(codes(typeQuery))).toEqual(new Set(['VALIDATION']));
  });

  it('hides field suggestions in production', async () => {
    const answer = await withoutUpstream(() =>
      post(yoga, { query: `{ recordin(id: "${ID}") { id } }` }),
    );
    expect(answer.body.errors).toHaveLength(1);
    expect(answer.body.errors?.[0]?.message).not.toMatch(/Did you mean/);
    expect(answer.body.errors?.[0]?.message).not.toMatch(/"recording"/);
  });
});

describe('outside production, or with introspection enabled', () => {
  it('allows introspection and suggestions when not production', async () => {
    const yoga = hardenedYoga({ production: false });
    const introspection = await post(yoga, { query: '{ __schema { queryType { name } } }' });
    expect(introspection.body).toEqual({ data: { __schema: { queryType: { name: 'Query' } } } });
    const typo = await post(yoga, { query: `{ recordin(id: "${ID}") { id } }` });
    expect(typo.body.errors?.[0]?.message).toMatch(/Did you mean "recording/);
  });

  it('allows introspection in production when enabled by its own setting', async () => {
    const yoga = hardenedYoga({ production: true, introspection: true });
    const introspection = await post(yoga, { query: '{ __schema { queryType { name } } }' });
    expect(introspection.body).toEqual({ data: { __schema: { queryType: { name: 'Query' } } } });
  });

  it('lets the GraphiQL tabs and every test document through the default limits', () => {
    const yoga = hardenedYoga({ production: true });
    const fragments = readFileSync('test/documents/fragments.graphql', 'utf8');
    const sources = [
      ...defaultGraphiQLTabs(ID, { mode: 'simulator', auth: 'none' }).map((tab) => tab.query),
      ...['queries', 'mutations', 'subscriptions'].map(
        (name) => `${readFileSync(`test/documents/${name}.graphql`, 'utf8')}\n${fragments}`,
      ),
    ];
    let checked = 0;
    for (const source of sources) {
      for (const definition of parse(source).definitions) {
        if (definition.kind !== Kind.OPERATION_DEFINITION) continue;
        const enveloped = yoga.getEnveloped({
          request: new Request('http://gateway.test/graphql', { method: 'POST', body: '{}' }),
          params: { query: source, operationName: definition.name?.value },
        } as Partial<TestContext>);
        const document = enveloped.parse(source);
        const errors = enveloped.validate(enveloped.schema, document);
        // A shared fragment file leaves fragments unused by some documents; nothing else may fail.
        expect(
          errors.filter((error: GraphQLError) => !/is never used/.test(error.message)),
        ).toEqual([]);
        checked += 1;
      }
    }
    expect(checked).toBeGreaterThanOrEqual(10);
  });
});

describe('mutation rate limit', () => {
  function limitedYoga() {
    const mutations = createMutationRateLimiter({ pointsPerMinute: 3 });
    return hardenedYoga({ production: true, mutations });
  }
  const RESULT = '{ __typename ... on RateLimitedError { code message retryAfterSeconds } }';
  const startMutation = (alias = 'startRecording') =>
    `${alias}: startRecording(input: { meetingId: "${randomUUID()}" }) ${RESULT}`;
  const limited = {
    __typename: 'RateLimitedError',
    code: 'RATE_LIMITED',
    message: expect.stringMatching(/^Too many mutations; retry in \d+ s\.$/),
    retryAfterSeconds: expect.any(Number),
  };

  it('answers the fourth mutation with its RateLimitedError result, and calls nothing upstream', async () => {
    const yoga = limitedYoga();
    for (let i = 0; i < 3; i += 1) {
      const before = sim.calls.length;
      const answer = await post(
        yoga,
        { query: `mutation { ${startMutation()} }` },
        { 'x-client': 'a' },
      );
      expect(answer.body.data).toEqual({ startRecording: { __typename: 'StartRecordingSuccess' } });
      expect(sim.calls.length).toBeGreaterThan(before);
    }
    const refused = await withoutUpstream(() =>
      post(yoga, { query: `mutation { ${startMutation()} }` }, { 'x-client': 'a' }),
    );
    expect(refused.status).toBe(200);
    expect(refused.body).toEqual({ data: { startRecording: limited } });
    const result = refused.body.data?.startRecording as { retryAfterSeconds?: number } | undefined;
    const retry = result?.retryAfterSeconds;
    expect(retry).toBeGreaterThanOrEqual(1);
    expect(retry).toBeLessThanOrEqual(60);

    // Another key has its own budget; queries are never charged.
    const other = await post(
      yoga,
      { query: `mutation { ${startMutation()} }` },
      { 'x-client': 'b' },
    );
    expect(other.body.data).toEqual({ startRecording: { __typename: 'StartRecordingSuccess' } });
    const query = await post(yoga, { query: '{ __typename }' }, { 'x-client': 'a' });
    expect(query.body).toEqual({ data: { __typename: 'Query' } });
  });

  it('charges each mutation field of an operation one point: those past the limit answer RateLimitedError', async () => {
    const yoga = limitedYoga();
    const fields = ['one', 'two', 'three', 'four', 'five'].map((alias) => startMutation(alias));
    const before = sim.calls.length;
    const answer = await post(
      yoga,
      { query: `mutation { ${fields.join(' ')} }` },
      { 'x-client': 'c' },
    );
    expect(answer.status).toBe(200);
    expect(answer.body.errors).toBeUndefined();
    // Mutation fields run one after another, each charged as it starts.
    expect(answer.body.data).toEqual({
      one: { __typename: 'StartRecordingSuccess' },
      two: { __typename: 'StartRecordingSuccess' },
      three: { __typename: 'StartRecordingSuccess' },
      four: limited,
      five: limited,
    });
    // Three starts reached RealtimeKit; the two refused sent nothing.
    const starts = sim.calls.slice(before).filter((call) => call.method === 'POST');
    expect(starts).toHaveLength(3);
    const next = await withoutUpstream(() =>
      post(yoga, { query: `mutation { ${startMutation()} }` }, { 'x-client': 'c' }),
    );
    expect(next.body).toEqual({ data: { startRecording: limited } });
  });
});
