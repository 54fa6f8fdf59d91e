import { randomBytes } from 'node:crypto';
import { userInfo } from 'node:os';
import pg from 'pg';
import { startTcpProxy, type TcpProxy } from './tcp-proxy.js';

const HOST = '127.0.0.1';
const PORT = 5432;
const START_HINT =
  'start it with: pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start';

let workingUser: Promise<string> | undefined;

function adminUrl(user: string): string {
  return `postgres://${encodeURIComponent(user)}@${HOST}:${PORT}/test`;
}

async function withAdmin<T>(user: string, run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({
    connectionString: adminUrl(user),
    connectionTimeoutMillis: 5_000,
  });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

/** The first of `postgres` and the OS user that may create databases over trust auth. */
function findUser(): Promise<string> {
  workingUser ??= (async () => {
    const failures: string[] = [];
    for (const user of new Set(['postgres', userInfo().username])) {
      try {
        await withAdmin(user, (client) => client.query('select 1'));
        return user;
      } catch (error) {
        failures.push(`${user}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    workingUser = undefined;
    throw new Error(
      `Postgres at ${HOST}:${PORT} is not reachable (${failures.join('; ')}); ${START_HINT}`,
    );
  })();
  return workingUser;
}

/**
 * Creates an empty, uniquely named database on the local Postgres (127.0.0.1:5432, trust auth) and
 * returns its URL and a `drop()` that removes it. Throws, so tests fail rather than skip, when
 * Postgres is down.
 */
export async function createTestDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const user = await findUser();
  const name = `rtk_test_${randomBytes(6).toString('hex')}`;
  await withAdmin(user, (client) =>
    client.query(`create database ${client.escapeIdentifier(name)}`),
  );
  let dropped = false;
  return {
    url: `postgres://${encodeURIComponent(user)}@${HOST}:${PORT}/${name}`,
    async drop() {
      if (dropped) return;
      dropped = true;
      await withAdmin(user, (client) =>
        client.query(`drop database if exists ${client.escapeIdentifier(name)} with (force)`),
      );
    },
  };
}

/** A TCP proxy to the local Postgres that a test can take down and bring back on the same port. */
export function startPostgresProxy(): Promise<TcpProxy> {
  return startTcpProxy(PORT);
}

/**
 * A fresh test database reached through a proxy the test can take down: `url` goes through the
 * proxy. `cleanup` stops the proxy and drops the database.
 */
export async function createProxiedTestDatabase(): Promise<{
  url: string;
  proxy: TcpProxy;
  cleanup(): Promise<void>;
}> {
  const target = await createTestDatabase();
  const proxy = await startPostgresProxy();
  const url = new URL(target.url);
  url.host = `127.0.0.1:${proxy.port}`;
  return {
    url: url.toString(),
    proxy,
    async cleanup() {
      await proxy.stop();
      await target.drop();
    },
  };
}
