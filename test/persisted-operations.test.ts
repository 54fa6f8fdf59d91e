import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { print } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadPersistedOperations } from '../src/security/persisted-operations.js';
import type { GatewayServer } from '../src/transport/server.js';
import {
  ActiveRecordingDocument,
  RecordingStatusChangedDocument,
} from './__generated__/graphql.js';
import { startTestServer } from './support/gateway.js';
import { post } from './support/http.js';
import { delta, scrape } from './support/metrics.js';
import { subscribeSse } from './support/sse.js';
import { subscribeWs } from './support/ws.js';

/** With an allow-list file, only listed operations run: over HTTP, SSE and graphql-ws alike. */

const dir = mkdtempSync(join(tmpdir(), 'rtk-persisted-'));
const ACTIVE = 'active-recording-v1';
const WATCH = 'watch-meeting-v1';
let server: GatewayServer;

beforeAll(async () => {
  const file = join(dir, 'operations.json');
  writeFileSync(
    file,
    JSON.stringify({
      [ACTIVE]: print(ActiveRecordingDocument),
      [WATCH]: print(RecordingStatusChangedDocument),
    }),
  );
  // One name of its own at most, but the listed operations' names are labels whatever the bound.
  server = await startTestServer({
    PERSISTED_OPERATIONS_FILE: file,
    METRICS_MAX_OPERATION_NAMES: '1',
  });
});
afterAll(async () => {
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const byId = (id: string) => ({ persistedQuery: { version: 1, sha256Hash: id } });

describe('persisted operations', () => {
  it('runs a listed operation by id and refuses any document, calling nothing upstream for it', async () => {
    const meetingId = randomUUID();
    const listed = await post(server, { variables: { meetingId }, extensions: byId(ACTIVE) });
    expect(listed.expectNoGraphQLErrors()).toEqual({ activeRecording: null });
    const before = server.app.simulator?.calls.length;
    const arbitrary = await post(server, {
      query: print(ActiveRecordingDocument),
      variables: { meetingId },
    });
    expect(arbitrary.body.data).toBeUndefined();
    expect(arbitrary.expectGraphQLErrors()[0]?.extensions?.code).toMatch(/PQ|PERSISTED_QUERY/);
    const unknown = await post(server, {
      variables: { meetingId },
      extensions: byId('not-listed'),
    });
    expect(unknown.expectGraphQLErrors()[0]?.extensions?.code).toBe('PERSISTED_QUERY_NOT_IN_LIST');
    expect(server.app.simulator?.calls.length).toBe(before);
  });

  it.each([
    ['graphql-ws', subscribeWs],
    ['SSE', subscribeSse],
  ] as const)(
    'holds over %s too: a document is refused, a listed id subscribes',
    async (_transport, subscribe) => {
      const refused = await subscribe(server, { query: print(RecordingStatusChangedDocument) });
      expect(refused.outcome).toBe('refused');
      const [error] = refused.errors as Array<{ extensions?: { code?: string } }>;
      // graphql-ws says PERSISTED_QUERY_ID_REQUIRED; yoga's plugin CANNOT_SEND_PQ_ID_AND_BODY.
      expect(error?.extensions?.code).toMatch(/PQ|PERSISTED_QUERY/);
      const accepted = await subscribe(server, {
        query: '',
        variables: { meetingId: randomUUID() },
        extensions: byId(WATCH),
      });
      expect(accepted.outcome).toBe('accepted');
      expect(accepted.errors).toEqual([]);
      await Promise.all([refused.close(), accepted.close()]);
    },
  );

  it('labels every listed operation by its name in the metrics, however low the bound on names', async () => {
    const before = await scrape(server.metricsUrl);
    const meetingId = randomUUID();
    await post(server, { variables: { meetingId }, extensions: byId(ACTIVE) });
    const watching = await subscribeSse(server, {
      query: '',
      variables: { meetingId },
      extensions: byId(WATCH),
    });
    expect(watching.outcome).toBe('accepted');
    const after = await scrape(server.metricsUrl);
    await watching.close();
    const counted = (operation_name: string) =>
      delta(before, after, 'rtk_graphql_operations_total', { operation_name });
    expect(counted('ActiveRecording')).toBe(1);
    expect(counted('RecordingStatusChanged')).toBe(1);
    expect(counted('(other)')).toBe(0);
  });
});

describe('the allow-list file', () => {
  it.each([
    ['not JSON', '{ nope'],
    ['not an object of documents', JSON.stringify({ id: 42 })],
    ['an empty document', JSON.stringify({ id: '' })],
  ])('stops the start-up when it is %s, naming the setting', (_case, content) => {
    const file = join(dir, `bad-${randomUUID()}.json`);
    writeFileSync(file, content);
    expect(() => loadPersistedOperations(file)).toThrow(/^PERSISTED_OPERATIONS_FILE: /);
  });

  it('stops the start-up when it is missing', () => {
    expect(() => loadPersistedOperations(join(dir, 'missing.json'))).toThrow(
      /^PERSISTED_OPERATIONS_FILE: cannot read/,
    );
  });
});
