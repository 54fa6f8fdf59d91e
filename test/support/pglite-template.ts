import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { openDatabase } from '../../src/events/sql/database.js';
import { silentLogger } from './logs.js';
import { TEMPLATE_ENV } from './pglite.js';

/**
 * Vitest global setup: builds one migrated PGlite database per run, as a data directory to copy
 * and as a tarball to load. A fresh PGlite runs initdb (about 5 s on a busy 2-core machine);
 * restoring the template takes about 1 s, and the test then migrates it like any other database,
 * so a stale template would cost time, never correctness.
 *
 * Several projects list this file; the first one in a run builds, the others find it built.
 */
export async function setup(): Promise<(() => void) | undefined> {
  if (process.env[TEMPLATE_ENV]) return undefined;
  const root = mkdtempSync(join(tmpdir(), 'rtk-pglite-template-'));
  const dataDir = join(root, 'data');
  // The gateway's own path creates and migrates it, so the template is what a gateway would make.
  await (await openDatabase({ dataDir, logger: silentLogger })).close();
  const pglite = await PGlite.create(dataDir);
  try {
    const tarball = await pglite.dumpDataDir('none');
    writeFileSync(join(root, 'data.tar'), Buffer.from(await tarball.arrayBuffer()));
  } finally {
    await pglite.close();
  }
  process.env[TEMPLATE_ENV] = root;
  return () => {
    delete process.env[TEMPLATE_ENV];
    rmSync(root, { recursive: true, force: true });
  };
}
