import { ApolloClient, HttpLink, InMemoryCache } from '@apollo/client';
import { parse } from 'graphql';
import { createClient as createSseClient, type Client as SseClient } from 'graphql-sse';
import { afterAll } from 'vitest';
import { possibleTypes } from '../../client/src/index.js';
import {
  type ObservedGateway,
  resultLog,
  type Subscription,
  type SubscriptionRequest,
  subscriptionOf,
  whenRegistered,
} from './subscriptions.js';

/**
 * Subscriptions over plain HTTP with the real client libraries: Apollo Client's `HttpLink`
 * (Apollo's multipart protocol on `/graphql`) and graphql-sse in single-connection mode (on
 * `/graphql/stream`). Clients the test leaves open are stopped after the test file.
 */

const leftovers = new Set<() => void>();
afterAll(() => {
  for (const stop of leftovers) stop();
  leftovers.clear();
});

/** Errors as a client library reports them: its combined error's list, or the error itself. */
function errorsOf(error: unknown): unknown[] {
  const listed = (error as { errors?: unknown } | null)?.errors;
  return Array.isArray(listed) && listed.length > 0 ? listed : [error];
}

/** An Apollo Client whose only link is `HttpLink`: its subscriptions go over HTTP too. */
export function apolloOverHttp(
  url: string,
  options: { authorization?: string } = {},
): ApolloClient {
  const apollo = new ApolloClient({
    link: new HttpLink({
      uri: `${url}/graphql`,
      headers: options.authorization ? { authorization: options.authorization } : {},
    }),
    cache: new InMemoryCache({ possibleTypes }),
  });
  const stop = () => apollo.stop();
  leftovers.add(stop);
  return apollo;
}

/**
 * Subscribes with Apollo Client over HTTP and resolves once the gateway registered the
 * subscription or refused it (an error before any data, or the end of the stream).
 */
export async function subscribeApollo<Data = Record<string, unknown>>(
  gateway: ObservedGateway,
  request: SubscriptionRequest,
  options: { authorization?: string } = {},
): Promise<Subscription<Data>> {
  const apollo = apolloOverHttp(gateway.url, options);
  const log = resultLog<Data>();
  let unsubscribe = () => {};
  const outcome = await whenRegistered(
    gateway,
    () => {
      const subscription = apollo
        .subscribe({
          query: parse(request.query),
          variables: request.variables ?? {},
          fetchPolicy: 'no-cache',
        })
        .subscribe({
          next: ({ data, error }) => {
            if (data) log.push({ data: data as Data });
            if (error) {
              log.fail(errorsOf(error));
              if (!data) log.refuse();
            }
          },
          error: (error) => {
            log.fail(errorsOf(error));
            log.end('the subscription failed');
          },
          complete: () => log.end('the subscription completed'),
        });
      unsubscribe = () => subscription.unsubscribe();
    },
    log.refused,
  );
  return subscriptionOf(
    log,
    outcome,
    () => undefined,
    async () => {
      unsubscribe();
      apollo.stop();
    },
  );
}

/** A graphql-sse client in single-connection mode that never retries, so refusals show. */
export function graphqlSseClient(
  url: string,
  options: { authorization?: string; lazy?: boolean } = {},
): SseClient<true> {
  const client = createSseClient({
    url: `${url}/graphql/stream`,
    singleConnection: true,
    lazy: options.lazy ?? true,
    retryAttempts: 0,
    headers: options.authorization ? { authorization: options.authorization } : {},
    onNonLazyError: () => {},
  });
  const stop = () => client.dispose();
  leftovers.add(stop);
  return client;
}

/**
 * Subscribes on a graphql-sse client and resolves once the gateway registered the subscription
 * or refused it (errors before any data, a failure, or completion).
 */
export async function subscribeGraphqlSse<Data = Record<string, unknown>>(
  gateway: ObservedGateway,
  client: SseClient<true>,
  request: SubscriptionRequest,
): Promise<Subscription<Data>> {
  const log = resultLog<Data>();
  let unsubscribe = () => {};
  const outcome = await whenRegistered(
    gateway,
    () => {
      unsubscribe = client.subscribe<Data>(
        { query: request.query, variables: request.variables ?? undefined },
        log.sink(),
      );
    },
    log.refused,
  );
  return subscriptionOf(
    log,
    outcome,
    () => undefined,
    async () => unsubscribe(),
  );
}
