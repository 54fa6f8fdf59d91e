import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { GatewayServer } from '../../src/transport/server.js';
import {
  ActiveRecordingDocument,
  RecordingStatusChangedDocument,
  type RecordingStatusChangedSubscription as Watched,
} from '../__generated__/graphql.js';
import { statusUpdateBody } from '../webhooks/support.js';
import { graphql, post } from './http.js';
import { bearer, signToken } from './keys.js';
import { captureLogs } from './logs.js';
import { freshDataDir } from './pglite.js';
import { runScript } from './processes.js';
import { subscribeSse } from './sse.js';
import { type ObservedGateway, type SubscriptionRequest, whenRegistered } from './subscriptions.js';
import { eventually } from './time.js';
import { startWebhookGateway, type WebhookGateway } from './webhook-gateway.js';
import { operation, subscribeWs } from './ws.js';

/** The kit's own promises, on a real gateway: what "accepted", "refused" and "logged" mean. */

let gateway: WebhookGateway;
let server: GatewayServer;
let authorization: string;
beforeAll(async () => {
  gateway = await startWebhookGateway();
  server = gateway.server;
  authorization = bearer(await gateway.token());
});
afterAll(() => gateway?.stop());

describe('post and graphql', () => {
  it('answer the same over a socket and in process, and expectNoGraphQLErrors guards data', async () => {
    const variables = { meetingId: randomUUID() };
    const overSocket = await graphql(server, ActiveRecordingDocument, variables, { authorization });
    const inProcess = await graphql(server.app, ActiveRecordingDocument, variables, {
      authorization,
    });
    expect(overSocket.expectNoGraphQLErrors()).toEqual({ activeRecording: null });
    expect(inProcess.body).toEqual(overSocket.body);
    const refused = await post(server, { query: '{ nope }' }, { authorization });
    expect(() => refused.expectNoGraphQLErrors()).toThrow();
    expect(refused.expectGraphQLErrors()[0]?.message).toContain('nope');
  });
});

describe('whenRegistered', () => {
  it("waits for the subscriber's own stream, not for a shared execution's", async () => {
    type Subscribe = ObservedGateway['app']['events']['subscribe'];
    const subscribe = (() => (async function* () {})()) as unknown as Subscribe;
    const fake: ObservedGateway = { url: 'http://fake.test', app: { events: { subscribe } } };
    let own = false;
    const outcome = await whenRegistered(
      fake,
      () => {
        // As graphql-ws runs it: a group another subscriber just formed subscribes first.
        fake.app.events.subscribe({ onEvent: () => {} });
        setImmediate(() => {
          own = true;
          fake.app.events.subscribe({});
        });
      },
      new Promise(() => {}),
    );
    expect([outcome, own]).toEqual(['accepted', true]);
  });
});

describe.each([
  [
    'graphql-ws',
    (request: SubscriptionRequest, token: string) =>
      subscribeWs<Watched>(server, request, { connectionParams: { authorization: token } }),
  ],
  [
    'SSE',
    (request: SubscriptionRequest, token: string) =>
      subscribeSse<Watched>(server, request, { authorization: token }),
  ],
] as const)('subscribe over %s', (_transport, subscribe) => {
  it('is accepted once registered: what is stored next reaches every subscriber', async () => {
    const before = server.app.events.subscribers;
    const meetingId = randomUUID();
    const watch = operation(RecordingStatusChangedDocument, { meetingId });
    // Subscribers of one operation: over graphql-ws they share one execution.
    const subscriptions = [];
    for (let n = 0; n < 3; n += 1) subscriptions.push(await subscribe(watch, authorization));
    expect(subscriptions.map((subscription) => subscription.outcome)).toEqual([
      'accepted',
      'accepted',
      'accepted',
    ]);
    const id = randomUUID();
    expect(await gateway.deliver(statusUpdateBody({ id, status: 'INVOKED', meetingId }))).toBe(200);
    for (const subscription of subscriptions) {
      const [event] = await subscription.until((data) => data.length > 0);
      expect(event?.recordingStatusChanged).toMatchObject({ recordingId: id, status: 'INVOKED' });
    }
    await Promise.all(subscriptions.map((subscription) => subscription.close()));
    // Closing ends them on the gateway too (and leaves the count as the next test expects it).
    await vi.waitFor(() => expect(server.app.events.subscribers).toBe(before), eventually);
  });

  it('is refused, with the errors, when the gateway answers with errors', async () => {
    const watch = operation(RecordingStatusChangedDocument, { meetingId: 'not-a-uuid' });
    const refused = await subscribe(watch, authorization);
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
