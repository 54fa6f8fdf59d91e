import { type ChildProcess, spawn } from 'node:child_process';
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll } from 'vitest';
import { noteSecret } from './logs.js';
import { freshDataDir } from './pglite.js';
import { scaled } from './time.js';

/**
 * The gateway (or a script) as a real child process, as `npm start` runs it. Children still
 * running after the test file are killed. Their output also goes to the suite's output, so the
 * secret scan at the end of the run searches it too.
 */

const STARTUP_CEILING_MS = scaled(120_000);
const children = new Set<ChildProcess>();
afterAll(() => {
  for (const child of children) child.kill('SIGKILL');
  children.clear();
});

export interface ChildRun {
  readonly child: ChildProcess;
  /** Lines of stdout and stderr, in arrival order. */
  readonly lines: string[];
  /** Everything written so far. */
  output(): string;
  /** The exit code (null when killed by a signal). */
  readonly exited: Promise<number | null>;
  /**
   * The first JSON log line whose `msg` contains `msg`, parsed. Rejects, with the output so far,
   * when the process exits first or `ceilingMs` passes.
   */
  waitForLog(msg: string, ceilingMs?: number): Promise<Record<string, unknown>>;
  /** Sends `signal` and resolves with the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** Runs `node --import tsx <script>` with only `PATH` and `env` in its environment. */
export function runScript(script: string, env: Record<string, string>): ChildRun {
  return runNode(['--import', 'tsx', script], env);
}

/**
 * Runs the built gateway, `node --enable-source-maps dist/main.js`, as `npm start` does (the
 * processes project builds it first: test/support/build.ts).
 */
export function runGateway(env: Record<string, string>): ChildRun {
  return runNode(['--enable-source-maps', 'dist/main.js'], env);
}

function runNode(args: string[], env: Record<string, string>): ChildRun {
  const child = spawn(process.execPath, args, {
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  noteSecret(...['CLOUDFLARE_API_TOKEN', 'AUTH_JWT_SECRET'].flatMap((name) => env[name] ?? []));
  const suite = process.env.RTK_SUITE_OUTPUT_DIR;
  const lines: string[] = [];
  const waiters = new Set<() => void>();
  let done = false;
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => {
      children.delete(child);
      done = true;
      for (const wake of [...waiters]) wake();
      resolve(code);
    }),
  );
  for (const stream of [child.stdout, child.stderr]) {
    createInterface({ input: stream }).on('line', (line) => {
      lines.push(line);
      if (suite) appendFileSync(join(suite, `logs-${process.pid}.jsonl`), `${line}\n`);
      for (const wake of [...waiters]) wake();
    });
  }
  const output = () => lines.join('\n');
  return {
    child,
    lines,
    output,
    exited,
    waitForLog(msg, ceilingMs = STARTUP_CEILING_MS) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => finish(`not within ${ceilingMs} ms`), ceilingMs);
        const finish = (why?: string) => {
          clearTimeout(timer);
          waiters.delete(check);
          if (why) reject(new Error(`never logged "${msg}" (${why}):\n${output()}`));
        };
        const check = () => {
          const line = lines.find((candidate) => candidate.includes(msg));
          if (line !== undefined) {
            finish();
            resolve(JSON.parse(line) as Record<string, unknown>);
          } else if (done) finish('the process exited');
        };
        waiters.add(check);
        check();
      });
    },
    stop(signal = 'SIGTERM') {
      child.kill(signal);
      return exited;
    },
  };
}

/** A gateway process that has logged it is listening, and its base URL (`http://host:port`). */
export interface GatewayProcess extends ChildRun {
  readonly url: string;
  /** The gateway's `DATA_DIR`. */
  readonly dataDir: string;
}

/**
 * Starts the compiled gateway on port 0 with `env` and waits for its listening line. The
 * `DATA_DIR` is a fresh copy of the migrated template unless `env` names one.
 */
export async function startGatewayProcess(
  env: Record<string, string> = {},
): Promise<GatewayProcess> {
  const dataDir = env.DATA_DIR ?? freshDataDir('rtk-process-');
  const run = runGateway({ PORT: '0', DATA_DIR: dataDir, ...env });
  const listening = await run.waitForLog('rtk-gateway listening');
  return { ...run, url: String(listening.url).replace(/\/graphql$/, ''), dataDir };
}
