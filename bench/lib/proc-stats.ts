import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { ROOT } from './processes.js';

/**
 * CPU and memory of a server as the kernel counts them (/proc, so Linux only), summed over the
 * process and its descendants: the gateway may run under a wrapper (tsx) or spread over workers.
 * The load generators are separate processes, so their work never counts.
 */

/** USER_HZ is 100 on every Linux architecture Node supports. */
const MICROS_PER_TICK = 10_000;

interface Stat {
  ppid: number;
  ticks: number;
}

function readStat(pid: number): Stat | null {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return null;
  }
  // The command name may hold spaces and parentheses; the fields after its last ')' do not.
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  // Fields 4 (ppid), 14 (utime) and 15 (stime) of proc(5), counted from field 3 here.
  return { ppid: Number(fields[1]), ticks: Number(fields[11]) + Number(fields[12]) };
}

/** `root` and every process below it. */
export function processTree(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    const pid = Number(entry);
    if (!Number.isInteger(pid)) continue;
    const stat = readStat(pid);
    if (stat === null) continue;
    const siblings = children.get(stat.ppid) ?? [];
    siblings.push(pid);
    children.set(stat.ppid, siblings);
  }
  const tree = [root];
  for (let index = 0; index < tree.length; index += 1) {
    tree.push(...(children.get(tree[index] as number) ?? []));
  }
  return tree;
}

/** User + system CPU time used so far by `root` and its descendants, in µs. */
export function cpuMicros(root: number): number {
  let ticks = 0;
  for (const pid of processTree(root)) ticks += readStat(pid)?.ticks ?? 0;
  return ticks * MICROS_PER_TICK;
}

/** Resident memory of `root` and its descendants, in bytes. */
export function rssBytes(root: number): number {
  let kib = 0;
  for (const pid of processTree(root)) {
    try {
      const status = readFileSync(`/proc/${pid}/status`, 'utf8');
      kib += Number(/^VmRSS:\s+(\d+) kB$/m.exec(status)?.[1] ?? 0);
    } catch {
      // exited meanwhile
    }
  }
  return kib * 1024;
}

/** Starts a CPU meter on a server process; `stop()` returns the µs used since. */
export function cpuMeter(root: number): { stop(): number } {
  const start = cpuMicros(root);
  return { stop: () => cpuMicros(root) - start };
}

const GC_HOOK = join(ROOT, 'bench', 'lib', 'gc-on-signal.cjs');

/** NODE_OPTIONS for a server whose memory is read: `collectGarbage` can then reach it. */
export function gcHookOptions(existing = process.env.NODE_OPTIONS ?? ''): string {
  return `${existing} --expose-gc --require ${GC_HOOK}`.trim();
}

/** Asks every process of the tree that loaded the hook (and only those) for a full collection. */
function collectGarbage(root: number): void {
  for (const pid of processTree(root)) {
    try {
      if (readFileSync(`/proc/${pid}/environ`, 'utf8').includes(GC_HOOK)) {
        process.kill(pid, 'SIGUSR2');
      }
    } catch {
      // exited meanwhile
    }
  }
}

/**
 * The tree's RSS after a full garbage collection, as the median of five readings over a second
 * (the collector returns memory to the system in the background).
 */
export async function settledRss(root: number): Promise<number> {
  collectGarbage(root);
  const readings: number[] = [];
  for (let index = 0; index < 5; index += 1) {
    await sleep(250);
    readings.push(rssBytes(root));
  }
  readings.sort((a, b) => a - b);
  return readings[2] as number;
}
