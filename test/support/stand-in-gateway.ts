import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import type { ExecutionResult } from 'graphql';
import { createGatewayApp, type GatewayApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { type Simulator, startSimulator } from '../../src/simulator/index.js';
import { TEST_ENV } from './gateway.js';
import { graphql } from './http.js';
import { bearer, nowSeconds, signToken } from './keys.js';
import { captureLogs, noteSecret } from './logs.js';
import { freshDataDir } from './pglite.js';
import { type StandInUpstream, startStandInUpstream } from './stand-in-upstream.js';

/**
 * A Cloudflare-mode gateway in process whose upstream is a stand-in in front of a real simulator,
 * with JWT auth, for tests that need the upstream to misbehave in ways the simulator does not.
 */

export interface StandInGateway {
  app: GatewayApp;
  simulator: Simulator;
  standIn: StandInUpstream;
  /** The Cloudflare API token the gateway holds. */
  apiToken: string;
  /** The JWT signing secret the gateway trusts. */
  jwtSecret: string;
  /** Every line the gateway logged (debug and up), raw JSON text. */
  logs: string[];
  /** A token with both scopes; `claims` may add `meeting_ids`, drop `sub` (sub: null), … */
  token(claims?: Record<string, unknown> & { sub?: string | null }): Promise<string>;
  /** Runs a typed operation as the holder of `token`. */
  run<Result, Variables>(
    token: string,
    document: TypedDocumentNode<Result, Variables>,
    variables?: Variables,
  ): Promise<ExecutionResult<Result>>;
  close(): Promise<void>;
}

/** Starts the simulator, the stand-in and the gateway; close all three with `close()`. */
export async function startStandInGateway(env: Record<string, string> = {}) {
  const apiToken = `cf-token-${randomUUID()}`;
  const jwtSecret = `jwt-secret-${randomUUID()}-of-enough-bytes`;
  noteSecret(apiToken, jwtSecret);
  const simulator = await startSimulator({ apiToken, timeScale: 0.01 });
  const standIn = await startStandInUpstream(simulator.url);
  const dataDir = freshDataDir('rtk-stand-in-');
  const logs = captureLogs('debug');
  const config = loadConfig({
    ...TEST_ENV,
    DATA_DIR: dataDir,
    CLOUDFLARE_API_TOKEN: apiToken,
    CLOUDFLARE_ACCOUNT_ID: 'acc0123456789abcdef0123456789abcd',
    REALTIMEKIT_APP_ID: randomUUID(),
    CLOUDFLARE_BASE_URL: standIn.baseUrl,
    REALTIMEKIT_WEBHOOK_KEY_URL: simulator.keyUrl,
    AUTH_MODE: 'jwt',
    AUTH_JWT_SECRET: jwtSecret,
    ...env,
  });
  const app = await createGatewayApp(config, logs.logger);
  const gateway: StandInGateway = {
    app,
    simulator,
    standIn,
    apiToken,
    jwtSecret,
    logs: logs.lines,
    token({ sub = 'stand-in-user', ...claims } = {}) {
      return signToken(jwtSecret, { exp: nowSeconds() + 600, ...claims, sub: sub ?? undefined });
    },
    async run(token, document, variables) {
      const response = await graphql(app, document, variables, { authorization: bearer(token) });
      return response.body as ExecutionResult<never>;
    },
    async close() {
      await app.close();
      await standIn.close();
      await simulator.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return gateway;
}
