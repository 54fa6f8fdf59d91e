import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GatewayApp } from '../src/app.js';
import { startTestApp } from './support/gateway.js';
import { post } from './support/http.js';

/**
 * `recordings` pages stay put while recordings are started (and stopped) between two page
 * requests, in both directions: every recording is listed once, in order, none repeated or
 * skipped. Through the gateway, the real SDK and the simulator's list.
 */

let app: GatewayApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app?.close());

const ACTIVE = ['INVOKED', 'RECORDING', 'PAUSED'];

interface Page {
  ids: string[];
  endCursor: string | null;
  hasNextPage: boolean;
  hasPreviousPage: boolean;
  totalCount: number;
}

async function page(variables: Record<string, unknown>): Promise<Page> {
  const answer = await post(app, {
    query: `query Page($filter: RecordingFilter, $orderBy: RecordingOrder, $first: Int, $after: String) {
      recordings(filter: $filter, orderBy: $orderBy, first: $first, after: $after) {
        totalCount
        edges { cursor node { id } }
        pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
      }
    }`,
    variables,
  });
  const data = answer.expectNoGraphQLErrors() as {
    recordings: {
      totalCount: number;
      edges: Array<{ cursor: string; node: { id: string } }>;
      pageInfo: Omit<Page, 'ids' | 'totalCount'> & { startCursor: string | null };
    };
  };
  const { edges, pageInfo, totalCount } = data.recordings;
  expect(pageInfo.startCursor).toBe(edges[0]?.cursor ?? null);
  expect(pageInfo.endCursor).toBe(edges.at(-1)?.cursor ?? null);
  return { ids: edges.map((edge) => edge.node.id), totalCount, ...pageInfo };
}

async function mutate(query: string): Promise<Record<string, unknown>> {
  const data = (await post(app, { query })).expectNoGraphQLErrors();
  return Object.values(data)[0] as Record<string, unknown>;
}

async function start(meetingId: string): Promise<string> {
  const result = await mutate(
    `mutation { startRecording(input: { meetingId: "${meetingId}", allowMultipleRecordings: true }) { __typename ... on StartRecordingSuccess { recording { id } } } }`,
  );
  expect(result.__typename).toBe('StartRecordingSuccess');
  return (result.recording as { id: string }).id;
}

async function stop(id: string): Promise<void> {
  const result = await mutate(`mutation { stopRecording(id: "${id}") { __typename } }`);
  expect(result.__typename).toBe('StopRecordingSuccess');
}

/** Every page of `first` after the first, running `between` after each page; ids in order. */
async function walk(
  variables: Record<string, unknown>,
  between: (page: Page, index: number) => Promise<void>,
): Promise<{ ids: string[]; pages: Page[] }> {
  const pages: Page[] = [];
  let after: string | null = null;
  for (let index = 0; index < 50; index += 1) {
    const current = await page({ ...variables, after });
    expect(current.hasPreviousPage).toBe(after !== null);
    pages.push(current);
    if (!current.hasNextPage) return { ids: pages.flatMap((p) => p.ids), pages };
    await between(current, index);
    after = current.endCursor;
  }
  throw new Error('never reached the last page');
}

describe('recordings pages while recordings are started between requests', () => {
  it('newest first: lists each recording that existed once, in order, and none twice', async () => {
    const meetingId = randomUUID();
    for (let i = 0; i < 9; i += 1) await start(meetingId);
    const filter = { meetingId };
    const whole = await page({ filter, first: 100 });
    expect(whole.ids).toHaveLength(9);
    let started = 0;
    const { ids, pages } = await walk({ filter, first: 4 }, async () => {
      // Newer than everything listed: before the first page, never inside the next one.
      await start(meetingId);
      await start(meetingId);
      started += 2;
    });
    expect(ids).toEqual(whole.ids);
    expect(pages.map((p) => p.ids.length)).toEqual([4, 4, 1]);
    // The count is the filter's now, on every page.
    expect(pages.at(-1)?.totalCount).toBe(9 + started);
    const now = await page({ filter, first: 100 });
    expect(now.ids.slice(started)).toEqual(whole.ids);
  });

  it('oldest first, filtered by status: recordings that leave the filter or are started meanwhile skip nothing', async () => {
    const meetingId = randomUUID();
    for (let i = 0; i < 9; i += 1) await start(meetingId);
    const variables = {
      filter: { meetingId, status: ACTIVE },
      orderBy: { field: 'INVOKED_TIME', direction: 'ASC' },
      first: 4,
    };
    const whole = await page({ ...variables, first: 100 });
    expect(whole.ids).toHaveLength(9);
    const stopped: string[] = [];
    let started = 0;
    const { ids } = await walk(variables, async (current, index) => {
      if (index === 0) {
        // Listed already, and now out of the filter: the rest must not move up past the cursor.
        for (const id of current.ids.slice(0, 2)) await stop(id);
        stopped.push(...current.ids.slice(0, 2));
      }
      if (index < 3) {
        await start(meetingId);
        started += 1;
      }
    });
    const now = await page({ ...variables, first: 100 });
    expect(started).toBeGreaterThanOrEqual(2);
    expect(now.ids).toHaveLength(9 - 2 + started);
    expect(ids).toEqual([...stopped, ...now.ids]);
    expect(ids.slice(0, 9)).toEqual(whole.ids);
  });

  it('makes one list call a page, and one more for totalCount past the first page', async () => {
    const meetingId = randomUUID();
    for (let i = 0; i < 5; i += 1) await start(meetingId);
    const calls = app.simulator?.calls ?? [];
    const listCalls = async (run: () => Promise<unknown>) => {
      const from = calls.length;
      await run();
      return calls.slice(from).map((call) => `${call.method} ${call.path}`);
    };
    const filter = { meetingId };
    let first: Page | undefined;
    expect(await listCalls(async () => (first = await page({ filter, first: 2 })))).toEqual([
      'GET /recordings',
    ]);
    expect(first?.totalCount).toBe(5);
    const idsOnly = async (after: string | null | undefined) =>
      post(app, {
        query: `query($f: RecordingFilter, $a: String) { recordings(filter: $f, first: 2, after: $a) { edges { node { id } } } }`,
        variables: { f: filter, a: after },
      });
    expect(await listCalls(() => idsOnly(first?.endCursor))).toEqual(['GET /recordings']);
    let second: Page | undefined;
    expect(
      await listCalls(
        async () => (second = await page({ filter, first: 2, after: first?.endCursor })),
      ),
    ).toEqual(['GET /recordings', 'GET /recordings']);
    expect(second?.totalCount).toBe(5);
  });

  it('refuses an offset cursor of earlier versions, and any other, with VALIDATION', async () => {
    for (const after of [Buffer.from('offset:4').toString('base64url'), 'garbage']) {
      const answer = await post(app, {
        query: 'query($after: String) { recordings(first: 2, after: $after) { totalCount } }',
        variables: { after },
      });
      expect(answer.body.errors?.[0]?.extensions).toMatchObject({
        code: 'VALIDATION',
        field: 'after',
      });
    }
  });
});
