import { execFileSync } from 'node:child_process';
import { availableParallelism, loadavg, totalmem } from 'node:os';
import { type BenchContext, createBenchContext } from './lib/context.js';
import { hasBuildScript, killAll, ROOT, startCommand } from './lib/processes.js';
import { markdownTable, printRow, type Row } from './lib/report.js';
import { describeSettings } from './lib/settings.js';
import { fanoutPart } from './parts/fanout.js';
import { floodPart } from './parts/flood.js';
import { intakePart } from './parts/intake.js';
import { queryPart } from './parts/query.js';
import { startupPart } from './parts/startup.js';

/**
 * `npm run bench [-- part…]`: every figure of the performance goals, each against its baseline,
 * measured in one run. Parts: query, fanout, intake, startup, flood (all by default). Not a test: it
 * fails only when something breaks, never on a ratio.
 */

const PARTS: Record<string, (context: BenchContext) => Promise<Row[]>> = {
  query: queryPart,
  fanout: fanoutPart,
  intake: intakePart,
  startup: startupPart,
  flood: floodPart,
};

function usage(): string {
  return [
    'usage: npm run bench [-- query|fanout|intake|startup|flood …]',
    '',
    'Sizes (environment variables, default):',
    describeSettings(),
  ].join('\n');
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (args.includes('--help') || args.includes('-h')) return console.log(usage());
  const unknown = args.filter((arg) => !(arg in PARTS));
  if (unknown.length > 0) throw new Error(`unknown part ${unknown.join(', ')}\n${usage()}`);
  const parts = args.length > 0 ? args : Object.keys(PARTS);

  const gib = (totalmem() / 1024 ** 3).toFixed(1);
  console.log(
    `rtk-gateway bench: ${availableParallelism()} CPUs, ${gib} GiB, Node ${process.version}, load ${loadavg()
      .map((load) => load.toFixed(2))
      .join(' ')}; gateway started as \`${startCommand()}\``,
  );
  if (hasBuildScript()) {
    console.log('npm run build (so `npm start` runs the current code)');
    execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit' });
  }
  const context = createBenchContext();
  const rows: Row[] = [];
  let failed = true;
  try {
    for (const part of parts) {
      console.log(`\n${part}`);
      for (const entry of await (PARTS[part] as (typeof PARTS)[string])(context)) {
        printRow(entry);
        rows.push(entry);
      }
    }
    failed = false;
  } finally {
    await context.close(failed);
  }
  console.log(`\nSummary (load ${loadavg()[0]?.toFixed(2)} at the end)\n\n${markdownTable(rows)}`);
}

process.once('exit', killAll);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    killAll();
    process.exit(130);
  });
}
main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
