import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    // Node loads graphql's CommonJS entry for Pothos and yoga; make test files use the same one,
    // or `instanceof` checks fail across two copies of the module.
    alias: [{ find: /^graphql$/, replacement: 'graphql/index.js' }],
  },
  test: {
    include: ['test/**/*.test.ts'],
    // Fails the run when any gateway the suite started logged a secret it was given.
    globalSetup: ['test/support/secret-scan.ts'],
    testTimeout: 20_000,
    hookTimeout: 20_000,
    pool: 'forks',
  },
});
