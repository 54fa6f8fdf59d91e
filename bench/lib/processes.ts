import { type ChildProcess, fork, spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { delimiter, join, resolve } from 'node:path';

/** The repository root: servers and scripts are spawned from here. */
export const ROOT = resolve(import.meta.dirname, '../..');

/** A process the bench started, in its own process group so it can be ended with its children. */
export interface Proc {
  readonly child: ChildProcess;
  readonly pid: number;
  readonly exited: Promise<void>;
  /** SIGTERM to the process itself (it shuts down its own children), SIGKILL to the group later. */
  stop(): Promise<void>;
}

const STOP_GRACE_MS = 15_000;
const running = new Set<number>();

/** Ends every process group the bench started; for exits and interrupts. */
export function killAll(): void {
  for (const pid of running) {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  running.clear();
}

function track(child: ChildProcess, name: string): Proc {
  const pid = child.pid;
  if (pid === undefined) throw new Error(`${name} could not be spawned`);
  running.add(pid);
  const exited = new Promise<void>((done) => {
    child.once('exit', () => {
      running.delete(pid);
      done();
    });
  });
  const alive = () => child.exitCode === null && child.signalCode === null;
  return {
    child,
    pid,
    exited,
    async stop() {
      if (!alive()) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => {
        try {
          process.kill(-pid, 'SIGKILL');
        } catch {
          // already gone
        }
      }, STOP_GRACE_MS);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** Spawns with stdout and stderr appended to `logFile` (the child keeps its own copy of the fd). */
function withLog<T>(logFile: string, spawnWith: (fd: number) => T): T {
  const fd = openSync(logFile, 'a');
  try {
    return spawnWith(fd);
  } finally {
    closeSync(fd);
  }
}

/** Runs one of the bench's own TypeScript files in a child Node process with an IPC channel. */
export function forkScript(script: string, env: NodeJS.ProcessEnv, logFile: string): Proc {
  const child = withLog(logFile, (fd) =>
    fork(join(ROOT, script), [], {
      cwd: ROOT,
      env,
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', fd, fd, 'ipc'],
      detached: true,
    }),
  );
  return track(child, script);
}

/** The command `npm start` runs (package.json `scripts.start`), e.g. `node dist/main.js`. */
export function startCommand(): string {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
    scripts?: Record<string, string>;
  };
  const command = pkg.scripts?.start;
  if (!command) throw new Error('package.json has no "start" script');
  return command;
}

/** Whether package.json has a `build` script (then `npm start` may need its output). */
export function hasBuildScript(): boolean {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
    scripts?: Record<string, string>;
  };
  return Boolean(pkg.scripts?.build);
}

/**
 * Spawns the gateway exactly as `npm start` would run it, without npm in between: a plain command
 * is spawned directly (so SIGTERM reaches it once), anything with shell syntax through `sh -c`.
 */
export function spawnGateway(env: NodeJS.ProcessEnv, logFile: string): Proc {
  const command = startCommand();
  const path = [join(ROOT, 'node_modules', '.bin'), env.PATH ?? process.env.PATH ?? ''].join(
    delimiter,
  );
  const words = command.trim().split(/\s+/);
  const child = withLog(logFile, (fd) => {
    const options = {
      cwd: ROOT,
      env: { ...env, PATH: path },
      stdio: ['ignore', fd, fd] as ['ignore', number, number],
      detached: true,
    };
    return /[|&;<>()$`'"\\*?]/.test(command)
      ? spawn('sh', ['-c', command], options)
      : spawn(words[0] as string, words.slice(1), options);
  });
  return track(child, command);
}
