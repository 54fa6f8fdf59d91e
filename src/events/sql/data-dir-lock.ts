import { mkdir, readFile, unlink, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

/** Another live process holds the embedded database's directory. */
export class DataDirInUseError extends Error {
  override readonly name = 'DataDirInUseError';
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Claims `<dataDir>.lock` for this process. PGlite is a single-process database: two gateways on
 * one DATA_DIR would corrupt it, so the second refuses to start. A lock left by a process that
 * died (a crash, SIGKILL) is taken over. Returns the release function.
 */
export async function lockDataDir(dataDir: string): Promise<() => Promise<void>> {
  const path = `${dataDir}.lock`;
  const mine = String(process.pid);
  await mkdir(dirname(dataDir), { recursive: true });
  try {
    await writeFile(path, mine, { flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    const holder = Number.parseInt(await readFile(path, 'utf8').catch(() => ''), 10);
    if (Number.isSafeInteger(holder) && holder !== process.pid && isAlive(holder)) {
      throw new DataDirInUseError(
        `DATA_DIR ${dataDir} is in use by process ${holder}; the embedded database serves one process (set DATABASE_URL to run several)`,
      );
    }
    await writeFile(path, mine);
  }
  return async () => {
    const holder = await readFile(path, 'utf8').catch(() => '');
    if (holder === mine) await unlink(path).catch(() => undefined);
  };
}
