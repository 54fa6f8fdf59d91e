import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { type FormattedExecutionResult, print } from 'graphql';
import type { Client as SseClient } from 'graphql-sse';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { GatewayServer } from '../../src/transport/server.js';
import {
  PauseRecordingDocument,
  RecordingStatusChangedDocument,
  type RecordingStatusChangedSubscription,
  ResumeRecordingDocument,
  StartRecordingDocument,
  StopRecordingDocument,
} from '../__generated__/graphql.js';
import { JWT_SECRET, signToken } from '../security/support.js';
import { postGraphQL } from '../support/clients.js';
import { gatewayPool } from '../support/gateway.js';
import {
  apolloOverHttp,
  graphqlSseClient,
  subscribeApollo,
  subscribeGraphqlSse,
} from '../support/http-streams.js';
import { nowSeconds } from '../support/keys.js';
import { subscribeSse } from '../support/sse.js';
import type { Subscription } from '../support/subscriptions.js';
import { eventually } from '../support/time.js';
import { operation, subscribeWs } from '../support/ws.js';

/**
 * Subscriptions over plain HTTP with the real clients: Apollo Client 4's `HttpLink` (Apollo's
 * multipart protocol) and graphql-sse's single connection, each through a recording's whole
 * lifecycle, and the gateway's rules on both: auth, token expiry, CSRF, operation limits, bounds.
 */

type Status = RecordingStatusChangedSubscription;
const LIFECYCLE = ['INVOKED', 'RECORDING', 'PAUSED', 'RECORDING', 'UPLOADING', 'UPLOADED'];
const ANONYMOUS = 'address:127.0.0.1';

const gateway = gatewayPool();
const watchMeeting = (meetingId: string) =>
  operation(RecordingStatusChangedDocument, { meetingId });
const statuses = (data: Status[]) => data.map((event) => event.recordingStatusChanged.status);

/** Waits until `subscription` has seen `count` events. */
const seen = (subscription: Subscription<Status>, count: number) =>
  subscription.until((data) => data.length >= count);

/**
 * Drives a recording of `meetingId` through start, pause, resume and stop, each step once the
 * subscription has seen the one before, with `run` sending the mutations.
 */
async function lifecycle(
  meetingId: string,
  subscription: Subscription<Status>,
  run: <R, V>(document: TypedDocumentNode<R, V>, variables: V) => Promise<R>,
): Promise<void> {
  const started = await run(StartRecordingDocument, { input: { meetingId, maxSeconds: 600 } });
  if (started.startRecording.__typename !== 'StartRecordingSuccess') {
    throw new Error(`start failed: ${JSON.stringify(started)}`);
  }
  const id = started.startRecording.recording.id;
  await seen(subscription, 2);
  await run(PauseRecordingDocument, { id });
  await seen(subscription, 3);
  await run(ResumeRecordingDocument, { id });
  await seen(subscription, 4);
  await run(StopRecordingDocument, { id });
  await seen(subscription, 6);
}

/** Every subscription of the gateway has ended, and its slots are given back. */
async function allEnded(server: GatewayServer, client = ANONYMOUS): Promise<void> {
  await vi.waitFor(() => {
    expect(server.app.events.subscribers).toBe(0);
    expect(server.app.subscriptionSlots.held(client)).toBe(0);
  }, eventually);
}

/** Reads an event stream's messages until the server ends it. */
async function readEvents(response: Response): Promise<{ event: string; data: string }[]> {
  const messages: { event: string; data: string }[] = [];
  const decoder = new TextDecoder();
  let buffered = '';
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    buffered += decoder.decode(chunk, { stream: true });
    for (let end = buffered.indexOf('\n\n'); end !== -1; end = buffered.indexOf('\n\n')) {
      const block = buffered.slice(0, end);
      buffered = buffered.slice(end + 2);
      const event = /^event: (.*)$/m.exec(block)?.[1];
      if (event) messages.push({ event, data: /^data: ?(.*)$/m.exec(block)?.[1] ?? '' });
    }
  }
  return messages;
}

/** graphql-sse's single connection by hand: reserve, open, post. */
function rawStream(server: GatewayServer, authorization?: string) {
  const url = `${server.url}/graphql/stream`;
  const auth: Record<string, string> = authorization ? { authorization } : {};
  let token = '';
  return {
    get token() {
      return token;
    },
    async reserve(): Promise<Response> {
      const response = await fetch(url, { method: 'PUT', headers: auth });
      if (response.status === 201) token = await response.clone().text();
      return response;
    },
    open(headers: Record<string, string> = auth): Promise<Response> {
      return fetch(url, {
        headers: { ...headers, accept: 'text/event-stream', 'x-graphql-event-stream-token': token },
      });
    },
    post(body: unknown, headers: Record<string, string> = auth): Promise<Response> {
      return fetch(url, {
        method: 'POST',
        headers: {
          ...headers,
          'content-type': 'application/json',
          'x-graphql-event-stream-token': token,
        },
        body: typeof body === 'string' ? body : JSON.stringify(body),
      });
    },
  };
}

