import { randomUUID } from 'node:crypto';
import { ApolloClient, ApolloLink, HttpLink, InMemoryCache } from '@apollo/client';
import { SetContextLink } from '@apollo/client/link/context';
import { GraphQLWsLink } from '@apollo/client/link/subscriptions';
import { OperationTypeNode } from 'graphql';
import { type Client, createClient } from 'graphql-ws';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import { createResumableClient, possibleTypes } from '../../client/src/index.js';
import type { GatewayServer } from '../../src/transport/server.js';
import {
  RecordingStatusChangedDocument,
  StartRecordingDocument,
} from '../__generated__/graphql.js';
import { startTestServer } from '../support/gateway.js';
import {
  change,
  expectExactlyOnce,
  type OpenWatch,
  runCutLifecycle,
  type Watch,
} from './support/scenario.js';
import { startTcpProxy, type TcpProxy } from './support/tcp-proxy.js';

/** The README's Apollo Client set-up, against a real gateway whose network is cut. */

let server: GatewayServer;
// The gateway runs with AUTH_MODE=none here, which ignores tokens; the set-up is the README's.
const getToken = async () => 'a-token';
const cleanups: Array<() => unknown> = [];

beforeAll(async () => {
  // The proxy's own port is in the `Host` the client sends.
  server = await startTestServer({ ALLOWED_HOSTS: '127.0.0.1' });
});
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});
afterAll(() => server?.stop());

/** Apollo as the README sets it up: subscriptions over `ws`, the rest over HTTP with a token. */
function apolloOver(ws: Client): ApolloClient {
  const http = new SetContextLink(async ({ headers }) => ({
    headers: { ...headers, authorization: `Bearer ${await getToken()}` },
  })).concat(new HttpLink({ uri: `${server.url}/graphql` }));
  const apollo = new ApolloClient({
    link: ApolloLink.split(
      ({ operationType }) => operationType === OperationTypeNode.SUBSCRIPTION,
      new GraphQLWsLink(ws),
      http,
    ),
    cache: new InMemoryCache({ possibleTypes }),
  });
  cleanups.push(() => apollo.stop());
  return apollo;
}

function apolloWatch(apollo: ApolloClient): OpenWatch {
  return (variables) => {
    const watch: Watch = { events: [], errors: [], close: () => subscription.unsubscribe() };
    const subscription = apollo
      .subscribe({ query: RecordingStatusChangedDocument, variables })
      .subscribe({
        next: ({ data, error }) => {
          if (error) watch.errors.push(error);
          if (data) watch.events.push(data.recordingStatusChanged);
        },
        error: (error) => watch.errors.push(error),
      });
    return watch;
  };
}

async function proxied(): Promise<TcpProxy> {
  const proxy = await startTcpProxy(server.url);
  cleanups.push(() => proxy.close());
  return proxy;
}

describe('Apollo Client 4 with GraphQLWsLink', () => {
  it('over the helper, delivers every change once, in order, across network cuts', {
    timeout: 120_000,
  }, async () => {
    const proxy = await proxied();
    const ws = createResumableClient({
      url: proxy.wsUrl,
      webSocketImpl: WebSocket,
      retry: { initialDelayMs: 20, maxDelayMs: 200 },
    });
    cleanups.push(() => ws.dispose());

    expectExactlyOnce(await runCutLifecycle(server, proxy, apolloWatch(apolloOver(ws))));
  });

  it('over graphql-ws alone, re-subscribes with the variables it started with: loses and repeats', {
    timeout: 120_000,
  }, async () => {
    const proxy = await proxied();
    const ws = createClient({
      url: proxy.wsUrl,
      webSocketImpl: WebSocket,
      retryAttempts: Number.POSITIVE_INFINITY,
      shouldRetry: () => true,
      retryWait: () => new Promise((resolve) => setTimeout(resolve, 50)),
    });
    cleanups.push(() => ws.dispose());

    const { stored, fresh, resumed } = await runCutLifecycle(
      server,
      proxy,
      apolloWatch(apolloOver(ws)),
    );
    expect(fresh.map(change)).toEqual(stored.slice(0, 2).map(change));
    expect(resumed.length).toBeGreaterThan(new Set(resumed.map((event) => event.cursor)).size);
  });
});

describe('possibleTypes for Apollo', () => {
  const invalid = { input: { meetingId: randomUUID(), maxSeconds: 5 } };
  const overHttp = (options: ConstructorParameters<typeof InMemoryCache>[0]) => {
    const apollo = new ApolloClient({
      link: new HttpLink({ uri: `${server.url}/graphql` }),
      cache: new InMemoryCache(options),
    });
    cleanups.push(() => apollo.stop());
    return apollo;
  };

  it('lets Apollo read `... on Error { code message }` of a result union', async () => {
    const apollo = overHttp({ possibleTypes });
    const { data } = await apollo.mutate({ mutation: StartRecordingDocument, variables: invalid });
    expect(data?.startRecording).toMatchObject({
      __typename: 'ValidationError',
      code: 'VALIDATION',
      field: 'input.maxSeconds',
      message: expect.stringContaining('maxSeconds'),
    });
  });

  it('without them, Apollo drops those fields, and says why only on the console', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    cleanups.push(() => warn.mockRestore());
    const apollo = overHttp({});
    const { data } = await apollo.mutate({ mutation: StartRecordingDocument, variables: invalid });
    expect(data?.startRecording.__typename).toBe('ValidationError');
    expect(data?.startRecording).not.toHaveProperty('code');
    expect(data?.startRecording).not.toHaveProperty('message');
    expect(warn.mock.calls.join('\n')).toContain('missing `possibleTypes` entry');
  });
});
