import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { createLogger, type Logger } from '../../src/logger.js';

/** Loggers for tests: silent, captured for assertions, or into the suite's secret scan. */

/** A logger that writes nothing. */
export const silentLogger: Logger = createLogger({ level: 'silent' });

const suiteOutput = process.env.RTK_SUITE_OUTPUT_DIR;

/**
 * The logger of gateways started by tests: debug level into the suite's output directory, which
 * the global secret scan searches when the suite ends (silent when run outside vitest's setup).
 */
export function suiteLogger(): Logger {
  if (!suiteOutput) return silentLogger;
  return createLogger(
    { level: 'debug' },
    pino.destination({ dest: join(suiteOutput, `logs-${process.pid}.jsonl`), sync: true }),
  );
}

/** Notes a secret the suite hands a gateway, for the scan at the end of the suite. */
export function noteSecret(...secrets: string[]): void {
  if (suiteOutput) {
    appendFileSync(join(suiteOutput, `secrets-${process.pid}.txt`), `${secrets.join('\n')}\n`);
  }
}

/** A logger whose lines a test reads back. */
export interface CapturedLogs {
  readonly logger: Logger;
  /** Every line written, as written (JSON text). */
  readonly lines: string[];
  /** All lines as one string, to search for what must (not) be there. */
  text(): string;
  /** Every line, parsed. */
  entries(): Array<Record<string, unknown>>;
  /** The parsed lines whose `msg` contains `msg`. */
  find(msg: string): Array<Record<string, unknown>>;
}

/**
 * Captures what `logger` writes at `level` and above. The lines also go to the suite's output,
 * so the secret scan at the end of the run sees them too.
 */
export function captureLogs(level = 'debug'): CapturedLogs {
  const lines: string[] = [];
  const suiteFile = suiteOutput ? join(suiteOutput, `logs-${process.pid}.jsonl`) : undefined;
  const sink = new Writable({
    write(chunk, _encoding, done) {
      const line = String(chunk);
      lines.push(line);
      if (suiteFile) appendFileSync(suiteFile, line);
      done();
    },
  });
  const entries = () => lines.map((line) => JSON.parse(line) as Record<string, unknown>);
  return {
    logger: createLogger({ level }, sink),
    lines,
    text: () => lines.join(''),
    entries,
    find: (msg) => entries().filter((record) => String(record.msg).includes(msg)),
  };
}