/** Runs a query or mutation on a graphql-sse client (through its one stream) to its result. */
function onStream(client: SseClient<true>) {
  return async <R, V>(document: TypedDocumentNode<R, V>, variables: V): Promise<R> => {
    const results = client.iterate<R>({
      query: print(document),
      variables: variables as Record<string, unknown>,
    });
    const { value } = await results.next();
    await results.return?.();
    const result = value as FormattedExecutionResult<R> | undefined;
    if (!result?.data) throw new Error(`no data: ${JSON.stringify(result)}`);
    return result.data;
  };
}

describe('Apollo Client 4 over HttpLink (multipart subscriptions)', () => {
  let server: GatewayServer;
  beforeAll(async () => {
    server = await gateway();
  });

  it('watches a recording through its lifecycle, each change once, in order', async () => {
    const meetingId = randomUUID();
    const apollo = apolloOverHttp(server.url);
    const subscription = await subscribeApollo<Status>(server, watchMeeting(meetingId));
    expect(subscription.outcome).toBe('accepted');
    expect(server.app.subscriptionSlots.held(ANONYMOUS)).toBe(1);

    await lifecycle(meetingId, subscription, async (mutation, variables) => {
      const { data, error } = await apollo.mutate({
        mutation,
        variables: variables as Record<string, unknown>,
      });
      if (error || !data) throw error ?? new Error('no data');
      return data;
    });
    expect(statuses(subscription.data)).toEqual(LIFECYCLE);
    const cursors = subscription.data.map((event) => event.recordingStatusChanged.cursor);
    expect(cursors).toEqual([...cursors].sort());
    expect(subscription.errors).toEqual([]);

    await subscription.close();
    await allEnded(server);
  });

  it('is answered as Apollo asks: the multipart type, and a first heartbeat at once', async () => {
    const abort = new AbortController();
    const response = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'multipart/mixed;boundary="graphql";subscriptionSpec=1.0,application/json',
      },
      body: JSON.stringify(watchMeeting(randomUUID())),
      signal: abort.signal,
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe(
      'multipart/mixed;boundary="graphql";subscriptionSpec=1.0',
    );
    const reader = response.body?.getReader();
    const first = await reader?.read();
    expect(new TextDecoder().decode(first?.value)).toContain('\r\n--graphql\r\n');
    abort.abort();
    await allEnded(server);
  });

  it('answers a subscription it cannot stream 406, naming each format it can once', async () => {
    const response = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify(watchMeeting(randomUUID())),
    });
    expect(response.status).toBe(406);
    expect(response.headers.get('accept')).toBe(
      'text/event-stream; charset=utf-8, multipart/mixed;subscriptionSpec=1.0',
    );
    // yoga ran the subscription before it found no format: it ends, its slot given back.
    await allEnded(server);
  });

  it('applies the operation limits: a refused subscription is an error, and nothing runs', async () => {
    const aliases = Array.from({ length: 16 }, (_, i) => `a${i}: cursor`).join(' ');
    const subscription = await subscribeApollo(server, {
      query: `subscription { recordingStatusChanged { ${aliases} } }`,
    });
    expect(subscription.outcome).toBe('refused');
    expect(subscription.errors).toMatchObject([{ extensions: { code: 'VALIDATION' } }]);
    expect(server.app.subscriptionSlots.held(ANONYMOUS)).toBe(0);
  });
});

