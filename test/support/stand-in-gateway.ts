import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { type ExecutionResult, print } from 'graphql';
import { SignJWT } from 'jose';
import { createGatewayApp, type GatewayApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { type Simulator, startSimulator } from '../../src/simulator/index.js';
import { noteSecret, TEST_ENV } from './gateway.js';
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
  const dataDir = mkdtempSync(join(tmpdir(), 'rtk-stand-in-'));
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      logs.push(String(chunk));
      done();
    },
  });
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
  const app = await createGatewayApp(config, createLogger({ level: 'debug' }, sink));
  const gateway: StandInGateway = {
    app,
    simulator,
    standIn,
    apiToken,
    jwtSecret,
    logs,
    async token(claims = {}) {
      const { sub = 'stand-in-user', ...rest } = claims;
      const jwt = new SignJWT({ scope: 'recordings:read recordings:write', ...rest })
        .setProtectedHeader({ alg: 'HS256' })
        .setExpirationTime('10m');
      if (sub !== null) jwt.setSubject(sub);
      return jwt.sign(new TextEncoder().encode(jwtSecret));
    },
    async run(token, document, variables) {
      const response = await app.yoga.fetch('http://gateway.test/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query: print(document), variables }),
      });
      return (await response.json()) as ExecutionResult<never>;
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
