import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GatewayServer } from '../src/transport/server.js';
import {
  ActiveRecordingDocument,
  RecordingStatusChangedDocument,
  type RecordingStatusChangedSubscription,
  StartRecordingDocument,
} from './__generated__/graphql.js';
import { startTestServer } from './support/gateway.js';
import { graphql, post } from './support/http.js';
import { bearer, nowSeconds, signToken } from './support/keys.js';
import { subscribeSse } from './support/sse.js';
import { scaled } from './support/time.js';
import { operation, subscribeWs, wsClient } from './support/ws.js';

/** Client authentication and authorization on every transport, as a client meets them. */

const SECRET = 'a-test-signing-secret-of-at-least-32-bytes!';
let server: GatewayServer;

beforeAll(async () => {
  server = await startTestServer({ AUTH_MODE: 'jwt', AUTH_JWT_SECRET: SECRET });
});
afterAll(() => server?.stop());

/** A token of `user-1` that reads and writes; `secret` signs it instead of the gateway's. */
function token(claims: Record<string, unknown> = {}, options: { secret?: string } = {}) {
  return signToken(options.secret ?? SECRET, { sub: 'user-1', iat: nowSeconds(), ...claims });
}

const upstreamCalls = () => server.app.simulator?.calls.length ?? 0;
const watchAll = operation(RecordingStatusChangedDocument, {});

describe('over HTTP', () => {
  it.each([
    ['no token', async () => undefined],
    ['a malformed token', async () => 'Bearer not.a.jwt'],
    ['another scheme', async () => `Basic ${Buffer.from('a:b').toString('base64')}`],
    ['a wrong signature', async () => bearer(await token({}, { secret: `${SECRET}-other` }))],
    ['an expired token', async () => bearer(await token({ exp: nowSeconds() - 60 }))],
  ])(
    'answers 401 UNAUTHENTICATED to %s, calling nothing upstream',
    async (_name, authorization) => {
      const before = upstreamCalls();
      const answer = await graphql(
        server,
        ActiveRecordingDocument,
        { meetingId: randomUUID() },
        { authorization: await authorization() },
      );
      expect(answer.status).toBe(401);
      expect(answer.expectGraphQLErrors()[0]).toMatchObject({
        extensions: { code: 'UNAUTHENTICATED' },
      });
      expect(answer.text).not.toMatch(/expired|signature/i);
      expect(upstreamCalls()).toBe(before);
    },
  );

  it('lets a read-only token read and refuses its mutations with FORBIDDEN', async () => {
    const reader = bearer(await token({ scope: 'recordings:read' }));
    const read = await graphql(
      server,
      ActiveRecordingDocument,
      { meetingId: randomUUID() },
      { authorization: reader },
    );
    expect([read.status, read.body]).toEqual([200, { data: { activeRecording: null } }]);
    const before = upstreamCalls();
    const write = await graphql(
      server,
      StartRecordingDocument,
      { input: { meetingId: randomUUID() } },
      { authorization: reader },
    );
    expect(write.expectGraphQLErrors()[0]).toMatchObject({
      message: 'Not allowed',
      extensions: { code: 'FORBIDDEN' },
    });
    expect(upstreamCalls()).toBe(before);
  });

  it('lets a write token start a recording', async () => {
    const writer = bearer(await token());
    const started = await graphql(
      server,
      StartRecordingDocument,
      { input: { meetingId: randomUUID() } },
      { authorization: writer },
    );
    expect(started.expectNoGraphQLErrors().startRecording.__typename).toBe('StartRecordingSuccess');
  });

  it('gives each token subject its own idempotency keys', async () => {
    const input = {
      meetingId: randomUUID(),
      allowMultipleRecordings: true,
      idempotencyKey: 'retry-1',
    };
    const idOf = async (sub: string) => {
      const answer = await graphql(
        server,
        StartRecordingDocument,
        { input },
        { authorization: bearer(await token({ sub })) },
      );
      const { startRecording } = answer.expectNoGraphQLErrors();
      if (startRecording.__typename !== 'StartRecordingSuccess') throw new Error(answer.text);
      return startRecording.recording.id;
    };
    const alice = await idOf('alice');
    expect(await idOf('alice')).toBe(alice);
    expect(await idOf('bob')).not.toBe(alice);
  });

  it('keeps a token limited to some meetings out of the others', async () => {
    const allowed = randomUUID();
    const limited = { authorization: bearer(await token({ meeting_ids: [allowed] })) };
    const own = await graphql(server, ActiveRecordingDocument, { meetingId: allowed }, limited);
    expect(own.body).toEqual({ data: { activeRecording: null } });
    const before = upstreamCalls();
    const other = await graphql(
      server,
      ActiveRecordingDocument,
      { meetingId: randomUUID() },
      limited,
    );
    expect(other.expectGraphQLErrors()[0]).toMatchObject({ extensions: { code: 'FORBIDDEN' } });
    const start = await graphql(
      server,
      StartRecordingDocument,
      { input: { meetingId: randomUUID() } },
      limited,
    );
    expect(start.expectGraphQLErrors()[0]).toMatchObject({ extensions: { code: 'FORBIDDEN' } });
    const everything = await post(server, { query: '{ recordings { totalCount } }' }, limited);
    expect(everything.expectGraphQLErrors()[0]).toMatchObject({
      extensions: { code: 'FORBIDDEN' },
    });
    expect(upstreamCalls()).toBe(before);
  });
});

