import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { print } from 'graphql';
import { createClient } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { loadPersistedOperations } from '../src/security/persisted-operations.js';
import type { GatewayServer } from '../src/server.js';
import {
  ActiveRecordingDocument,
  RecordingStatusChangedDocument,
} from './__generated__/graphql.js';
import { startTestServer } from './support/gateway.js';

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

const post = (body: unknown) =>
  fetch(`${server.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  }).then((response) => response.json());

function overWs(payload: { query: string; variables?: unknown; extensions?: unknown }) {
  const client = createClient({
    url: `${server.url.replace('http', 'ws')}/graphql`,
    webSocketImpl: WebSocket,
    retryAttempts: 0,
  });
  return new Promise<unknown>((resolve) => {
    client.subscribe(payload as never, {
      next: (result) => resolve(result),
      error: resolve,
      complete: () => resolve('complete'),
    });
    setTimeout(() => resolve('open'), 700);
  }).finally(() => client.dispose());
}

describe('persisted operations', () => {
  it('runs a listed operation by id and refuses any document, calling nothing upstream for it', async () => {
    const meetingId = randomUUID();
    const listed = await post({
      variables: { meetingId },
      extensions: { persistedQuery: { version: 1, sha256Hash: ACTIVE } },
    });
    expect(listed).toEqual({ data: { activeRecording: null } });
    const before = server.app.simulator?.calls.length;
    const arbitrary = await post({
      query: print(ActiveRecordingDocument),
      variables: { meetingId },
    });
    expect(arbitrary.data).toBeUndefined();
    expect(arbitrary.errors?.[0]?.extensions?.code).toMatch(/PQ|PERSISTED_QUERY/);
    const unknown = await post({
      variables: { meetingId },
      extensions: { persistedQuery: { version: 1, sha256Hash: 'not-listed' } },
    });
    expect(unknown.errors?.[0]?.extensions?.code).toBe('PERSISTED_QUERY_NOT_IN_LIST');
    expect(server.app.simulator?.calls.length).toBe(before);
  });

  it('holds over graphql-ws too: a document is refused, a listed id subscribes', async () => {
    const refused = await overWs({ query: print(RecordingStatusChangedDocument) });
    expect(JSON.stringify(refused)).toContain('PERSISTED_QUERY_ID_REQUIRED');
    const accepted = await overWs({
      query: '',
      variables: { meetingId: randomUUID() },
      extensions: { persistedQuery: { version: 1, sha256Hash: WATCH } },
    });
    expect(accepted).toBe('open');
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
