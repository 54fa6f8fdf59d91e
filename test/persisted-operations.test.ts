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
  server = await startTestServer({ PERSISTED_OPERATIONS_FILE: file });
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
