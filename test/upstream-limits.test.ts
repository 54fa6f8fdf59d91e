import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GatewayApp } from '../src/app.js';
import { DEFAULT_LIMITS } from '../src/security/limits.js';
import type { Simulator } from '../src/simulator/index.js';
import { startTestApp } from './support/gateway.js';
import { post as postTo } from './support/http.js';
import { bearer } from './support/keys.js';
import { type StandInGateway, startStandInGateway } from './support/stand-in-gateway.js';

/**
 * One request cannot spend the app's upstream budget: cost and upstream calls are measured with
 * the variables' values and refused before any call; what cannot be foreseen is stopped by the
 * per-request counter at the cap.
 */

interface Answer {
  data?: Record<string, unknown> | null;
  errors?: { message: string; path?: unknown[]; extensions?: Record<string, unknown> }[];
}

let app: GatewayApp;
let sim: Simulator;
const meetings = [randomUUID(), randomUUID(), randomUUID()];

async function post(query: string, variables: Record<string, unknown> = {}): Promise<Answer> {
  return (await postTo(app, { query, variables })).body as Answer;
}

/** `run`'s answer and the upstream calls made meanwhile. */
async function counted(run: () => Promise<Answer>) {
  const before = sim.calls.length;
  const answer = await run();
  return { answer, calls: sim.calls.slice(before).map((call) => `${call.method} ${call.path}`) };
}

type Edge = { node: Record<string, unknown> };
const edgesOf = (answer: Answer): Edge[] =>
  (answer.data?.recordings as { edges?: Edge[] } | undefined)?.edges ?? [];

const activeOfEach = (first: string) =>
  `recordings(first: ${first}) { edges { node { id meeting { activeRecording { id } } } } }`;

beforeAll(async () => {
  app = await startTestApp();
  if (!app.simulator) throw new Error('expected simulator mode');
  sim = app.simulator;
  for (let i = 0; i < 6; i += 1) {
    await app.realtimeKit.startRecording({
      meetingId: meetings[i % 3] ?? '',
      allowMultipleRecordings: true,
    });
  }
});
afterAll(() => app.close());

describe('an operation is measured with its variables before any upstream call', () => {
  const aliases = (n: number) =>
    Array.from({ length: n }, (_, i) => `a${i}: ${activeOfEach('$n')}`).join(' ');

  it('refuses 15 aliases of recordings(first: $n) with $n = 100 by cost', async () => {
    const { answer, calls } = await counted(() =>
      post(`query Flood($n: Int) { ${aliases(15)} }`, { n: 100 }),
    );
    expect(answer.data).toBeUndefined();
    expect(answer.errors).toHaveLength(1);
    expect(answer.errors?.[0]?.extensions).toMatchObject({ code: 'VALIDATION', limit: 'cost' });
    expect(answer.errors?.[0]?.message).toMatch(
      new RegExp(`^Query Cost limit of ${DEFAULT_LIMITS.maxCost} exceeded, found \\d+`),
    );
    expect(calls).toEqual([]);
  });

  it('refuses one page of 100 with each meeting’s active recording by upstream calls', async () => {
    for (const [query, variables] of [
      [`query One($n: Int) { ${activeOfEach('$n')} }`, { n: 100 }],
      [`{ ${activeOfEach('100')} }`, {}],
    ] as const) {
      const { answer, calls } = await counted(() => post(query, variables));
      expect(answer.errors?.[0]?.extensions).toMatchObject({
        code: 'VALIDATION',
        limit: 'upstreamCalls',
        max: DEFAULT_LIMITS.maxUpstreamCalls,
        found: 102,
      });
      expect(answer.errors?.[0]?.message).toMatch(
        /^Upstream call limit of 50 per request exceeded: this operation may cause 102 calls/,
      );
      expect(calls).toEqual([]);
    }
  });

  it('runs a page of 20 with each meeting’s active recording, one call per distinct meeting', async () => {
    const { answer, calls } = await counted(() =>
      post(`query Page($n: Int) { ${activeOfEach('$n')} }`, { n: 20 }),
    );
    expect(answer.errors).toBeUndefined();
    expect(edgesOf(answer)).toHaveLength(6);
    expect(calls.filter((call) => call === 'GET /recordings')).toHaveLength(1);
    expect(calls.filter((call) => call.includes('/active-recording/')).sort()).toEqual(
      meetings.map((id) => `GET /recordings/active-recording/${id}`).sort(),
    );
    expect(calls).toHaveLength(4);
  });

  it('refuses a subscription whose every event would exceed the cap, before it starts', async () => {
    const nested = 'meeting { activeRecordings { meeting { activeRecording { id } } } }';
    const response = await app.yoga.fetch('http://gateway.test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
      body: JSON.stringify({
        query: `subscription { recordingStatusChanged { recording { ${nested} } } }`,
      }),
    });
    const first = await response.body?.pipeThrough(new TextDecoderStream()).getReader().read();
    expect(first?.value).toContain('"code":"VALIDATION"');
    expect(first?.value).toContain('Upstream call limit of 50 per request exceeded');
    await response.body?.cancel().catch(() => undefined);
  });
});

describe('the per-request counter stops what the measure cannot foresee', () => {
  let gateway: StandInGateway;

  beforeAll(async () => {
    gateway = await startStandInGateway({ GRAPHQL_MAX_UPSTREAM_CALLS_PER_REQUEST: '3' });
    for (const meetingId of [randomUUID(), randomUUID(), randomUUID(), randomUUID()]) {
      await gateway.app.realtimeKit.startRecording({ meetingId });
    }
    // Lists no longer carry each recording's meeting: finding one takes a read of its session.
    gateway.standIn.handle(async (call, forward) => {
      const reply = await forward();
      const body = reply.body as { data?: Array<Record<string, unknown>> };
      if (call.method !== 'GET' || !Array.isArray(body?.data)) return reply;
      return { ...reply, body: { ...body, data: body.data.map(({ meeting, ...rest }) => rest) } };
    });
  });
  afterAll(() => gateway?.close());

  it('makes 3 calls, fails what needs more with UPSTREAM_CALL_LIMIT, and keeps the rest', async () => {
    const from = gateway.standIn.calls.length;
    const query = '{ recordings(first: 10) { edges { node { id meetingId meeting { id } } } } }';
    const authorization = bearer(await gateway.token());
    const answer = (await postTo(gateway.app, { query }, { authorization })).body as Answer;
    // The list, then the sessions of two recordings (their meetings): the cap.
    const calls = gateway.standIn.calls.slice(from).map((call) => call.path.split('/')[1]);
    expect(calls).toEqual(['recordings', 'sessions', 'sessions']);
    const edges = edgesOf(answer);
    expect(edges.map((edge) => edge.node.id)).toHaveLength(4);
    expect(edges.filter((edge) => edge.node.meetingId !== null)).toHaveLength(2);
    const codes = new Set(answer.errors?.map((error) => error.extensions?.code));
    expect(codes).toEqual(new Set(['UPSTREAM_CALL_LIMIT']));
    expect(answer.errors?.[0]?.message).toMatch(/reached its limit of 3 upstream calls/);
    expect(answer.errors?.[0]?.path?.slice(0, 2)).toEqual(['recordings', 'edges']);
  });
});