describe('graphql-sse in single-connection mode', () => {
  let server: GatewayServer;
  beforeAll(async () => {
    server = await gateway();
  });

  it('watches a recording through its lifecycle on one connection, queries and mutations too', async () => {
    const meetingId = randomUUID();
    const client = graphqlSseClient(server.url);
    const all = await subscribeGraphqlSse<Status>(server, client, watchMeeting(meetingId));
    const done = await subscribeGraphqlSse<Status>(
      server,
      client,
      operation(RecordingStatusChangedDocument, { meetingId, statuses: ['UPLOADED'] }),
    );
    expect([all.outcome, done.outcome]).toEqual(['accepted', 'accepted']);
    expect(server.app.subscriptionSlots.held(ANONYMOUS)).toBe(2);

    await lifecycle(meetingId, all, onStream(client));
    expect(statuses(all.data)).toEqual(LIFECYCLE);
    await done.until((data) => data.length === 1);
    expect(statuses(done.data)).toEqual(['UPLOADED']);
    expect([...all.errors, ...done.errors]).toEqual([]);

    await all.close();
    await done.close();
    await allEnded(server);
  });

  it('holds an operation posted before the stream opens until it does, then delivers', async () => {
    const meetingId = randomUUID();
    const stream = rawStream(server);
    expect((await stream.reserve()).status).toBe(201);
    const before = server.app.events.subscribers;
    const posted = await stream.post({
      ...watchMeeting(meetingId),
      extensions: { operationId: 'early' },
    });
    expect(posted.status).toBe(202);
    await vi.waitFor(() => expect(server.app.events.subscribers).toBe(before + 1), eventually);
    await postGraphQL(server.url, StartRecordingDocument, {
      input: { meetingId, maxSeconds: 600 },
    });

    const abort = new AbortController();
    const opened = await fetch(`${server.url}/graphql/stream`, {
      headers: { accept: 'text/event-stream', 'x-graphql-event-stream-token': stream.token },
      signal: abort.signal,
    });
    expect(opened.status).toBe(200);
    const reader = opened.body?.getReader();
    let text = '';
    while (!text.includes('"status":"INVOKED"')) {
      const chunk = await reader?.read();
      if (!chunk || chunk.done) throw new Error(`the stream ended: ${text}`);
      text += new TextDecoder().decode(chunk.value);
    }
    expect(text).toContain('"id":"early"');
    abort.abort();
    await allEnded(server);
  });

  it('keeps the CSRF rule: a POST must be JSON; PUT and DELETE need no body type', async () => {
    const stream = rawStream(server);
    const reserved = await stream.reserve();
    expect(reserved.status).toBe(201);
    const form = await fetch(`${server.url}/graphql/stream`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain', 'x-graphql-event-stream-token': stream.token },
      body: JSON.stringify({ query: '{ __typename }', extensions: { operationId: 'x' } }),
    });
    expect(form.status).toBe(415);
    const stopped = await fetch(`${server.url}/graphql/stream?operationId=x`, {
      method: 'DELETE',
      headers: { 'x-graphql-event-stream-token': stream.token },
    });
    expect(stopped.status).toBe(200);
  });

  it('refuses an operation over the limits, a body over the cap, and distinct connections', async () => {
    const stream = rawStream(server);
    await stream.reserve();
    const aliases = Array.from({ length: 16 }, (_, i) => `a${i}: cursor`).join(' ');
    const limited = await stream.post({
      query: `subscription { recordingStatusChanged { ${aliases} } }`,
      extensions: { operationId: 'a' },
    });
    expect(limited.status).toBe(400);
    expect(await limited.json()).toMatchObject({
      errors: [{ extensions: { code: 'VALIDATION' } }],
    });
    const invalid = await stream.post({ query: '{ nope }', extensions: { operationId: 'b' } });
    expect(invalid.status).toBe(400);
    expect(await invalid.json()).toMatchObject({
      errors: [{ extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }],
    });
    const huge = await stream.post({
      query: '{ __typename }',
      variables: { padding: 'x'.repeat(70_000) },
      extensions: { operationId: 'c' },
    });
    expect(huge.status).toBe(413);
    // One event stream per operation is yoga's own SSE at /graphql, not this endpoint.
    const distinct = await fetch(
      `${server.url}/graphql/stream?query=${encodeURIComponent('{ __typename }')}`,
      {
        headers: { accept: 'text/event-stream' },
      },
    );
    expect(distinct.status).toBe(404);
  });

  it('refuses malformed posts and forged tokens with a 4xx, and the stream still serves', async () => {
    const stream = rawStream(server);
    await stream.reserve();
    const answers: Array<[string, number, string]> = [];
    const record = async (what: string, response: Promise<Response>) => {
      const answered = await response;
      answers.push([what, answered.status, await answered.text()]);
    };
    await record('not JSON', stream.post('{"query": '));
    await record('a JSON array', stream.post('[1, 2]'));
    await record('no operation id', stream.post({ query: '{ __typename }' }));
    await record('no query', stream.post({ extensions: { operationId: 'q' } }));
    await record(
      'a forged token',
      fetch(`${server.url}/graphql/stream`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-graphql-event-stream-token': 'x'.repeat(5_000),
        },
        body: JSON.stringify({ query: '{ __typename }', extensions: { operationId: 'f' } }),
      }),
    );
    for (const [what, status, body] of answers) {
      expect([what, status >= 400 && status < 500], body).toEqual([what, true]);
      expect(body, what).not.toContain('x'.repeat(100));
    }
    // The reservation survived the bad posts: an operation on it still runs.
    const opened = await stream.open();
    expect(opened.status).toBe(200);
    const ran = await stream.post({ query: '{ __typename }', extensions: { operationId: 'ok' } });
    expect(ran.status).toBe(202);
    await opened.body?.cancel();
  });
});