describe('over server-sent events', () => {
  it('refuses a stream without a token and opens one with a token', async () => {
    const refused = await subscribeSse(server, watchAll);
    expect([refused.outcome, refused.code]).toEqual(['refused', 401]);
    expect(refused.errors).toMatchObject([{ extensions: { code: 'UNAUTHENTICATED' } }]);
    const opened = await subscribeSse(server, watchAll, { authorization: bearer(await token()) });
    expect(opened.outcome).toBe('accepted');
    expect(opened.errors).toEqual([]);
    await opened.close();
  });
});

describe('over graphql-ws', () => {
  /** Connects at once with `authorization` in connectionParams; `closed` has the close code. */
  function connect(authorization?: string) {
    let connected = false;
    let closedWith: (code: number) => void = () => {};
    const closed = new Promise<number>((resolve) => {
      closedWith = resolve;
    });
    const client = wsClient(server.url, {
      lazy: false,
      connectionParams: authorization ? { authorization } : {},
      onConnected: () => {
        connected = true;
      },
      onClosed: closedWith,
    });
    return { client, closed, connected: () => connected };
  }

  it('closes with 4403 without a token or with a bad one', async () => {
    for (const authorization of [
      undefined,
      'Bearer nope',
      bearer(await token({}, { secret: `${SECRET}x` })),
    ]) {
      const { client, closed, connected } = connect(authorization);
      expect(await closed).toBe(4403);
      expect(connected()).toBe(false);
      await client.dispose();
    }
  });

  it('streams only the meetings a limited token may see', async () => {
    const allowed = randomUUID();
    const other = randomUUID();
    const writer = { authorization: bearer(await token()) };
    const limited = await subscribeWs<RecordingStatusChangedSubscription>(server, watchAll, {
      connectionParams: { authorization: bearer(await token({ meeting_ids: [allowed] })) },
    });
    const witness = await subscribeWs<RecordingStatusChangedSubscription>(
      server,
      operation(RecordingStatusChangedDocument, { meetingId: other }),
      { connectionParams: writer },
    );
    expect([limited.outcome, witness.outcome]).toEqual(['accepted', 'accepted']);
    const reached = (status: string) => (data: RecordingStatusChangedSubscription[]) =>
      data.some((event) => event.recordingStatusChanged.status === status);

    // The other meeting's events are all stored before the allowed meeting's first one, so once
    // the limited subscriber has the allowed meeting's events, it has been offered the others.
    await graphql(server, StartRecordingDocument, { input: { meetingId: other } }, writer);
    await witness.until(reached('RECORDING'));
    await graphql(server, StartRecordingDocument, { input: { meetingId: allowed } }, writer);
    await limited.until(reached('RECORDING'));

    const seen = limited.data.map((event) => event.recordingStatusChanged.meetingId);
    expect(seen.length).toBeGreaterThanOrEqual(2);
    expect(new Set(seen)).toEqual(new Set([allowed]));
    // Nor an error in place of another meeting's event: the feed never offered it.
    expect(limited.errors).toEqual([]);
    await Promise.all([limited.close(), witness.close()]);
  });

  it('ends the socket with 4403 when its token expires, so the client reconnects with a new one', async () => {
    const expiresAt = nowSeconds() + 3;
    const { client, closed, connected } = connect(bearer(await token({ exp: expiresAt })));
    expect(await closed).toBe(4403);
    // It was let in, and put out by its token's expiry: not before, and not at some later sweep.
    expect(connected()).toBe(true);
    expect(Date.now()).toBeGreaterThanOrEqual(expiresAt * 1000 - 50);
    expect(Date.now() - expiresAt * 1000).toBeLessThan(scaled(15_000));
    await client.dispose();
  });
});
