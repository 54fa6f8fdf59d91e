import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { GatewayServer } from '../../src/transport/server.js';
import {
  ActiveRecordingDocument,
  RecordingStatusChangedDocument,
} from '../__generated__/graphql.js';
import { startTestServer } from './gateway.js';
import { graphql, post } from './http.js';
import { signToken } from './keys.js';
import { captureLogs } from './logs.js';
import { freshDataDir } from './pglite.js';
import { runScript } from './processes.js';
import { subscribeSse } from './sse.js';
import { scaled } from './time.js';
import { operation, subscribeWs } from './ws.js';

/** The kit's own promises, on a real gateway: what "accepted", "refused" and "logged" mean. */

let server: GatewayServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server?.stop());

describe('post and graphql', () => {
  it('answer the same over a socket and in process, and expectNoGraphQLErrors guards data', async () => {
    const variables = { meetingId: randomUUID() };
    const overSocket = await graphql(server, ActiveRecordingDocument, variables);
    const inProcess = await graphql(server.app, ActiveRecordingDocument, variables);
    expect(overSocket.expectNoGraphQLErrors()).toEqual({ activeRecording: null });
    expect(inProcess.body).toEqual(overSocket.body);
    const refused = await post(server, { query: '{ nope }' });
    expect(() => refused.expectNoGraphQLErrors()).toThrow();
    expect(refused.expectGraphQLErrors()[0]?.message).toContain('nope');
  });
});

describe.each([
  ['graphql-ws', subscribeWs],
  ['SSE', subscribeSse],
] as const)('subscribe over %s', (_transport, subscribe) => {
  it('is accepted only once the gateway has registered it', async () => {
    const before = server.app.events.subscribers;
    const watch = operation(RecordingStatusChangedDocument, { meetingId: randomUUID() });
    const accepted = await subscribe(server, watch);
    expect(accepted.outcome).toBe('accepted');
    expect(server.app.events.subscribers).toBe(before + 1);
    await accepted.close();
    // Closing ends it on the gateway too (and leaves the count as the next test expects it).
    await vi.waitFor(() => expect(server.app.events.subscribers).toBe(before), {
      timeout: scaled(30_000),
    });
  });

  it('is refused, with the errors, when the gateway answers with errors', async () => {
    const watch = operation(RecordingStatusChangedDocument, { meetingId: 'not-a-uuid' });
    const refused = await subscribe(server, watch);
    expect(refused.outcome).toBe('refused');
    expect(refused.errors).toMatchObject([{ extensions: { code: 'VALIDATION' } }]);
    await expect(refused.until((data) => data.length > 0)).rejects.toThrow();
  });
});

describe('runScript', () => {
  it('waits for a log line, and fails with the output when the process exits first', async () => {
    const script = join(freshDataDir('rtk-kit-', { empty: true }), 'script.ts');
    writeFileSync(
      script,
      `console.log(JSON.stringify({ msg: 'ready', n: 1 }));\nprocess.exit(3);\n`,
    );
    const run = runScript(script, {});
    expect(await run.waitForLog('ready')).toEqual({ msg: 'ready', n: 1 });
    await expect(run.waitForLog('never')).rejects.toThrow(/the process exited[\s\S]*"ready"/);
    expect(await run.exited).toBe(3);
  });
});

describe('captureLogs and signToken', () => {
  it('reads back what was logged', () => {
    const logs = captureLogs('info');
    logs.logger.debug('below the level');
    logs.logger.info({ answer: 42 }, 'the answer');
    expect(logs.find('the answer')).toMatchObject([{ answer: 42 }]);
    expect(logs.text()).not.toContain('below the level');
  });

  it('signs a token that reads and writes for five minutes, unless told otherwise', async () => {
    const claims = decodeJwt(await signToken('s'.repeat(32), { sub: 'me', scope: undefined }));
    expect(claims).toMatchObject({ sub: 'me' });
    expect(claims.scope).toBeUndefined();
    expect(Number(claims.exp) - Date.now() / 1000).toBeGreaterThan(290);
  });
});
