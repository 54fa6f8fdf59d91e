import {
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  realpathSync,
  rmSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
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

/** Resident memory of one process, in bytes (0 once it has exited). */
function processRss(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    return Number(/^VmRSS:\s+(\d+) kB$/m.exec(status)?.[1] ?? 0) * 1024;
  } catch {
    return 0;
  }
}

/** Resident memory of `root` and its descendants, in bytes. */
export function rssBytes(root: number): number {
  return processTree(root).reduce((sum, pid) => sum + processRss(pid), 0);
}

/** Starts a CPU meter on a server process; `stop()` returns the µs used since. */
export function cpuMeter(root: number): { stop(): number } {
  const start = cpuMicros(root);
  return { stop: () => cpuMicros(root) - start };
}

const GC_HOOK = join(ROOT, 'bench', 'lib', 'gc-on-signal.cjs');
/** Where hooked servers write what they hold (see gc-on-signal.cjs). */
const MEMORY_DIR = mkdtempSync(join(tmpdir(), 'rtk-bench-memory-'));
process.once('exit', () => rmSync(MEMORY_DIR, { recursive: true, force: true }));

/**
 * Environment for a server whose memory is read: `collectGarbage` can then reach it, and glibc
 * keeps one malloc arena. With an arena per thread, memory freed by V8's background threads
 * (compiling the embedded database's WebAssembly, for one) stays resident in their arenas until
 * glibc trims them at a moment of its own: the gateway on PGlite then held ~45 MB more at one
 * reading than at the next, and 1,000 more sockets read as -25 to -30 KB each. With one arena
 * three runs in a row read 7.1 to 7.6 KB. Every server whose memory is read runs alike.
 */
export function gcHookEnv(existing = process.env.NODE_OPTIONS ?? ''): Record<string, string> {
  return {
    NODE_OPTIONS: `${existing} --expose-gc --require ${GC_HOOK}`.trim(),
    BENCH_MEMORY_DIR: MEMORY_DIR,
    MALLOC_ARENA_MAX: '1',
  };
}

const NODE = realpathSync(process.execPath);

/**
 * Whether `pid` is a Node process that preloaded the hook. Its environment alone is not enough:
 * tsx's esbuild service (a Go program) inherits NODE_OPTIONS too, and a SIGUSR2 kills it instead
 * of getting a report.
 */
function hooked(pid: number): boolean {
  try {
    return (
      readlinkSync(`/proc/${pid}/exe`) === NODE &&
      readFileSync(`/proc/${pid}/environ`, 'utf8').includes(GC_HOOK)
    );
  } catch {
    return false; // exited meanwhile
  }
}

/** Asks every process of the tree that loaded the hook (and only those) for a full collection. */
function collectGarbage(root: number): number[] {
  const asked = processTree(root).filter(hooked);
  for (const pid of asked) process.kill(pid, 'SIGUSR2');
  return asked;
}

const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[values.length >> 1] as number;

/**
 * One reading of what the tree holds after a full garbage collection: RSS less the JS heap that is
 * resident but free, as the median of five readings over a second. Free heap is left out because it measures
 * recent load, not what is kept: a young generation grown while thousands of sockets connected
 * stays committed for a while, and read as RSS it made a server's memory per connection swing
 * from run to run by more than the figure itself. Processes without the hook count their RSS.
 */
async function heldOnce(root: number): Promise<number> {
  const report = (pid: number) => join(MEMORY_DIR, `${pid}.json`);
  const tree = processTree(root);
  for (const pid of tree) rmSync(report(pid), { force: true });
  const asked = new Set(collectGarbage(root));
  let held = 0;
  for (const pid of tree) {
    if (!asked.has(pid)) {
      held += processRss(pid);
      continue;
    }
    // A collection of a large heap on a busy machine takes a while: wait for the report itself.
    const deadline = Date.now() + 60_000;
    while (!existsSync(report(pid))) {
      if (Date.now() > deadline) throw new Error(`process ${pid} wrote no memory report`);
      await sleep(100);
    }
    const samples: Array<{ rss: number; heapFree: number }> = JSON.parse(
      readFileSync(report(pid), 'utf8'),
    );
    held += median(samples.map(({ rss, heapFree }) => rss - heapFree));
  }
  return held;
}

const MIB = 1024 * 1024;

/**
 * What the tree holds once it has settled: readings (see heldOnce) until two in a row agree
 * within 1 MiB. A server fresh from start-up still returns memory to the system for some seconds
 * (tens of MiB at once), which read as "before" made a run's figure per connection negative.
 */
export async function heldMemory(root: number): Promise<number> {
  let previous = await heldOnce(root);
  for (let reading = 0; reading < 30; reading += 1) {
    const current = await heldOnce(root);
    if (Math.abs(current - previous) < MIB) return current;
    previous = current;
  }
  throw new Error('memory held did not settle within 30 readings');
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
