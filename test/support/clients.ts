import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { expect } from 'vitest';
import type { GatewayServer } from '../../src/transport/server.js';
import {
  PauseRecordingDocument,
  RecordingStatusChangedDocument,
  type RecordingStatusChangedSubscription,
  type RecordingStatusChangedSubscriptionVariables,
  ResumeRecordingDocument,
  StartRecordingDocument,
  type StartRecordingInput,
  StopRecordingDocument,
} from '../__generated__/graphql.js';
import { graphql } from './http.js';
import { operation, subscribeWs } from './ws.js';

/** Clients of a listening gateway, as a frontend uses it: GraphQL over HTTP and graphql-ws. */

export type StatusEvent = RecordingStatusChangedSubscription['recordingStatusChanged'];

/** A typed operation over real HTTP; fails the test unless the answer is a 200 with data. */
export async function postGraphQL<Result, Variables>(
  baseUrl: string,
  document: TypedDocumentNode<Result, Variables>,
  variables: Variables,
): Promise<Result> {
  const response = await graphql(baseUrl, document, variables);
  expect(response.status, response.text).toBe(200);
  return response.body.data as Result;
}

/** Starts a recording over real HTTP and returns its id; fails the test on any other answer. */
export async function startRecordingOver(
  baseUrl: string,
  input: StartRecordingInput,
): Promise<string> {
  const { startRecording } = await postGraphQL(baseUrl, StartRecordingDocument, { input });
  if (startRecording.__typename !== 'StartRecordingSuccess') {
    throw new Error(`start failed: ${startRecording.__typename}`);
  }
  return startRecording.recording.id;
}

export interface StatusWatch {
  /** Events in arrival order. */
  readonly events: StatusEvent[];
  /** Refusals: GraphQL errors of the subscription, or the socket's error. */
  readonly errors: unknown[];
  /** Resolves once an event with `status` has arrived; rejects if the subscription ends first. */
  until(status: string): Promise<StatusEvent[]>;
  /** Resolves once `count` events have arrived; rejects if the subscription ends first. */
  untilCount(count: number): Promise<StatusEvent[]>;
  close(): Promise<void>;
}

/**
 * Subscribes to `recordingStatusChanged` over graphql-ws on its own socket. Resolves once the
 * gateway registered the subscription (or refused it), so events the test causes next cannot be
 * missed.
 */
export async function watchStatuses(
  server: GatewayServer,
  variables: RecordingStatusChangedSubscriptionVariables,
): Promise<StatusWatch> {
  const subscription = await subscribeWs<RecordingStatusChangedSubscription>(
    server,
    operation(RecordingStatusChangedDocument, variables),
  );
  const events = () => subscription.data.map((data) => data.recordingStatusChanged);
  return {
    get events() {
      return events();
    },
    errors: subscription.errors,
    async until(status) {
      await subscription.until((data) =>
        data.some((event) => event.recordingStatusChanged.status === status),
      );
      return events();
    },
    async untilCount(count) {
      await subscription.until((data) => data.length >= count);
      return events();
    },
    close: subscription.close,
  };
}

/**
 * Takes a started recording that `watch` follows through its whole life over HTTP: pause once it
 * records, resume once paused, stop once resumed, and wait for UPLOADED. Each call waits for the
 * change before it, so the six deliveries (INVOKED, RECORDING, PAUSED, RECORDING, UPLOADING,
 * UPLOADED) happen in this order.
 */
export async function pauseResumeStop(baseUrl: string, watch: StatusWatch, id: string) {
  await watch.until('RECORDING');
  await postGraphQL(baseUrl, PauseRecordingDocument, { id });
  await watch.until('PAUSED');
  await postGraphQL(baseUrl, ResumeRecordingDocument, { id });
  await watch.untilCount(4);
  await postGraphQL(baseUrl, StopRecordingDocument, { id });
  await watch.until('UPLOADED');
}
