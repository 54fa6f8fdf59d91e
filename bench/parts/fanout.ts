import { readFileSync } from 'node:fs';
import type { BenchContext } from '../lib/context.js';
import { driveFanout, type FanoutFigures } from '../lib/fanout-drive.js';
import { gcHookEnv } from '../lib/proc-stats.js';
import { type Row, row } from '../lib/report.js';
import { intSetting, listSetting } from '../lib/settings.js';
import { int, kib, micros, millis, times } from '../lib/stats.js';

/**
 * Fan-out: N subscribers of one dashboard (same operation, same variables), then signed webhooks
 * one at a time, each sent once every subscriber has the one before. Per delivered message: the
 * server's CPU, and the time from the webhook's POST to each client's receipt; and the server's
 * memory held per subscribed connection (RSS less free JS heap, see heldMemory). Against a raw
 * `ws` broadcast of a message as large as the gateway's, and against bare graphql-ws (the chosen
 * stack built the obvious way, `bench/servers/bare-graphql-ws.ts`), which tells the stack's share
 * of the gateway's figures from the gateway's own.
 */

/**
 * A memory ratio, or NaN (no verdict) when either server did not grow: a figure at or below zero
 * is a reading that failed (see gcHookEnv for the one cause found), not a server that holds
 * nothing.
 */
const memoryRatio = (project: FanoutFigures, baseline: FanoutFigures) =>
  project.memoryPerConnection > 0 && baseline.memoryPerConnection > 0
    ? project.memoryPerConnection / baseline.memoryPerConnection
    : Number.NaN;

function rows(
  count: number,
  project: FanoutFigures,
  raw: FanoutFigures,
  stack: FanoutFigures,
): Row[] {
  const events = intSetting('BENCH_FANOUT_EVENTS');
  const latency = (figures: FanoutFigures) =>
    `${millis(figures.p50Ms)} / ${millis(figures.p99Ms)}`.replace(' ms /', ' /');
  return [
    row(
      `fan-out, ${int(count)} graphql-ws subscribers × ${events} webhooks, CPU per delivered message`,
      {
        project: micros(project.cpuPerMessageMicros),
        baseline: `raw \`ws\` broadcast ${micros(raw.cpuPerMessageMicros)}`,
        ratio: project.cpuPerMessageMicros / raw.cpuPerMessageMicros,
      },
      { max: 2, label: '≤ 2×' },
    ),
    row(
      `same, webhook → delivery p50 / p99`,
      { project: latency(project), baseline: latency(raw), ratio: project.p99Ms / raw.p99Ms },
      { max: 1.5, label: 'p99 ≤ 1.5×' },
    ),
    row(
      `same, memory held per subscribed connection (${int(project.bytesPerMessage)}-byte messages)`,
      {
        project: kib(project.memoryPerConnection),
        baseline: kib(raw.memoryPerConnection),
        ratio: memoryRatio(project, raw),
      },
      { max: 1.5, label: '≤ 1.5×' },
    ),
    row('same, CPU per delivered message against bare graphql-ws (one execution per subscriber)', {
      project: micros(project.cpuPerMessageMicros),
      baseline: `bare graphql-ws ${micros(stack.cpuPerMessageMicros)} (${times(
        stack.cpuPerMessageMicros / raw.cpuPerMessageMicros,
      )} raw)`,
      ratio: project.cpuPerMessageMicros / stack.cpuPerMessageMicros,
    }),
    row('same, memory held per subscribed connection against bare graphql-ws', {
      project: kib(project.memoryPerConnection),
      baseline: `bare graphql-ws ${kib(stack.memoryPerConnection)} (${times(memoryRatio(stack, raw))} raw)`,
      ratio: memoryRatio(project, stack),
    }),
  ];
}

/**
 * Each server holds one descriptor per subscriber, each client process its share. Node raises its
 * own soft limit to the hard one, so the hard limit is what must be high enough.
 */
function checkFileLimit(subscribers: number): void {
  const limits = readFileSync('/proc/self/limits', 'utf8');
  const hard = /^Max open files\s+\S+\s+(\S+)/m.exec(limits)?.[1];
  const needed = subscribers + 1_000;
  if (hard !== undefined && hard !== 'unlimited' && Number(hard) < needed) {
    throw new Error(
      `fan-out to ${subscribers} subscribers needs ${needed} open files per process; the hard limit is ${hard}: raise it (as root: ulimit -Hn ${needed}) and run again`,
    );
  }
}

export async function fanoutPart(context: BenchContext): Promise<Row[]> {
  const counts = listSetting('BENCH_FANOUT_SUBSCRIBERS').map(Number);
  if (counts.some((count) => !Number.isSafeInteger(count) || count < 1)) {
    throw new Error('BENCH_FANOUT_SUBSCRIBERS must list positive integers');
  }
  checkFileLimit(Math.max(...counts));
  const result: Row[] = [];
  for (const count of counts) {
    const gateway = await context.startGateway(`gateway-fanout-${count}`, {
      ...gcHookEnv(),
    });
    const project = await driveFanout(context, gateway, 'graphql-ws', count).finally(() =>
      gateway.proc.stop(),
    );
    // The baseline's message is as large as the gateway's, whatever the gateway sends.
    const broadcast = await context.startBaseline(
      `ws-broadcast-${count}`,
      'bench/servers/ws-broadcast.ts',
      {
        BENCH_WEBHOOK_PUBLIC_KEY: context.key.publicKeyPem,
        BENCH_PAYLOAD_BYTES: String(Math.round(project.bytesPerMessage)),
        ...gcHookEnv(),
      },
    );
    const raw = await driveFanout(context, broadcast, 'raw', count).finally(() =>
      broadcast.proc.stop(),
    );
    const bare = await context.startBaseline(
      `bare-graphql-ws-${count}`,
      'bench/servers/bare-graphql-ws.ts',
      { BENCH_WEBHOOK_PUBLIC_KEY: context.key.publicKeyPem, ...gcHookEnv() },
    );
    const stack = await driveFanout(context, bare, 'graphql-ws', count).finally(() =>
      bare.proc.stop(),
    );
    result.push(...rows(count, project, raw, stack));
  }
  return result;
}
