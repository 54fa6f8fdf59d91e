import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

/**
 * A migrated, empty PGlite data directory that `npm run build` makes (scripts/pglite-template.ts),
 * so that a gateway starting on a fresh DATA_DIR loads it (about a second) instead of running
 * initdb and every migration (several seconds). Migrations added since still run on top of it.
 */

/**
 * Next to the built gateway, `dist/main.js`, which this module is bundled into: so
 * `dist/pglite-template.tar`. From source there is none beside this file: initdb it is.
 */
export const TEMPLATE_PATH = fileURLToPath(new URL('./pglite-template.tar', import.meta.url));

/** The template, or undefined when none was built (running from source: initdb it is). */
export async function readTemplate(path = TEMPLATE_PATH): Promise<Blob | undefined> {
  if (!existsSync(path)) return undefined;
  return new Blob([await readFile(path)]);
}
