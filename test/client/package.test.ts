import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as source from '../../client/src/index.js';

/**
 * The client package as it would be published: packed by npm (which builds it), installed by name
 * into a project of its own, imported by Node through its `exports`, and type-checked against its
 * declarations the way a frontend's compiler would.
 */

const run = promisify(execFile);
const root = fileURLToPath(new URL('../..', import.meta.url));
let project: string;
let files: string[];

beforeAll(async () => {
  project = mkdtempSync(join(tmpdir(), 'rtk-client-package-'));
  const { stdout } = await run(
    'npm',
    ['pack', '--workspace', 'client', '--pack-destination', project, '--json'],
    { cwd: root },
  );
  const [packed] = JSON.parse(stdout.slice(stdout.indexOf('['))) as Array<{
    filename: string;
    files: Array<{ path: string }>;
  }>;
  if (!packed) throw new Error('npm pack packed nothing');
  files = packed.files.map((file) => file.path).sort();
  const installed = join(project, 'node_modules', '@rtk-gateway', 'client');
  mkdirSync(installed, { recursive: true });
  await run('tar', [
    '-xzf',
    join(project, packed.filename),
    '-C',
    installed,
    '--strip-components=1',
  ]);
  // Its peer dependency, as the frontend's own install would provide it.
  symlinkSync(
    join(root, 'node_modules', 'graphql-ws'),
    join(project, 'node_modules', 'graphql-ws'),
  );
}, 120_000);

afterAll(() => {
  if (project) rmSync(project, { recursive: true, force: true });
});

describe('@rtk-gateway/client as published', () => {
  it('ships its ESM build, declarations and README, and nothing else', () => {
    expect(files).toContain('dist/index.js');
    expect(files).toContain('dist/index.d.ts');
    expect(files.filter((file) => !/^dist\/[\w-]+\.(js|d\.ts)$/.test(file))).toEqual([
      'README.md',
      'package.json',
    ]);
  });

  it('imports by name in Node with the same exports as its source', async () => {
    const { stdout } = await run(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `const client = await import('@rtk-gateway/client');
         console.log(JSON.stringify({ names: Object.keys(client).sort(), possibleTypes: client.possibleTypes }));`,
      ],
      { cwd: project },
    );
    const built = JSON.parse(stdout) as { names: string[]; possibleTypes: unknown };
    expect(built.names).toEqual(Object.keys(source).sort());
    expect(built.possibleTypes).toEqual(source.possibleTypes);
    expect(built.names).toContain('createResumableClient');
  });

  it('type-checks a frontend that uses it, and catches one that misuses it', {
    timeout: 120_000,
  }, async () => {
    writeFileSync(
      join(project, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          target: 'ES2022',
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          lib: ['ES2022', 'DOM'],
          types: [],
          strict: true,
          noEmit: true,
        },
        files: ['frontend.ts'],
      }),
    );
    writeFileSync(
      join(project, 'frontend.ts'),
      `import { createResumableClient, possibleTypes, type TokenProvider } from '@rtk-gateway/client';
       const token: TokenProvider = async ({ refresh }) => (refresh ? 'fresh' : 'cached');
       const client = createResumableClient({ url: 'wss://gateway.example/graphql', token, retry: { maxDelayMs: 10_000 } });
       const members: string[] | undefined = possibleTypes.Error;
       client.subscribe({ query: 'subscription { x }' }, { next: () => {}, error: () => {}, complete: () => {} });
       // @ts-expect-error: the retry policy is the helper's, not graphql-ws'
       createResumableClient({ url: 'wss://gateway.example/graphql', retryAttempts: 3 });
       export { client, members };
       `,
    );
    writeFileSync(join(project, 'package.json'), JSON.stringify({ type: 'module' }));
    const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
    await expect(run(process.execPath, [tsc, '-p', project])).resolves.toBeDefined();
  });
});
