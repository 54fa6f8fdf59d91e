import { existsSync, statSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { openDatabase } from '../src/events/sql/database.js';
import { createLogger } from '../src/logger.js';

/**
 * `npm run build`'s last step: the migrated PGlite template the compiled gateway starts a fresh
 * DATA_DIR from (see src/events/sql/pglite-template.ts). Made by the gateway's own
 * open-and-migrate path, so it is exactly what a first start would have made.
 */
/** What the template is made from: when none changed since it was made, it is still good. */
const INPUTS = ['src/events/sql/migrations.ts', 'node_modules/@electric-sql/pglite/package.json'];

function upToDate(target: string): boolean {
  if (!existsSync(target)) return false;
  const made = statSync(target).mtimeMs;
  return INPUTS.every((input) => statSync(input).mtimeMs < made);
}

async function main(): Promise<void> {
  const target = process.argv[2] ?? 'dist/pglite-template.tar';
  if (upToDate(target)) return;
  const root = await mkdtemp(join(tmpdir(), 'rtk-pglite-template-'));
  try {
    const dataDir = join(root, 'data');
    const database = await openDatabase({ dataDir, logger: createLogger({ level: 'silent' }) });
    await database.close();
    const pglite = await PGlite.create(dataDir);
    try {
      const tarball = await pglite.dumpDataDir('none');
      await writeFile(target, Buffer.from(await tarball.arrayBuffer()));
    } finally {
      await pglite.close();
    }
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

await main();
