import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print } from 'graphql';
import { createClient } from 'graphql-ws';
import { expect, vi } from 'vitest';
import WebSocket from 'ws';
import type { GatewayServer } from '../../src/server.js';
import {
  RecordingStatusChangedDocument,
  type RecordingStatusChangedSubscription,
  type RecordingStatusChangedSubscriptionVariables,
} from '../__generated__/graphql.js';

/** Clients of a listening gateway, as a frontend uses it: GraphQL over HTTP and graphql-ws. */

export type StatusEvent = RecordingStatusChangedSubscription['recordingStatusChanged'];

/** A typed operation over real HTTP; fails the test unless the answer is a 200 with data. */
export async function postGraphQL<Result, Variables>(
  baseUrl: string,
  document: TypedDocumentNode<Result, Variables>,
  variables: Variables,
): Promise<Result> {
  const response = await fetch(`${baseUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: print(document), variables }),
  });
  expect(response.status).toBe(200);
  return ((await response.json()) as { data: Result }).data;
}

export interface StatusWatch {
  /** Events in arrival order. */
  readonly events: StatusEvent[];
  /** Refusals: GraphQL errors of the subscription, or the socket's error. */
  readonly errors: unknown[];
  /** Resolves once an event with `status` has arrived. */
  until(status: string): Promise<StatusEvent[]>;
  close(): Promise<void>;
}

/**
 * Subscribes to `recordingStatusChanged` over graphql-ws on its own socket. Resolves once the
 * gateway counts the subscription (or refused it), so events the test causes next cannot be missed.
 */
export async function watchStatuses(
  server: GatewayServer,
  variables: RecordingStatusChangedSubscriptionVariables,
): Promise<StatusWatch> {
  const events: StatusEvent[] = [];
  const errors: unknown[] = [];
  const waiters: Array<() => void> = [];
  const client = createClient({
    url: `${server.url.replace('http', 'ws')}/graphql`,
    webSocketImpl: WebSocket,
    retryAttempts: 0,
  });
  const before = server.subscriptions().registered;
  client.subscribe<RecordingStatusChangedSubscription>(
    { query: print(RecordingStatusChangedDocument), variables },
    {
      next: (result) => {
        if (result.errors) errors.push(...result.errors);
        if (result.data) events.push(result.data.recordingStatusChanged);
        for (const wake of waiters.splice(0)) wake();
      },
      error: (error) => errors.push(error),
      complete: () => {},
    },
  );
  await vi.waitFor(
    () => expect(errors.length > 0 || server.subscriptions().registered > before).toBe(true),
    { timeout: 30_000 },
  );
  return {
    events,
    errors,
    async until(status) {
      while (!events.some((event) => event.status === status)) {
        await new Promise<void>((resolve) => waiters.push(resolve));
      }
      return events;
    },
    close: () => client.dispose() as Promise<void>,
  };
}
