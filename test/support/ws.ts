import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { type FormattedExecutionResult, print } from 'graphql';
import { type Client, createClient } from 'graphql-ws';
import { afterAll } from 'vitest';
import WebSocket from 'ws';
import {
  type ObservedGateway,
  resultLog,
  type Subscription,
  type SubscriptionRequest,
  subscriptionOf,
  whenRegistered,
} from './subscriptions.js';

/**
 * graphql-ws clients of a listening gateway, one socket per subscription, as a frontend opens
 * them. Every client this module opens is disposed after the test file, if the test did not.
 */

const leftovers = new Set<Client>();
afterAll(async () => {
  await Promise.all([...leftovers].map((client) => client.dispose()));
  leftovers.clear();
});

export interface WsOptions {
  /** Sent in `connection_init`, e.g. `{ authorization: 'Bearer …' }`. */
  connectionParams?: Record<string, unknown>;
}

/** A graphql-ws client of `url` (`http://…` is fine) that never retries, so refusals show. */
export function wsClient(
  url: string,
  options: WsOptions & {
    /** Connect at once rather than on the first subscribe. */
    lazy?: boolean;
    /** Another WebSocket class, e.g. one that sends an `Origin` as a browser does. */
    webSocketImpl?: unknown;
    onConnected?: () => void;
    onClosed?: (code: number) => void;
  } = {},
): Client {
  const client = createClient({
    url: `${url.replace(/^http/, 'ws').replace(/\/graphql$/, '')}/graphql`,
    webSocketImpl: options.webSocketImpl ?? WebSocket,
    retryAttempts: 0,
    lazy: options.lazy ?? true,
    connectionParams: options.connectionParams ?? {},
    on: {
      connected: () => options.onConnected?.(),
      closed: (event) => options.onClosed?.((event as { code: number }).code),
    },
    onNonLazyError: () => {},
  });
  leftovers.add(client);
  const dispose = client.dispose.bind(client);
  client.dispose = () => {
    leftovers.delete(client);
    return dispose();
  };
  return client;
}

/**
 * Subscribes over graphql-ws on a socket of its own and resolves once the gateway registered the
 * subscription (`accepted`) or refused it (errors, or the socket closed, e.g. 4403).
 */
export async function subscribeWs<Data = Record<string, unknown>>(
  gateway: ObservedGateway,
  request: SubscriptionRequest,
  options: WsOptions = {},
): Promise<Subscription<Data>> {
  const log = resultLog<Data>();
  const sink = log.sink();
  let code: number | undefined;
  const client = wsClient(gateway.url, {
    ...options,
    onClosed: (closed) => {
      code = closed;
    },
  });
  const outcome = await whenRegistered(
    gateway,
    () =>
      client.subscribe<Data>(request as never, {
        ...sink,
        error: (error) => {
          // A closed socket fails the sink with its close event.
          const closeCode = (error as { code?: unknown } | null)?.code;
          if (typeof closeCode === 'number') code = closeCode;
          sink.error(error);
        },
      }),
    log.refused,
  );
  return subscriptionOf(
    log,
    outcome,
    () => code,
    async () => {
      await client.dispose();
    },
  );
}

/** A typed subscription document with its variables, as `subscribeWs` takes it. */
export function operation<Data, Variables>(
  document: TypedDocumentNode<Data, Variables>,
  variables: Variables,
): SubscriptionRequest {
  return { query: print(document), variables: variables as Record<string, unknown> };
}

/**
 * The first result of `request` on `client`: a query's answer, or a subscription's first event.
 * Rejects with what ended it first: the errors of a refused operation, or the socket's close.
 */
export async function firstResult<Data = Record<string, unknown>>(
  client: Client,
  request: SubscriptionRequest,
): Promise<FormattedExecutionResult<Data, unknown>> {
  const results = client.iterate<Data>({ ...request, variables: request.variables ?? null });
  try {
    const step = await results.next();
    if (step.done) throw new Error('the operation completed without a result');
    return step.value;
  } finally {
    await results.return?.();
  }
}
