import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Vitest global setup: every gateway the suite starts logs at debug level into one directory
 * (see test/support/gateway.ts), and every secret the suite hands a gateway is noted there. When
 * the suite ends, the logs are searched for each secret; a single hit fails the run.
 *
 * Every project lists this file; the first one in a run sets up, and scans when the run ends.
 */
export function setup(): (() => void) | undefined {
  if (process.env.RTK_SUITE_OUTPUT_DIR) return undefined;
  const dir = mkdtempSync(join(tmpdir(), 'rtk-suite-output-'));
  process.env.RTK_SUITE_OUTPUT_DIR = dir;
  return () => {
    const files = readdirSync(dir);
    const read = (prefix: string) =>
      files
        .filter((name) => name.startsWith(prefix))
        .map((name) => readFileSync(join(dir, name), 'utf8'))
        .join('\n');
    const logs = read('logs-');
    const secrets = new Set(
      read('secrets-')
        .split('\n')
        .filter((secret) => secret.length >= 8),
    );
    rmSync(dir, { recursive: true, force: true });
    delete process.env.RTK_SUITE_OUTPUT_DIR;
    // A run of a few files may start no gateway: nothing to scan then.
    const leaked = [...secrets].filter((secret) => logs.includes(secret));
    if (leaked.length > 0) {
      console.error(
        `secret scan: ${leaked.length} secret(s) appear in the suite's gateway logs (starting ${leaked
          .map((secret) => `${secret.slice(0, 4)}…`)
          .join(', ')})`,
      );
      // A teardown error alone does not fail a vitest run; the exit code does.
      process.exitCode = 1;
    } else if (secrets.size > 0) {
      console.log(
        `secret scan: ${secrets.size} secrets, none in ${logs.length} bytes of gateway logs`,
      );
    }
  };
}
