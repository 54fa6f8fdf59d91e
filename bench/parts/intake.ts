import { join } from 'node:path';
import { createTestDatabase } from '../../test/support/postgres.js';
import type { BenchContext, Server } from '../lib/context.js';
import { type LoadFigures, measureLoad, runLoad } from '../lib/load.js';
import { type Row, row } from '../lib/report.js';
import { intSetting, listSetting } from '../lib/settings.js';
import { micros, millis, perSecond } from '../lib/stats.js';
import { type Delivery, lifecycleDeliveries, WEBHOOK_PATH } from '../lib/webhooks.js';
import type { HttpSpec } from '../load/http-load.js';

/**
 * Intake: durable webhook acks per second at a fixed concurrency, and server CPU per ack, through
 * the gateway and through a thin intake (verify, one INSERT per delivery in its own transaction)
 * on the same kind of database: a fresh Postgres database each, or a fresh PGlite directory each.
 * A third server keeps the gateway's promises (order, dedupe, a decision on the recording's state)
 * the obvious way, one locked transaction per delivery (`bench/servers/ordered-intake.ts`), to
 * show what those promises cost without group commit. With Postgres the database's own processes
 * are not counted, for any server.
 */

type Kind = 'postgres' | 'pglite';
const KINDS: readonly Kind[] = ['postgres', 'pglite'];

const asSpecs = (deliveries: Delivery[]): HttpSpec[] =>
  deliveries.map((delivery) => ({
    method: 'POST',
    path: WEBHOOK_PATH,
    headers: delivery.headers,
    body: delivery.body,
  }));

/** Fresh storage for one server: a database URL or a PGlite directory, and how to remove it. */
async function freshStorage(context: BenchContext, kind: Kind, name: string) {
  if (kind === 'pglite')
    return { url: undefined, dir: join(context.dir, name), drop: async () => {} };
  const database = await createTestDatabase();
  return { url: database.url, dir: undefined, drop: database.drop };
}

async function measure(
  context: BenchContext,
  server: Server,
  specs: { warm: HttpSpec[]; measured: HttpSpec[] },
): Promise<LoadFigures> {
  const loader = context.fork('http-load', 'bench/load/http-load.ts');
  const concurrency = intSetting('BENCH_INTAKE_CONCURRENCY');
  try {
    // Warm up on deliveries of other recordings, then measure each delivery once.
    await runLoad(loader, server, specs.warm, specs.warm.length, concurrency);
    return await measureLoad(loader, server, specs.measured, {
      total: specs.measured.length,
      concurrency,
    });
  } finally {
    await loader.stop();
  }
}

/** Starts a baseline intake on fresh storage, measures it, stops it and drops the storage. */
async function measureBaseline(
  context: BenchContext,
  kind: Kind,
  specs: Parameters<typeof measure>[2],
  name: string,
): Promise<LoadFigures> {
  const storage = await freshStorage(context, kind, `${name}-data`);
  try {
    const server = await context.startBaseline(`${name}-${kind}`, `bench/servers/${name}.ts`, {
      BENCH_WEBHOOK_PUBLIC_KEY: context.key.publicKeyPem,
      ...(storage.url ? { BENCH_DATABASE_URL: storage.url } : {}),
      ...(storage.dir ? { BENCH_DATA_DIR: storage.dir } : {}),
    });
    return await measure(context, server, specs).finally(() => server.proc.stop());
  } finally {
    await storage.drop();
  }
}

async function compare(context: BenchContext, kind: Kind, specs: Parameters<typeof measure>[2]) {
  const baseline = await measureBaseline(context, kind, specs, 'thin-intake');
  const ordered = await measureBaseline(context, kind, specs, 'ordered-intake');
  const storage = await freshStorage(context, kind, 'gateway-intake-data');
  try {
    const gateway = await context.startGateway(`gateway-intake-${kind}`, {
      ...(storage.url ? { DATABASE_URL: storage.url } : {}),
      ...(storage.dir ? { DATA_DIR: storage.dir } : {}),
    });
    const project = await measure(context, gateway, specs).finally(() => gateway.proc.stop());
    return { project, baseline, ordered };
  } finally {
    await storage.drop();
  }
}

function rows(
  kind: Kind,
  { project, baseline, ordered }: Record<'project' | 'baseline' | 'ordered', LoadFigures>,
): Row[] {
  const concurrency = intSetting('BENCH_INTAKE_CONCURRENCY');
  const on = kind === 'postgres' ? 'on Postgres' : 'on the embedded PGlite';
  return [
    row(
      `durable webhook acks/s at concurrency ${concurrency}, ${on}`,
      {
        project: perSecond(project.perSecond),
        baseline: `thin intake ${perSecond(baseline.perSecond)}`,
        ratio: project.perSecond / baseline.perSecond,
      },
      kind === 'postgres'
        ? { min: 1, label: '≥ 1× the rate' }
        : { min: 0.5, label: '≥ 0.5× the rate' },
    ),
    row(
      `same, server CPU per ack`,
      {
        project: micros(project.cpuPerRequestMicros),
        baseline: micros(baseline.cpuPerRequestMicros),
        ratio: project.cpuPerRequestMicros / baseline.cpuPerRequestMicros,
      },
      kind === 'postgres' ? { max: 2, label: '≤ 2× the CPU' } : undefined,
    ),
    row(`same, ack latency p50 / p99`, {
      project: `${millis(project.p50Ms)} / ${millis(project.p99Ms)}`,
      baseline: `${millis(baseline.p50Ms)} / ${millis(baseline.p99Ms)}`,
      ratio: project.p99Ms / baseline.p99Ms,
    }),
    row('same, acks/s against an ordered intake (the same promises, a transaction per delivery)', {
      project: perSecond(project.perSecond),
      baseline: `ordered intake ${perSecond(ordered.perSecond)}, ${micros(
        ordered.cpuPerRequestMicros,
      )} CPU per ack`,
      ratio: project.perSecond / ordered.perSecond,
    }),
  ];
}

export async function intakePart(context: BenchContext): Promise<Row[]> {
  const kinds = listSetting('BENCH_INTAKE_DATABASES', KINDS) as Kind[];
  const { appId } = await context.upstream();
  const perRecording = 4;
  const specs = {
    warm: asSpecs(
      lifecycleDeliveries(
        context.key,
        appId,
        Math.ceil(intSetting('BENCH_INTAKE_WARMUP') / perRecording),
      ),
    ),
    measured: asSpecs(
      lifecycleDeliveries(
        context.key,
        appId,
        Math.ceil(intSetting('BENCH_INTAKE_DELIVERIES') / perRecording),
      ),
    ),
  };
  const result: Row[] = [];
  for (const kind of kinds) {
    result.push(...rows(kind, await compare(context, kind, specs)));
  }
  return result;
}
