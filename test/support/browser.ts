import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rename, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { type Browser, chromium } from 'playwright-core';

const PACKAGE = '@sparticuz/chromium';
const PACKAGE_ENTRY = createRequire(import.meta.url).resolve(PACKAGE);
const PACKAGE_ROOT = dirname(dirname(dirname(PACKAGE_ENTRY)));
const execFileAsync = promisify(execFile);

/** The version of the npm package that ships the headless Chromium; its major is Chromium's. */
export const PACKAGED_CHROMIUM_VERSION: string = JSON.parse(
  readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8'),
).version;

/** The package's folder of compressed files. */
export const PACKAGED_CHROMIUM_BIN = join(PACKAGE_ROOT, 'bin');

// No background traffic: the machines this runs on have no network beyond loopback. Playwright
// gives the browser a fresh temporary profile. --no-sandbox: tests may run as root.
const LAUNCH_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface ChromiumOptions {
  /** Where `CHROMIUM_PATH` is read from. */
  env?: Record<string, string | undefined>;
  /** The package's folder of compressed files (tests point it elsewhere to make unpacking fail). */
  binDir?: string;
  /** Where the unpacked build is kept between runs. */
  cacheRoot?: string;
}

export interface ChromiumChoice {
  executablePath: string;
  source: 'CHROMIUM_PATH' | typeof PACKAGE;
}

/**
 * The Chromium the browser tests run: the one `CHROMIUM_PATH` names, or else the build shipped in
 * the `@sparticuz/chromium` npm package, unpacked once per package version. It never looks for a
 * browser installed on the system, so a test passes or fails the same with or without one.
 */
export async function findChromium(options: ChromiumOptions = {}): Promise<ChromiumChoice> {
  const named = (options.env ?? process.env).CHROMIUM_PATH;
  if (named !== undefined && named !== '') {
    if (!existsSync(named)) {
      throw new Error(
        `CHROMIUM_PATH names ${named}, which does not exist; unset it to use the Chromium from ${PACKAGE}`,
      );
    }
    return { executablePath: named, source: 'CHROMIUM_PATH' };
  }
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    throw new Error(
      `${PACKAGE} ships Chromium for Linux x64 only; set CHROMIUM_PATH to a Chromium or Chrome`,
    );
  }
  const binDir = options.binDir ?? PACKAGED_CHROMIUM_BIN;
  const target = join(
    options.cacheRoot ?? tmpdir(),
    `rtk-gateway-chromium-${PACKAGED_CHROMIUM_VERSION}`,
  );
  try {
    return { executablePath: await unpack(binDir, target), source: PACKAGE };
  } catch (error) {
    throw new Error(
      `Could not unpack the Chromium of ${PACKAGE} from ${binDir} into ${target}; run npm ci, ` +
        `check the free space of ${dirname(target)}, or set CHROMIUM_PATH. ${message(error)}`,
      { cause: error },
    );
  }
}

/**
 * Unpacks into a private folder, then renames it into place: `target` exists only complete, so a
 * run killed while unpacking, or two runs unpacking at once, never leave a half-written browser.
 */
async function unpack(binDir: string, target: string): Promise<string> {
  const binary = join(target, 'chromium');
  if (existsSync(binary)) return binary;
  await mkdir(dirname(target), { recursive: true });
  const staging = await mkdtemp(`${target}.partial-`);
  try {
    const unpacked = await unpackInto(staging, binDir);
    if (unpacked !== join(staging, 'chromium')) {
      throw new Error(`it unpacked to ${unpacked} instead of ${staging}`);
    }
    try {
      await rename(staging, target);
    } catch (error) {
      if (!existsSync(binary)) throw error; // else another run put a complete copy there first
    }
    return binary;
  } finally {
    await rm(staging, { recursive: true, force: true, maxRetries: 3 });
  }
}

// The package unpacks into os.tmpdir() and trusts any `chromium` already there. It runs in a child
// process with TMPDIR set to a folder of our own, and once that process has exited no stream of
// an unpacking that failed half-way can still write into the folder we remove.
const UNPACK = `require(process.argv[1]).executablePath(process.argv[2]).then(
  (path) => process.stdout.write(path),
  (error) => { process.stderr.write(String(error?.message ?? error)); process.exit(1); })`;

async function unpackInto(dir: string, binDir: string): Promise<string> {
  try {
    const { stdout } = await execFileAsync(
      process.execPath,
      ['-e', UNPACK, PACKAGE_ENTRY, binDir],
      {
        env: { ...process.env, TMPDIR: dir },
      },
    );
    return stdout;
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr?.trim();
    throw new Error(stderr || message(error));
  }
}

/** Launches headless {@link findChromium}, with an error that says what to do when it cannot. */
export async function launchChromium(
  options: ChromiumOptions = {},
): Promise<ChromiumChoice & { browser: Browser }> {
  const choice = await findChromium(options);
  try {
    const browser = await chromium.launch({
      executablePath: choice.executablePath,
      headless: true,
      args: LAUNCH_ARGS,
    });
    return { ...choice, browser };
  } catch (error) {
    const hint =
      choice.source === 'CHROMIUM_PATH'
        ? `check CHROMIUM_PATH, or unset it to use the Chromium from ${PACKAGE}`
        : `it needs the NSS libraries (Debian: apt-get install libnss3); delete ${dirname(choice.executablePath)} to unpack it again, or set CHROMIUM_PATH`;
    throw new Error(
      // The hint first: Playwright's own message runs to many lines (the browser's log).
      `Chromium at ${choice.executablePath} (from ${choice.source}) did not start; ${hint}. ${message(error)}`,
      { cause: error },
    );
  }
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
