import { join } from 'node:path';
import type { BenchContext } from '../lib/context.js';
import { freePort, waitForOk } from '../lib/http.js';
import { spawnGateway } from '../lib/processes.js';
import { type Row, row } from '../lib/report.js';
import { intSetting } from '../lib/settings.js';
import { median, seconds } from '../lib/stats.js';

/**
 * Start-up: from spawning what `npm start` runs to `/healthz` answering 200, as a fresh clone
 * starts (simulator mode, the embedded database), on a fresh DATA_DIR and again on the one the
 * first start left behind.
 */

/** Settings of the caller's environment that would change what a plain `npm start` does. */
const CLEARED = [
  'CLOUDFLARE_API_TOKEN',
  'CLOUDFLARE_ACCOUNT_ID',
  'REALTIMEKIT_APP_ID',
  'CLOUDFLARE_BASE_URL',
  'DATABASE_URL',
  'REDIS_URL',
  'NODE_ENV',
  'AUTH_MODE',
];

async function timeStart(context: BenchContext, name: string, dataDir: string): Promise<number> {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const setting of CLEARED) delete env[setting];
  const port = await freePort();
  const started = performance.now();
  const proc = spawnGateway(
    { ...env, HOST: '127.0.0.1', PORT: String(port), DATA_DIR: dataDir },
    join(context.dir, `${name}.log`),
  );
  try {
    await waitForOk(`http://127.0.0.1:${port}/healthz`, proc.exited);
    return performance.now() - started;
  } finally {
    // A clean stop, so the next start finds the directory as a shut-down gateway leaves it.
    await proc.stop();
  }
}

export async function startupPart(context: BenchContext): Promise<Row[]> {
  const fresh: number[] = [];
  const existing: number[] = [];
  for (let run = 0; run < intSetting('BENCH_STARTUP_RUNS'); run += 1) {
    const dataDir = join(context.dir, `startup-${run}-data`);
    fresh.push(await timeStart(context, `startup-${run}-fresh`, dataDir));
    existing.push(await timeStart(context, `startup-${run}-existing`, dataDir));
  }
  const figures = (times: number[]) =>
    `${seconds(median(times))} (${times.map((ms) => (ms / 1000).toFixed(1)).join(', ')})`;
  return [
    row(
      'start-up to `/healthz` 200, fresh `DATA_DIR` (median, each run)',
      { project: figures(fresh), value: median(fresh) },
      { max: 4000, label: '≤ 4 s' },
    ),
    row(
      'start-up to `/healthz` 200, existing `DATA_DIR` (median, each run)',
      { project: figures(existing), value: median(existing) },
      { max: 2000, label: '≤ 2 s' },
    ),
  ];
}
