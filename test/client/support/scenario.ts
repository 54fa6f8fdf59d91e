import { randomUUID } from 'node:crypto';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print } from 'graphql';
import type { Client } from 'graphql-ws';
import { expect, vi } from 'vitest';
import type { GatewayServer } from '../../../src/transport/server.js';
import {
  PauseRecordingDocument,
  RecordingHistoryDocument,
  RecordingStatusChangedDocument,
  type RecordingStatusChangedSubscription,
  type RecordingStatusChangedSubscriptionVariables,
  ResumeRecordingDocument,
  StopRecordingDocument,
} from '../../__generated__/graphql.js';
import { postGraphQL, type StatusEvent, startRecordingOver } from '../../support/clients.js';
import type { TcpProxy } from './tcp-proxy.js';

/** One subscription as a frontend library delivers it: events in arrival order, and errors. */
export interface Watch {
  readonly events: StatusEvent[];
  readonly errors: unknown[];
  close(): void;
}

/** Opens a `recordingStatusChanged` subscription through the client under test. */
export type OpenWatch = (variables: RecordingStatusChangedSubscriptionVariables) => Watch;

const LONG = { timeout: 60_000, interval: 20 };

/** A watch over a graphql-ws `Client` (the helper, or graphql-ws' own for comparison). */
export function sinkWatch(client: Pick<Client, 'subscribe'>): OpenWatch {
  return (variables) => {
    const events: StatusEvent[] = [];
    const errors: unknown[] = [];
    const close = client.subscribe<RecordingStatusChangedSubscription>(
      { query: print(RecordingStatusChangedDocument), variables },
      {
        next: (result) => {
          if (result.errors) errors.push(...result.errors);
          if (result.data) events.push(result.data.recordingStatusChanged);
        },
        error: (error) => errors.push(error),
        complete: () => {},
      },
    );
    return { events, errors, close };
  };
}

/** Resolves once `watch` has seen `recordingId` reach `status`. */
export async function until(watch: Watch, recordingId: string, status: string): Promise<void> {
  await vi.waitFor(() => {
    expect(watch.errors).toEqual([]);
    expect(watch.events).toContainEqual(expect.objectContaining({ recordingId, status }));
  }, LONG);
}

/** What the gateway has stored of a recording's changes, read over HTTP past the proxy. */
async function history(server: GatewayServer, id: string) {
  const { recording } = await postGraphQL(server.url, RecordingHistoryDocument, { id });
  return recording?.statusHistory ?? [];
}

async function stored(server: GatewayServer, id: string, count: number): Promise<void> {
  await vi.waitFor(async () => expect(await history(server, id)).toHaveLength(count), LONG);
}

const start = (server: GatewayServer, meetingId: string) =>
  startRecordingOver(server.url, { meetingId });

/** Waits until the gateway has registered `count` more subscriptions than `before`. */
async function registered(server: GatewayServer, before: number, count: number): Promise<void> {
  await vi.waitFor(
    () => expect(server.subscriptions().registered).toBeGreaterThanOrEqual(before + count),
    LONG,
  );
}

/** How the network fails: sockets dropped and connections refused, or bytes going nowhere. */
export type Outage = 'cut' | 'blackhole';

/**
 * Takes the network down, runs `during` (changes the subscribers must not lose), then waits for
 * the client to come back on its own: after a cut, it must have tried while the network was down
 * before the network returns; in a blackhole, nothing tells it, so it must notice by itself. Ends
 * once both subscriptions are registered again.
 */
async function outageWhile(
  server: GatewayServer,
  proxy: TcpProxy,
  outage: Outage,
  during: () => Promise<void>,
) {
  const before = server.subscriptions().registered;
  const { refused, accepted } = proxy;
  if (outage === 'cut') proxy.cut();
  else proxy.blackhole();
  await during();
  if (outage === 'cut') {
    await vi.waitFor(() => expect(proxy.refused).toBeGreaterThan(refused), LONG);
    proxy.restore();
  }
  await vi.waitFor(() => expect(proxy.accepted).toBeGreaterThan(accepted), LONG);
  await registered(server, before, 2);
}

/** What the subscribers saw of the recording, and what the gateway stored of it. */
export interface CutLifecycle {
  stored: Array<{ cursor: string; status: string; previousStatus?: string | null }>;
  /** The subscriber that started without `after`. */
  fresh: StatusEvent[];
  /** The subscriber that started with `after` an older cursor (the recording's first). */
  resumed: StatusEvent[];
}

/**
 * A real lifecycle through the simulator (start, pause, resume, stop over HTTP) watched by two
 * subscriptions through the client under test, one without `after` and one from an older cursor,
 * with the network down twice while changes happen: over the pause and resume, and over the stop
 * and the upload. A second recording in the same meeting, started last, is the barrier: once both
 * subscribers have it, everything about the first has reached them.
 */
export async function runCutLifecycle(
  server: GatewayServer,
  proxy: TcpProxy,
  open: OpenWatch,
  outage: Outage = 'cut',
): Promise<CutLifecycle> {
  const meetingId = randomUUID();
  const before = server.subscriptions().registered;
  const fresh = open({ meetingId });
  await registered(server, before, 1);
  const id = await start(server, meetingId);
  await until(fresh, id, 'INVOKED');
  const resumed = open({ meetingId, after: fresh.events[0]?.cursor });
  await until(fresh, id, 'RECORDING');
  await until(resumed, id, 'RECORDING');

  const mutate = async <Result>(
    document: TypedDocumentNode<Result, { id: string }>,
    count: number,
  ) => {
    await postGraphQL(server.url, document, { id });
    await stored(server, id, count);
  };
  await outageWhile(server, proxy, outage, async () => {
    await mutate(PauseRecordingDocument, 3);
    await mutate(ResumeRecordingDocument, 4);
  });
  await outageWhile(server, proxy, outage, () => mutate(StopRecordingDocument, 6));

  const barrier = await start(server, meetingId);
  await until(fresh, barrier, 'INVOKED');
  await until(resumed, barrier, 'INVOKED');
  await postGraphQL(server.url, StopRecordingDocument, { id: barrier });
  fresh.close();
  resumed.close();
  const of = (watch: Watch) => watch.events.filter((event) => event.recordingId === id);
  return { stored: await history(server, id), fresh: of(fresh), resumed: of(resumed) };
}

/** The parts of an event that identify a change. */
export const change = (event: { cursor: string; status: string; previousStatus?: unknown }) => ({
  cursor: event.cursor,
  status: event.status,
  previousStatus: event.previousStatus ?? null,
});

/** Every stored change once, in order: to the fresh subscriber all, to the resumed one all after the first. */
export function expectExactlyOnce({ stored, fresh, resumed }: CutLifecycle): void {
  expect(stored.map((event) => event.status)).toEqual([
    'INVOKED',
    'RECORDING',
    'PAUSED',
    'RECORDING',
    'UPLOADING',
    'UPLOADED',
  ]);
  expect(fresh.map(change)).toEqual(stored.map(change));
  expect(resumed.map(change)).toEqual(stored.slice(1).map(change));
}
