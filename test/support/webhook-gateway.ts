import { randomUUID } from 'node:crypto';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print } from 'graphql';
import { createClient } from 'graphql-ws';
import { SignJWT } from 'jose';
import { expect, vi } from 'vitest';
import WebSocket from 'ws';
import type { GatewayServer } from '../../src/transport/server.js';
import { rsaPair, signBody } from '../webhooks/support.js';
import { startTestServer } from './gateway.js';

/**
 * A listening gateway (simulator mode, JWT auth) whose webhook key is ours, so a test can deliver
 * any signed `recording.statusUpdate` as RealtimeKit would and watch what subscribers receive.
 */

export interface Watch<Event> {
  readonly events: Event[];
  readonly errors: unknown[];
  close(): Promise<void>;
}

export interface WebhookGateway {
  server: GatewayServer;
  /** A JWT for this gateway with `recordings:read` and the given extra claims. */
  token(claims?: Record<string, unknown>): Promise<string>;
  /** Subscribes over graphql-ws; resolves once the gateway counts the subscription. */
  subscribe<Result, Variables>(
    document: TypedDocumentNode<Result, Variables>,
    variables: Variables,
    claims?: Record<string, unknown>,
  ): Promise<Watch<Result>>;
  /** Posts `body`, signed, to the intake with a fresh `rtk-uuid`; returns the HTTP status. */
  deliver(body: unknown): Promise<number>;
  stop(): Promise<void>;
}

/** Starts the gateway (with extra settings, if any); stop it in afterAll. */
export async function startWebhookGateway(
  env: Record<string, string> = {},
): Promise<WebhookGateway> {
  const secret = `webhook-gateway-secret-${randomUUID()}`;
  const pair = rsaPair();
  const server = await startTestServer({
    AUTH_MODE: 'jwt',
    AUTH_JWT_SECRET: secret,
    REALTIMEKIT_WEBHOOK_PUBLIC_KEY: pair.pem,
    ...env,
  });
  const token = (claims: Record<string, unknown> = {}) =>
    new SignJWT({ scope: 'recordings:read', ...claims })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(typeof claims.sub === 'string' ? claims.sub : 'webhook-viewer')
      .setExpirationTime('10m')
      .sign(new TextEncoder().encode(secret));
  return {
    server,
    token,
    async subscribe(document, variables, claims) {
      const client = createClient({
        url: `${server.url.replace('http', 'ws')}/graphql`,
        webSocketImpl: WebSocket,
        retryAttempts: 0,
        connectionParams: { authorization: `Bearer ${await token(claims)}` },
      });
      const watch = { events: [] as never[], errors: [] as unknown[] };
      const before = server.subscriptions().registered;
      client.subscribe(
        { query: print(document), variables: variables as Record<string, unknown> },
        {
          next: (result) => {
            if (result.errors) watch.errors.push(...result.errors);
            if (result.data) watch.events.push(result.data as never);
          },
          error: (error) => watch.errors.push(error),
          complete: () => {},
        },
      );
      await vi.waitFor(
        () =>
          expect(watch.errors.length > 0 || server.subscriptions().registered > before).toBe(true),
        { timeout: 30_000 },
      );
      return { ...watch, close: () => client.dispose() as Promise<void> };
    },
    async deliver(body) {
      const raw = JSON.stringify(body);
      const response = await fetch(`${server.url}/webhooks/realtimekit`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'rtk-signature': signBody(raw, pair.privateKey),
          'rtk-uuid': randomUUID(),
        },
        body: raw,
      });
      await response.arrayBuffer();
      return response.status;
    },
    stop: () => server.stop(),
  };
}
