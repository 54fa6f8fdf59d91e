import { randomUUID } from 'node:crypto';
import { createYoga } from 'graphql-yoga';
import type { KyselyPlugin } from 'kysely';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { GatewayApp } from '../src/app.js';
import { ANONYMOUS_FULL_ACCESS } from '../src/auth/viewer.js';
import { openDatabase } from '../src/events/sql/database.js';
import { createSqlEventStore } from '../src/events/sql/store.js';
import type { EventStore } from '../src/events/types.js';
import { createSqlIdempotencyStore } from '../src/idempotency/sql-store.js';
import { createIdempotentStarts } from '../src/idempotency/starts.js';
import { schema } from '../src/schema/index.js';
import { createContext, type GatewayContext } from '../src/transport/context.js';
import { makeRecording, makeUpdate } from './events/support.js';
import { startTestApp } from './support/gateway.js';
import { post } from './support/http.js';
import { bearer } from './support/keys.js';
import { silentLogger } from './support/logs.js';
import { createTestDatabase } from './support/postgres.js';
import { type StandInGateway, startStandInGateway } from './support/stand-in-gateway.js';

/**
 * Per-request batching: a meeting's active recordings are read once per request however many of
 * its recordings a response holds, and the histories of a page take one query to the event log.
 */

let database: Awaited<ReturnType<typeof createTestDatabase>>;
const leftovers: Array<() => Promise<unknown>> = [];

beforeAll(async () => {
  database = await createTestDatabase();
  leftovers.push(database.drop);
});
afterAll(async () => {
  for (const cleanup of leftovers.reverse()) await cleanup();
});

describe('a meeting’s active recordings, once per distinct meeting in a request', () => {
  let gateway: StandInGateway;
  const meetings = [randomUUID(), randomUUID()];

  beforeAll(async () => {
    gateway = await startStandInGateway({ DATABASE_URL: database.url });
    leftovers.push(() => gateway.close());
    for (const meetingId of [...meetings, ...meetings]) {
      await gateway.app.realtimeKit.startRecording({ meetingId, allowMultipleRecordings: true });
    }
  });

  const logged = (op: string) =>
    gateway.logs.filter((line) => line.includes(`"op":"${op}"`)).length;

  it('reads each meeting’s active recording(s) once, even after the first read has finished', async () => {
    const before = { lists: logged('listRecordings'), actives: logged('getActiveRecording') };
    // Alias b's page is held until alias a's reads of the same meetings have been answered, so
    // only a per-request cache (not the sharing of reads in flight) can spare b's.
    gateway.standIn.handle(async (call, forward) => {
      if (call.path === '/recordings' && new URLSearchParams(call.query).get('per_page') === '6') {
        await vi.waitFor(
          () => {
            expect(logged('getActiveRecording') - before.actives).toBe(2);
            expect(logged('listRecordings') - before.lists).toBe(3);
          },
          { timeout: 15_000, interval: 5 },
        );
      }
      return forward();
    });
    const from = gateway.standIn.calls.length;
    const selection =
      'edges { node { meeting { id activeRecording { id } activeRecordings { id } } } }';
    const answer = (
      await post(
        gateway.app,
        {
          query: `{ a: recordings(first: 5) { ${selection} } b: recordings(first: 6) { ${selection} } }`,
        },
        { authorization: bearer(await gateway.token()) },
      )
    ).body;
    gateway.standIn.reset();
    expect(answer.errors).toBeUndefined();
    expect(JSON.stringify(answer.data).match(/"activeRecordings":\[/g)).toHaveLength(8);
    const calls = gateway.standIn.calls.slice(from);
    const actives = calls.filter((call) => call.path.startsWith('/recordings/active-recording/'));
    expect(actives.map((call) => call.path).sort()).toEqual(
      meetings.map((id) => `/recordings/active-recording/${id}`).sort(),
    );
    const lists = calls.filter((call) => call.path === '/recordings');
    const byMeeting = lists.map((call) => new URLSearchParams(call.query).get('meeting_id'));
    expect(byMeeting.filter((id) => id !== null).sort()).toEqual([...meetings].sort());
    expect(calls).toHaveLength(6);
  });
});

describe('statusHistory, one query to the event log per level of a response', () => {
  let app: GatewayApp;
  let store: EventStore;
  let opened: Awaited<ReturnType<typeof openDatabase>>;
  let queries = 0;
  const histories = new Map<string, string[]>();

  // Every statement the store sends, counted where Kysely compiles it.
  const counter: KyselyPlugin = {
    transformQuery: (args) => {
      queries += 1;
      return args.node;
    },
    transformResult: async (args) => args.result,
  };

  beforeAll(async () => {
    app = await startTestApp({ DATABASE_URL: database.url });
    leftovers.push(() => app.close());
    opened = await openDatabase({ databaseUrl: database.url, logger: silentLogger });
    leftovers.push(() => opened.close());
    store = createSqlEventStore({ ...opened, db: opened.db.withPlugin(counter) });
    for (let i = 0; i < 12; i += 1) {
      const started = await app.realtimeKit.startRecording({ meetingId: randomUUID() });
      const statuses = i % 2 === 0 ? (['INVOKED'] as const) : (['INVOKED', 'RECORDING'] as const);
      for (const status of statuses) {
        await store.accept(makeUpdate(makeRecording(started.id, status)));
      }
      histories.set(started.id, [...statuses]);
    }
  });

  it('reads the histories of a page of 12 recordings in one query', async () => {
    const logger = silentLogger;
    const deps = {
      realtimeKit: app.realtimeKit,
      events: app.events,
      store,
      starts: createIdempotentStarts({
        store: createSqlIdempotencyStore(opened, { logger }),
        realtimeKit: app.realtimeKit,
        logger,
      }),
      logger,
    };
    const yoga = createYoga<Record<string, unknown>, GatewayContext>({
      schema,
      context: () =>
        createContext(deps, { requestId: randomUUID(), viewer: ANONYMOUS_FULL_ACCESS }),
      logging: false,
    });
    queries = 0;
    const query = '{ recordings(first: 20) { edges { node { id statusHistory { status } } } } }';
    const answer = (await post({ yoga }, { query })).body as {
      data: { recordings: { edges: Array<{ node: { id: string; statusHistory: unknown[] } }> } };
    };
    expect(queries).toBe(1);
    const seen = answer.data.recordings.edges.map(({ node }) => [
      node.id,
      node.statusHistory.map((event) => (event as { status: string }).status),
    ]);
    expect(new Map(seen as Array<[string, string[]]>)).toEqual(histories);
  });
});
