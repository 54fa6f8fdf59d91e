import { fileURLToPath } from 'node:url';
import madge from 'madge';
import { beforeAll, describe, expect, it } from 'vitest';

/**
 * The import rules the README's Architecture section states, checked on the real import graph.
 * A part is a folder of `src/` or one of its top-level files; each may import only the parts listed
 * here. A rule broken on purpose fails this test with the offending file named.
 */
const MAY_IMPORT: Record<string, readonly string[]> = {
  util: [],
  errors: [],
  logger: [],
  // Metrics know no part: parts report through its small interface, handed to them by app.ts.
  metrics: ['logger'],
  domain: ['util'],
  auth: ['errors', 'logger', 'util'],
  datasources: ['domain', 'errors', 'logger', 'metrics', 'util'],
  events: ['domain', 'errors', 'logger', 'metrics', 'util'],
  reconciler: ['datasources', 'domain', 'errors', 'events', 'logger', 'metrics', 'util'],
  webhooks: ['domain', 'errors', 'events', 'logger', 'metrics', 'reconciler', 'util'],
  idempotency: ['datasources', 'domain', 'errors', 'events', 'logger', 'metrics', 'util'],
  schema: ['datasources', 'domain', 'errors', 'events', 'idempotency', 'security', 'util'],
  security: ['auth', 'datasources', 'errors', 'logger', 'metrics', 'schema', 'util'],
  config: ['auth', 'security'],
  // The embedded RealtimeKit is an upstream, not a part of the gateway: it shares only the logger.
  simulator: ['logger'],
  app: ['*'],
  transport: ['*'],
  main: ['config', 'logger', 'transport'],
};

/** Imports that only name types: allowed one way where the value would make the layers circular. */
const MAY_IMPORT_TYPES: Record<string, readonly string[]> = {
  // Resolvers are typed by the context the transport builds for them.
  schema: ['transport'],
};

/** Files that start a process of their own, with what they may import besides their part's rule. */
const ENTRIES: Record<string, readonly string[]> = {
  'simulator/main.ts': ['config'],
};

type Graph = Record<string, string[]>;
const SRC = fileURLToPath(new URL('../src/', import.meta.url));
const TSCONFIG = fileURLToPath(new URL('../tsconfig.json', import.meta.url));

async function importGraph(skipTypeImports: boolean): Promise<Graph> {
  const result = await madge(SRC, {
    fileExtensions: ['ts'],
    tsConfig: TSCONFIG,
    detectiveOptions: { ts: { skipTypeImports }, tsx: { skipTypeImports } },
  });
  return result.obj();
}

function partOf(file: string): string {
  const slash = file.indexOf('/');
  return slash === -1 ? file.replace(/\.ts$/, '') : file.slice(0, slash);
}

function allowed(rules: Record<string, readonly string[]>, from: string, to: string): boolean {
  const parts = rules[from] ?? [];
  return parts.includes('*') || parts.includes(to);
}

let everything: Graph;
let values: Graph;

beforeAll(async () => {
  [everything, values] = await Promise.all([importGraph(false), importGraph(true)]);
}, 60_000);

describe('the import graph of src/', () => {
  it('sees every part and the imports between them', () => {
    // Guards the test itself: a graph madge failed to read would pass every rule below.
    const parts = new Set(Object.keys(everything).map(partOf));
    expect([...parts].sort()).toEqual(Object.keys(MAY_IMPORT).sort());
    expect(everything['transport/server.ts']).toContain('app.ts');
    expect(everything['schema/builder.ts']).toContain('transport/context.ts');
    expect(values['schema/builder.ts']).not.toContain('transport/context.ts');
  });

  it('has no import cycle, type imports included', async () => {
    const result = await madge(SRC, { fileExtensions: ['ts'], tsConfig: TSCONFIG });
    expect(result.circular()).toEqual([]);
  });

  it('keeps every part to the parts it may import', () => {
    const broken: string[] = [];
    for (const [file, imports] of Object.entries(everything)) {
      const from = partOf(file);
      for (const target of imports) {
        const to = partOf(target);
        if (to === from || allowed(MAY_IMPORT, from, to) || ENTRIES[file]?.includes(to)) continue;
        const typeOnly = !values[file]?.includes(target);
        if (typeOnly && allowed(MAY_IMPORT_TYPES, from, to)) continue;
        broken.push(`${file} imports ${target}${typeOnly ? ' (types)' : ''}`);
      }
    }
    expect(broken).toEqual([]);
  });

  it('lets only the composition root load the simulator, and nothing import the entry point', () => {
    const importersOf = (part: string) =>
      Object.entries(everything)
        .filter(
          ([file, imports]) => partOf(file) !== part && imports.some((t) => partOf(t) === part),
        )
        .map(([file]) => file);
    // app.ts loads it only in simulator mode, with a dynamic import.
    expect(importersOf('simulator')).toEqual(['app.ts']);
    expect(importersOf('main')).toEqual([]);
  });
});
