import { randomUUID } from 'node:crypto';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import type { GatewayServer } from '../../src/transport/server.js';
import { deliverSigned } from '../webhooks/support.js';
import { startTestServer } from './gateway.js';
import { bearer, nowSeconds, rsaPair, signToken } from './keys.js';
import { operation, subscribeWs } from './ws.js';

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
  /**
   * Subscribes over graphql-ws; resolves once the gateway registered the subscription (or
   * refused it), so a delivery that follows cannot be missed.
   */
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
    signToken(secret, {
      scope: 'recordings:read',
      exp: nowSeconds() + 600,
      ...claims,
      sub: typeof claims.sub === 'string' ? claims.sub : 'webhook-viewer',
    });
  return {
    server,
    token,
    async subscribe<Result, Variables>(
      document: TypedDocumentNode<Result, Variables>,
      variables: Variables,
      claims?: Record<string, unknown>,
    ) {
      const subscription = await subscribeWs<Result>(server, operation(document, variables), {
        connectionParams: { authorization: bearer(await token(claims)) },
      });
      return { events: subscription.data, errors: subscription.errors, close: subscription.close };
    },
    async deliver(body) {
      return (await deliverSigned(server, JSON.stringify(body), pair.privateKey)).status;
    },
    stop: () => server.stop(),
  };
}
