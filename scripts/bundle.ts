import { build, type Plugin } from 'esbuild';

/**
 * `npm run build`: the gateway and the simulator as one ES module each, `dist/main.js` and
 * `dist/simulator/main.js`, which `npm start` and `npm run simulator` run with plain `node`.
 *
 * Packages stay where npm put them (imported at run time, as from source), all but the
 * `cloudflare` SDK: it is bundled, so that only what the gateway uses of it is loaded. Its package
 * entry brings every resource of the Cloudflare API (some 1,200 modules, about half a second of
 * every start); through its tree-shakable entry with the RealtimeKit resource alone
 * (`src/datasources/cloudflare-client.ts`) the bundle keeps ~100 KB of it.
 */

const BUNDLED = /^cloudflare(\/|$)/;

/** Every bare import is external but the SDK's. */
const packagesExternal: Plugin = {
  name: 'packages-external',
  setup(builder) {
    builder.onResolve({ filter: /^[^./]/ }, (args) =>
      BUNDLED.test(args.path) ? undefined : { path: args.path, external: true },
    );
  },
};

await build({
  entryPoints: { main: 'src/main.ts', 'simulator/main': 'src/simulator/main.ts' },
  outdir: 'dist',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: true,
  plugins: [packagesExternal],
  logLevel: 'warning',
});
