import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Vitest global setup of the processes project: the gateway runs as `npm start` runs it, from the
 * build, so the build must be current. `npm run build` runs only when some source file is newer
 * than the built gateway.
 */

const BUILT = 'dist/main.js';

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(path) : statSync(path).mtimeMs);
  }
  return newest;
}

export function setup(): void {
  if (existsSync(BUILT) && statSync(BUILT).mtimeMs > newestSource('src')) return;
  execFileSync('npm', ['run', 'build'], { stdio: 'inherit' });
}
