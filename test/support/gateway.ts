import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import type { ExecutionResult } from 'graphql';
import { afterAll } from 'vitest';
import { createGatewayApp, type GatewayApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import type { Logger } from '../../src/logger.js';
import { createGatewayServer, type GatewayServer } from '../../src/transport/server.js';
import { graphql } from './http.js';
import { noteSecret, suiteLogger } from './logs.js';
import { freshDataDir } from './pglite.js';

/** Test settings: a fast simulator and a quiet logger, on any free port. */
export const TEST_ENV = {
  PORT: '0',
  LOG_LEVEL: 'silent',
  SIMULATOR_TIME_SCALE: '0.01',
  UPSTREAM_TIMEOUT_MS: '2000',
  UPSTREAM_MAX_RETRY_WAIT_MS: '1500',
  // Suites run many mutations and queries from one address; the limiters have their own tests.
  MUTATIONS_PER_MINUTE: '100000',
  QUERY_UPSTREAM_CALLS_PER_MINUTE: '100000',
};

// Their home is logs.ts; tests of other files import them from here.
export { noteSecret, suiteLogger };

/** Settings for a gateway of the suite: a fresh `DATA_DIR` (a migrated copy), `TEST_ENV`, `env`. */
function testEnv(env: Record<string, string>): Record<string, string> {
  noteSecret(
    ...['CLOUDFLARE_API_TOKEN', 'AUTH_JWT_SECRET', 'DATABASE_URL', 'METRICS_TOKEN'].flatMap(
      (name) => (env[name] ? [env[name]] : []),
    ),
  );
  // A gateway on Postgres never opens its DATA_DIR: no copy for it.
  return { ...TEST_ENV, ...(env.DATABASE_URL ? {} : { DATA_DIR: freshDataDir() }), ...env };
}

/** The gateway's parts in process, over a real simulator; close it in afterAll. */
export async function startTestApp(env: Record<string, string> = {}): Promise<GatewayApp> {
  const app = await createGatewayApp(loadConfig(testEnv(env)), suiteLogger());
  noteSecret(app.upstream.apiToken);
  return app;
}

/** A listening gateway on port 0; stop it in afterAll. */
export async function startTestServer(
  env: Record<string, string> = {},
  logger = suiteLogger(),
): Promise<GatewayServer> {
  const server = createGatewayServer(loadConfig(testEnv(env)), { logger });
  await server.start();
  noteSecret(server.app.upstream.apiToken);
  return server;
}

/** Starts listening gateways (as `startTestServer`), each stopped when the test file ends. */
export function gatewayPool() {
  const servers: GatewayServer[] = [];
  afterAll(async () => {
    await Promise.all(servers.splice(0).map((server) => server.stop()));
  });
  return async (env: Record<string, string> = {}, logger?: Logger): Promise<GatewayServer> => {
    const server = await startTestServer(env, logger);
    servers.push(server);
    return server;
  };
}

/** Runs a typed operation through yoga in process, over HTTP semantics, without a socket. */
export async function execute<Result, Variables>(
  app: Pick<GatewayApp, 'yoga'>,
  document: TypedDocumentNode<Result, Variables>,
  ...[variables]: NoInfer<Variables extends Record<string, never> ? [] : [Variables]>
): Promise<ExecutionResult<Result>> {
  const response = await graphql(app, document, variables as Variables);
  return response.body as ExecutionResult<Result>;
}

/** A promise with its resolve and reject in hand. */
export function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (reason: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}
