import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DataDirInUseError, lockDataDir } from '../../src/events/sql/data-dir-lock.js';

const root = mkdtempSync(join(tmpdir(), 'rtk-lock-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A real process that is alive until `stop`, and one that has already exited. */
function liveProcess() {
  const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)']);
  return { pid: child.pid as number, stop: () => child.kill('SIGKILL') };
}

async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '0']);
  await new Promise((resolve) => child.once('exit', resolve));
  return child.pid as number;
}

describe('the embedded database directory lock', () => {
  it('is taken, released, and leaves nothing behind', async () => {
    const dataDir = join(root, 'a', 'data');
    const release = await lockDataDir(dataDir);
    expect(readFileSync(`${dataDir}.lock`, 'utf8')).toBe(String(process.pid));
    await release();
    expect(existsSync(`${dataDir}.lock`)).toBe(false);
  });

  it('refuses a directory another live process holds', async () => {
    const dataDir = join(root, 'b');
    const other = liveProcess();
    try {
      writeFileSync(`${dataDir}.lock`, String(other.pid));
      await expect(lockDataDir(dataDir)).rejects.toThrow(DataDirInUseError);
      await expect(lockDataDir(dataDir)).rejects.toThrow(/set DATABASE_URL to run several/);
    } finally {
      other.stop();
    }
  });

  it('takes over the lock of a process that died', async () => {
    const dataDir = join(root, 'c');
    writeFileSync(`${dataDir}.lock`, String(await deadPid()));
    const release = await lockDataDir(dataDir);
    expect(readFileSync(`${dataDir}.lock`, 'utf8')).toBe(String(process.pid));
    await release();
  });
});