describe('authentication on both transports', () => {
  let server: GatewayServer;
  beforeAll(async () => {
    server = await gateway({ AUTH_MODE: 'jwt', AUTH_JWT_SECRET: JWT_SECRET });
  });
  const bearer = async (sub: string, exp = nowSeconds() + 3600) =>
    `Bearer ${await signToken({ sub, scope: 'recordings:read recordings:write' }, exp)}`;

  it('refuses a subscription without a valid token: Apollo gets UNAUTHENTICATED, graphql-sse 401', async () => {
    const apollo = await subscribeApollo(server, watchMeeting(randomUUID()));
    expect(apollo.outcome).toBe('refused');
    expect(apollo.errors).toMatchObject([{ extensions: { code: 'UNAUTHENTICATED' } }]);

    const client = graphqlSseClient(server.url, { authorization: 'Bearer not-a-token' });
    const sse = await subscribeGraphqlSse(server, client, watchMeeting(randomUUID()));
    expect(sse.outcome).toBe('refused');
    expect((sse.errors[0] as { response?: Response }).response?.status).toBe(401);
  });

  it('runs a subscription as the token’s viewer, and ends it when the token expires', async () => {
    // A few seconds, so that even a loaded machine subscribes before the token expires.
    const exp = nowSeconds() + 5;
    const authorization = await bearer('apollo-user', exp);
    const apollo = await subscribeApollo(server, watchMeeting(randomUUID()), { authorization });
    expect(apollo.outcome).toBe('accepted');
    // Resolves only once the gateway ended the stream.
    await expect(apollo.until(() => false)).rejects.toThrow(/completed/);
    expect(apollo.errors).toMatchObject([{ extensions: { code: 'UNAUTHENTICATED' } }]);
    expect(Date.now()).toBeGreaterThanOrEqual(exp * 1000);
    await allEnded(server, 'subject:apollo-user');
  });

  it('ends a graphql-sse stream when the token that reserved it expires, after its operations', async () => {
    const exp = nowSeconds() + 5;
    const stream = rawStream(server, await bearer('sse-user', exp));
    expect((await stream.reserve()).status).toBe(201);
    const opened = await stream.open();
    expect(opened.status).toBe(200);
    const events = readEvents(opened);
    expect(
      (await stream.post({ ...watchMeeting(randomUUID()), extensions: { operationId: 'w' } }))
        .status,
    ).toBe(202);
    // Resolves only when the server ends the event stream.
    const messages = await events;
    expect(messages.map((message) => message.event)).toEqual(['next', 'complete']);
    expect(JSON.parse(messages[0]?.data ?? '{}')).toMatchObject({
      id: 'w',
      payload: { errors: [{ extensions: { code: 'UNAUTHENTICATED' } }] },
    });
    expect(Date.now()).toBeGreaterThanOrEqual(exp * 1000);
    await allEnded(server, 'subject:sse-user');
  });

  it('serves a stream only to the credentials that reserved it', async () => {
    const stream = rawStream(server, await bearer('owner'));
    expect((await stream.reserve()).status).toBe(201);
    const other = { authorization: await bearer('someone-else') };
    expect((await stream.open(other)).status).toBe(404);
    const posted = await stream.post(
      { query: '{ __typename }', extensions: { operationId: 'o' } },
      other,
    );
    expect(posted.status).toBe(404);
    expect((await stream.post({ query: '{ __typename }' }, {})).status).toBe(404);
  });
});

