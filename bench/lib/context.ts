import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, waitForOk } from './http.js';
import { nextMessage } from './ipc.js';
import { forkScript, type Proc, spawnGateway } from './processes.js';
import { textSetting } from './settings.js';
import { createSigningKey, type SigningKey } from './webhooks.js';

/** The simulator process every part's gateway and baselines talk to, and who they are there. */
export interface Upstream {
  baseUrl: string;
  apiToken: string;
  accountId: string;
  appId: string;
}

/** A server the bench started: its process (whose CPU and RSS are measured) and its origin. */
export interface Server {
  proc: Proc;
  origin: string;
}

/** What the parts share during one run: a scratch directory, the webhook key, the upstream. */
export interface BenchContext {
  readonly dir: string;
  readonly key: SigningKey;
  upstream(): Promise<Upstream>;
  /** The gateway as `npm start` runs it, in Cloudflare mode against the upstream. */
  startGateway(name: string, env?: Record<string, string>): Promise<Server>;
  /** A baseline server from bench/servers/. */
  startBaseline(name: string, script: string, env: Record<string, string>): Promise<Server>;
  /** A helper process (load generator, subscribers) from bench/load/. */
  fork(name: string, script: string): Proc;
  close(failed: boolean): Promise<void>;
}

/** Settings the bench decides for the gateway; nothing else is taken from the caller's environment. */
const OWNED = ['DATABASE_URL', 'REDIS_URL', 'PORT', 'HOST', 'DATA_DIR', 'CLOUDFLARE_BASE_URL'];

/** Creates the run's context; `close()` stops whatever it started. */
export function createBenchContext(): BenchContext {
  const dir = mkdtempSync(join(tmpdir(), 'rtk-bench-'));
  const key = createSigningKey();
  const started: Proc[] = [];
  let upstream: Promise<Upstream> | undefined;
  const log = (name: string) => join(dir, `${name}.log`);
  const fork = (name: string, script: string, env: NodeJS.ProcessEnv = process.env) => {
    const proc = forkScript(script, env, log(name));
    started.push(proc);
    return proc;
  };

  async function startUpstream(): Promise<Upstream> {
    const proc = fork('simulator', 'bench/servers/simulator.ts');
    const { baseUrl } = await nextMessage<{ type: 'ready'; baseUrl: string }>(proc.child, 'ready');
    return {
      baseUrl,
      apiToken: randomBytes(24).toString('hex'),
      accountId: randomBytes(16).toString('hex'),
      appId: randomUUID(),
    };
  }

  const shared = () => {
    upstream ??= startUpstream();
    return upstream;
  };

  return {
    dir,
    key,
    upstream: shared,
    async startGateway(name, env = {}) {
      const { baseUrl, apiToken, accountId, appId } = await shared();
      const port = await freePort();
      const inherited = { ...process.env };
      for (const owned of OWNED) delete inherited[owned];
      const proc = spawnGateway(
        {
          ...inherited,
          NODE_ENV: 'production',
          HOST: '127.0.0.1',
          PORT: String(port),
          LOG_LEVEL: textSetting('BENCH_LOG_LEVEL'),
          DATA_DIR: join(dir, `${name}-data`),
          CLOUDFLARE_API_TOKEN: apiToken,
          CLOUDFLARE_ACCOUNT_ID: accountId,
          REALTIMEKIT_APP_ID: appId,
          CLOUDFLARE_BASE_URL: baseUrl,
          AUTH_MODE: 'none',
          REALTIMEKIT_WEBHOOK_PUBLIC_KEY: key.publicKeyPem,
          // Deliveries are never confirmed upstream and nothing is reconciled: no upstream calls.
          RECONCILE_BUDGET_PER_MINUTE: '0',
          // Every bench client is the same anonymous viewer from one address; the per-client
          // subscription limit is for real clients, not for a stand-in of ten thousand viewers.
          SUBSCRIPTIONS_PER_CLIENT: '1000000',
          // Likewise its query load: the per-client budget of upstream calls is not what is measured.
          QUERY_UPSTREAM_CALLS_PER_MINUTE: '1000000',
          ...env,
        },
        log(name),
      );
      started.push(proc);
      const origin = `http://127.0.0.1:${port}`;
      await waitForOk(`${origin}/healthz`, proc.exited);
      return { proc, origin };
    },
    async startBaseline(name, script, env) {
      const proc = fork(name, script, { ...process.env, ...env });
      const { port } = await nextMessage<{ type: 'ready'; port: number }>(proc.child, 'ready');
      return { proc, origin: `http://127.0.0.1:${port}` };
    },
    fork: (name, script) => fork(name, script),
    async close(failed) {
      await Promise.all(started.map((proc) => proc.stop()));
      if (failed || textSetting('BENCH_KEEP') === '1') {
        console.log(`logs and data kept in ${dir}`);
      } else {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
