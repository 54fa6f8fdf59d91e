import { availableParallelism } from 'node:os';
import { defineConfig, type TestProjectInlineConfiguration } from 'vitest/config';

/**
 * The suite in four projects, by what a test needs (`npx vitest run --project unit`):
 * - unit: one part at a time, nothing installed (no database, no gateway);
 * - in-process: gateways and event stores in this process over PGlite and the simulator;
 * - services: Postgres, Redis or a browser, as the README's Quickstart installs them;
 * - processes: the gateway as a child process, as `npm start` runs it.
 * A new test file lands in in-process unless listed below.
 */
const UNIT = [
  'test/architecture.test.ts',
  'test/config.test.ts',
  'test/schema.test.ts',
  'test/pagination.test.ts',
  'test/auth/**/*.test.ts',
  'test/datasources/**/*.test.ts',
  'test/simulator/**/*.test.ts',
  'test/webhooks/normalise.test.ts',
  'test/webhooks/signature.test.ts',
  'test/webhooks/refusal-log.test.ts',
  'test/events/transitions.test.ts',
  'test/events/data-dir-lock.test.ts',
  'test/metrics/**/*.test.ts',
];
const SERVICES = [
  'test/events/store.test.ts',
  'test/events/store-concurrency.test.ts',
  'test/events/store-durability.test.ts',
  'test/events/doorbell.test.ts',
  'test/events/group-commit.test.ts',
  'test/events/idempotency-store.test.ts',
  'test/replicas.test.ts',
  'test/mutation-limit.test.ts',
  'test/graphiql.test.ts',
];
const PROCESSES = [
  'test/process.test.ts',
  'test/secrets.test.ts',
  'test/durability.test.ts',
  'test/startup.test.ts',
  'test/idempotency-crash.test.ts',
];

/** Builds one migrated PGlite per run for every test that opens one (see the file). */
const PGLITE_TEMPLATE = 'test/support/pglite-template.ts';

function project(
  name: string,
  include: string[],
  options: { exclude?: string[]; globalSetup?: string[]; isolate?: boolean } = {},
): TestProjectInlineConfiguration {
  const { exclude, globalSetup, isolate } = options;
  return { extends: true, test: { name, include, exclude, globalSetup, isolate } };
}

export default defineConfig({
  resolve: {
    // Node loads graphql's CommonJS entry for Pothos and yoga; make test files use the same one,
    // or `instanceof` checks fail across two copies of the module.
    alias: [{ find: /^graphql$/, replacement: 'graphql/index.js' }],
  },
  test: {
    // Fails the run when any gateway the suite started logged a secret it was given.
    globalSetup: ['test/support/secret-scan.ts'],
    // Ceilings, not expectations: tests wait on events, and a busy 2-core machine may take many
    // seconds to start a PGlite or a gateway that takes one when idle.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Test workers hold many gateways' young objects at once; a larger young generation spends
    // less CPU on scavenges (about a tenth of the suite's CPU on the 2-core machine).
    execArgv: ['--max-semi-space-size=64'],
    // Test files mostly wait on sockets, timers and child processes, so one worker per core
    // leaves cores idle (vitest's default, cores - 1, runs the suite serially on 2 cores).
    maxWorkers: availableParallelism() + 1,
    projects: [
      project('unit', UNIT, { isolate: false }),
      project('in-process', ['test/**/*.test.ts'], {
        exclude: [...UNIT, ...SERVICES, ...PROCESSES],
        globalSetup: [PGLITE_TEMPLATE],
        isolate: false,
      }),
      project('services', SERVICES, { globalSetup: [PGLITE_TEMPLATE], isolate: false }),
      project('processes', PROCESSES, { globalSetup: [PGLITE_TEMPLATE, 'test/support/build.ts'] }),
    ],
  },
});