describe('bounds on every transport', () => {
  let server: GatewayServer;
  beforeAll(async () => {
    server = await gateway({
      SUBSCRIPTIONS_PER_SOCKET: '2',
      SUBSCRIPTIONS_PER_CLIENT: '4',
      GRAPHQL_SSE_STREAMS_PER_CLIENT: '2',
      GRAPHQL_SSE_RESERVATION_TIMEOUT_MS: '500',
    });
  });

  it('holds a graphql-sse connection to SUBSCRIPTIONS_PER_SOCKET, and the client to SUBSCRIPTIONS_PER_CLIENT across transports', async () => {
    const client = graphqlSseClient(server.url);
    const first = await subscribeGraphqlSse(server, client, watchMeeting(randomUUID()));
    const second = await subscribeGraphqlSse(server, client, watchMeeting(randomUUID()));
    const third = await subscribeGraphqlSse(server, client, watchMeeting(randomUUID()));
    expect([first.outcome, second.outcome, third.outcome]).toEqual([
      'accepted',
      'accepted',
      'refused',
    ]);
    expect(third.errors).toEqual([
      expect.objectContaining({
        message: expect.stringContaining('per connection'),
        extensions: { code: 'RATE_LIMITED' },
      }),
    ]);

    // Two on the stream, one over graphql-ws, one over Apollo's multipart: four, the client's all.
    const ws = await subscribeWs(server, watchMeeting(randomUUID()));
    const apollo = await subscribeApollo(server, watchMeeting(randomUUID()));
    expect([ws.outcome, apollo.outcome]).toEqual(['accepted', 'accepted']);
    expect(server.app.subscriptionSlots.held(ANONYMOUS)).toBe(4);
    for (const refused of [
      await subscribeApollo(server, watchMeeting(randomUUID())),
      await subscribeSse(server, watchMeeting(randomUUID())),
      await subscribeWs(server, watchMeeting(randomUUID())),
    ]) {
      expect(refused.outcome).toBe('refused');
      expect(refused.errors).toMatchObject([{ message: expect.stringContaining('per client') }]);
      // The 429 yoga answers HTTP with is no part of what any transport shows.
      expect((refused.errors[0] as { extensions?: unknown }).extensions).toEqual({
        code: 'RATE_LIMITED',
      });
    }

    // Ending one frees its slot for any transport.
    await ws.close();
    await vi.waitFor(
      () => expect(server.app.subscriptionSlots.held(ANONYMOUS)).toBe(3),
      eventually,
    );
    const again = await subscribeApollo(server, watchMeeting(randomUUID()));
    expect(again.outcome).toBe('accepted');
    for (const open of [first, second, apollo, again]) await open.close();
    client.dispose();
    await allEnded(server);
  });

  it('holds a client to GRAPHQL_SSE_STREAMS_PER_CLIENT streams', async () => {
    const streams = [rawStream(server), rawStream(server), rawStream(server)];
    const answers = [];
    for (const stream of streams) answers.push(await stream.reserve());
    expect(answers.map((answer) => answer.status)).toEqual([201, 201, 429]);
    expect(await answers[2]?.json()).toMatchObject({
      errors: [{ extensions: { code: 'RATE_LIMITED' } }],
    });
    // Never opened: both are dropped after GRAPHQL_SSE_RESERVATION_TIMEOUT_MS.
    await vi.waitFor(async () => {
      expect((await rawStream(server).reserve()).status).toBe(201);
    }, eventually);
  });

  it('drops a stream that is never opened, with the subscriptions posted to it', async () => {
    const stream = rawStream(server);
    await stream.reserve();
    const before = server.app.events.subscribers;
    const posted = await stream.post({
      ...watchMeeting(randomUUID()),
      extensions: { operationId: 'orphan' },
    });
    expect(posted.status).toBe(202);
    await vi.waitFor(() => expect(server.app.events.subscribers).toBe(before), eventually);
    expect((await stream.open()).status).toBe(404);
    await allEnded(server);
  });
});

describe('persisted operations on the graphql-sse stream', () => {
  let server: GatewayServer;
  const id = 'status-of-a-meeting';
  beforeAll(async () => {
    const file = join(tmpdir(), `persisted-${randomUUID()}.json`);
    writeFileSync(file, JSON.stringify({ [id]: print(RecordingStatusChangedDocument) }));
    server = await gateway({ PERSISTED_OPERATIONS_FILE: file });
  });

  it('runs only listed operations, as over /graphql and graphql-ws', async () => {
    const stream = rawStream(server);
    await stream.reserve();
    const arbitrary = await stream.post({
      query: '{ __typename }',
      extensions: { operationId: 'a' },
    });
    expect(arbitrary.status).toBe(400);
    expect(await arbitrary.json()).toMatchObject({
      errors: [{ extensions: { code: 'PERSISTED_QUERY_ID_REQUIRED' } }],
    });
    const listed = await stream.post({
      query: '',
      variables: { meetingId: randomUUID() },
      extensions: { operationId: 'b', persistedQuery: { version: 1, sha256Hash: id } },
    });
    expect(listed.status).toBe(202);
    await vi.waitFor(() => expect(server.app.events.subscribers).toBe(1), eventually);
  });
});
