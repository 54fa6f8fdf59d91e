import { existsSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { createGatewayServer } from '../src/transport/server.js';
import { TEST_ENV } from './support/gateway.js';
import { silentLogger } from './support/logs.js';
import { freshDataDir } from './support/pglite.js';
import { runGateway } from './support/processes.js';

/**
 * Start-up that unwinds: each setting that makes the gateway refuse to start, through the real
 * start-up path. In process, what was opened before the failure is closed again (the embedded
 * simulator's port is free, the DATA_DIR lock is gone); as a process, it exits 1 saying why.
 */

const blockers: Server[] = [];
afterAll(async () => {
  await Promise.all(blockers.map((server) => new Promise((resolve) => server.close(resolve))));
});

/** A port something else listens on. */
async function takenPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  blockers.push(server);
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

/** A port nothing listens on (once free, again): where the simulator is asked to listen. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

/** Whether something accepts connections on `port`. */
function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createServer().listen(port, '127.0.0.1');
    socket.once('listening', () => socket.close(() => resolve(false)));
    socket.once('error', () => resolve(true));
  });
}

interface Failing {
  name: string;
  env: () => Promise<Record<string, string>> | Record<string, string>;
  message: RegExp;
}

const FAILING: Failing[] = [
  {
    name: 'a missing persisted-operations file',
    env: () => ({ PERSISTED_OPERATIONS_FILE: '/nonexistent/operations.json' }),
    message: /PERSISTED_OPERATIONS_FILE/,
  },
  {
    name: 'a malformed persisted-operations file',
    env: () => {
      const path = join(freshDataDir('rtk-startup-', { empty: true }), 'operations.json');
      writeFileSync(path, '{ not json');
      return { PERSISTED_OPERATIONS_FILE: path };
    },
    message: /PERSISTED_OPERATIONS_FILE/,
  },
  {
    name: 'a JWT public key that is not a key',
    env: () => ({ AUTH_MODE: 'jwt', AUTH_JWT_PUBLIC_KEY: 'not a pem' }),
    message: /public key|AUTH_JWT_PUBLIC_KEY/i,
  },
  {
    name: 'a Postgres nobody answers on',
    env: async () => ({ DATABASE_URL: `postgres://postgres@127.0.0.1:${await freePort()}/test` }),
    message: /could not open the postgres event store/i,
  },
  {
    name: 'a simulator port in use',
    env: async () => ({ SIMULATOR_PORT: String(await takenPort()) }),
    message: /EADDRINUSE|address already in use/i,
  },
  {
    name: 'a gateway port in use',
    env: async () => ({ PORT: String(await takenPort()) }),
    message: /EADDRINUSE|address already in use/i,
  },
];

describe.each(FAILING)('start-up refused by $name', ({ env, message }) => {
  it('closes what it opened before refusing', async () => {
    const dataDir = freshDataDir('rtk-startup-');
    const simulatorPort = await freePort();
    const settings = { SIMULATOR_PORT: String(simulatorPort), ...(await env()) };
    const server = createGatewayServer(
      loadConfig({ ...TEST_ENV, DATA_DIR: dataDir, ...settings }),
      { logger: silentLogger },
    );
    await expect(server.start()).rejects.toThrow(message);
    // Nothing left behind: the embedded simulator's port is free and the database unlocked.
    if (settings.SIMULATOR_PORT === String(simulatorPort)) {
      expect(await listening(simulatorPort)).toBe(false);
    }
    expect(existsSync(`${dataDir}.lock`)).toBe(false);
  });

  it('exits 1 as a process, saying why', async () => {
    const run = runGateway({
      ...TEST_ENV,
      DATA_DIR: freshDataDir('rtk-startup-'),
      ...(await env()),
    });
    expect(await run.exited).toBe(1);
    expect(run.output()).toMatch(message);
  });
});
