import { constants, cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Database, openDatabase } from '../../src/events/sql/database.js';
import type { Logger } from '../../src/logger.js';
import { silentLogger } from './logs.js';

/**
 * Embedded databases for tests, restored from the migrated template the global setup builds
 * (test/support/pglite-template.ts). Without it (a file run outside its project) they start
 * empty, as in production, only slower.
 */

/** Where the global setup left the template: `data/` (a data directory) and `data.tar`. */
export const TEMPLATE_ENV = 'RTK_TEST_PGLITE_TEMPLATE';

function templatePath(name: 'data' | 'data.tar'): string | undefined {
  const root = process.env[TEMPLATE_ENV];
  const path = root ? join(root, name) : undefined;
  return path && existsSync(path) ? path : undefined;
}

let tarball: Blob | undefined;
const dataDirs = new Set<string>();
process.once('exit', () => {
  for (const dataDir of dataDirs) rmSync(dataDir, { recursive: true, force: true });
});

/** The template as a `loadDataDir` tarball, read once per test process; undefined without one. */
export function templateTarball(): Blob | undefined {
  const path = templatePath('data.tar');
  if (path === undefined) return undefined;
  tarball ??= new Blob([readFileSync(path)]);
  return tarball;
}

/** A migrated in-memory PGlite database; close it when done. */
export function openMemoryDatabase(logger: Logger = silentLogger): Promise<Database> {
  return openDatabase({ memory: true, loadDataDir: templateTarball(), logger });
}

/**
 * A new `DATA_DIR` for a gateway (in process or a child process): a copy of the template, or an
 * empty directory without one or with `empty`. Removed when the test process exits.
 */
export function freshDataDir(
  prefix = 'rtk-gateway-test-',
  options: { empty?: boolean } = {},
): string {
  const dataDir = mkdtempSync(join(tmpdir(), prefix));
  dataDirs.add(dataDir);
  const template = options.empty ? undefined : templatePath('data');
  if (template) {
    // Copy-on-write where the file system can; a plain copy elsewhere.
    cpSync(template, dataDir, { recursive: true, mode: constants.COPYFILE_FICLONE });
  }
  return dataDir;
}
