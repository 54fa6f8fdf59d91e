import { copyFile, mkdir, mkdtemp, open, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { print } from 'graphql';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { GatewayServer } from '../src/transport/server.js';
import { StartRecordingDocument } from './__generated__/graphql.js';
import {
  type ChromiumChoice,
  findChromium,
  launchChromium,
  PACKAGED_CHROMIUM_BIN,
  PACKAGED_CHROMIUM_VERSION,
} from './support/browser.js';
import { startTestServer } from './support/gateway.js';

let server: GatewayServer;
let launched: ChromiumChoice;
let browser: Browser;
let page: Page;
const scratch: string[] = [];
/** The ceiling of a wait for the page: generous, since a loaded 2-core machine is slow, not stuck. */
const WAIT_MS = 60_000;

beforeAll(async () => {
  // The first run on a machine unpacks the browser (a few seconds); later runs reuse it.
  ({ browser, ...launched } = await launchChromium());
  server = await startTestServer({ SIMULATOR_TIME_SCALE: '0.02' });
  page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  for (const dir of scratch) await rm(dir, { recursive: true, force: true });
});

async function scratchDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'rtk-browser-test-'));
  scratch.push(dir);
  return dir;
}

/** The visible text of every Monaco editor on the page (query, variables, results). */
async function editorText(): Promise<string> {
  const text = await page.evaluate(() =>
    [...document.querySelectorAll('.monaco-editor .view-lines')]
      .map((lines) => (lines as HTMLElement).innerText)
      .join('\n'),
  );
  return text.replace(/\u00a0/g, ' ');
}

/** The whole document of the open tab (Monaco renders only the lines in view). */
async function openDocument(): Promise<string> {
  const handle = await page.waitForFunction(() => {
    const state = JSON.parse(localStorage.getItem('graphiql:tabState') ?? '{}');
    return state.tabs?.[state.activeTabIndex ?? 0]?.query;
  });
  return String(await handle.jsonValue());
}

/** Waits, with a ceiling a loaded machine stays well inside, until the editors show `pattern`. */
function waitForEditorText(pattern: RegExp): Promise<string> {
  return vi.waitFor(
    async () => {
      const text = await editorText();
      if (!pattern.test(text)) throw new Error(`editors never showed ${pattern}:\n${text}`);
      return text;
    },
    { timeout: WAIT_MS, interval: 100 },
  );
}

// Playwright's own waits default to 30 s; each test may take several of them on a loaded machine.
describe('GraphiQL', { timeout: 4 * WAIT_MS }, () => {
  it('opens with the default document, served without any CDN', async () => {
    const offsite: string[] = [];
    page.on('request', (request) => {
      if (!request.url().startsWith(server.url) && !/^(data|blob):/.test(request.url())) {
        offsite.push(request.url());
      }
    });
    await page.goto(`${server.url}/graphql`);
    await page.locator('.graphiql-container').first().waitFor({ timeout: WAIT_MS });
    await waitForEditorText(/subscription WatchMeeting/);
    const text = await openDocument();
    for (const name of ['PauseRecording', 'ResumeRecording', 'StopRecording']) {
      expect(text).toContain(`mutation ${name}`);
    }
    expect(text).toContain('mutation StartRecording');
    expect(text).toContain('query Recordings');
    expect(offsite).toEqual([]);
  });

  it('shows the schema in the documentation explorer', async () => {
    await page.getByRole('button', { name: /documentation explorer/i }).click();
    const docs = page.locator('.graphiql-doc-explorer');
    await docs.getByText('Subscription', { exact: false }).first().waitFor();
    await docs.getByRole('link', { name: 'Query' }).click();
    await docs.getByText('recordings', { exact: true }).first().waitFor();
    await docs.getByText('activeRecording', { exact: true }).first().waitFor();
  });

  it('runs the default subscription and shows status changes as they arrive', async () => {
    const text = await openDocument();
    const meetingId = /recordingStatusChanged\(meetingId: "([0-9a-f-]{36})"\)/.exec(text)?.[1];
    expect(meetingId).toBeDefined();
    // Put the cursor inside WatchMeeting and run it: GraphiQL runs the operation under the cursor.
    await page.locator('.monaco-editor').first().getByText('WatchMeeting', { exact: true }).click();
    // Counted before the key press: the gateway runs in this process and may take the
    // subscription while the press is still being acknowledged.
    const before = server.app.events.subscribers;
    await page.keyboard.press('Control+Enter');
    await vi.waitFor(() => expect(server.app.events.subscribers).toBe(before + 1), {
      timeout: WAIT_MS,
      interval: 50,
    });

    const response = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        query: print(StartRecordingDocument),
        variables: { input: { meetingId } },
      }),
    });
    expect(response.status).toBe(200);
    const shown = await waitForEditorText(/"status": "RECORDING"/);
    expect(shown).toContain('"previousStatus": "INVOKED"');
    await page.screenshot({ path: join(tmpdir(), 'rtk-graphiql.png') });
  });
});

describe('the browser the GraphiQL test runs', () => {
  it("is the one CHROMIUM_PATH names, or else the npm package's, never one found on the system", () => {
    const named = process.env.CHROMIUM_PATH;
    if (named) {
      expect(launched).toEqual({ source: 'CHROMIUM_PATH', executablePath: named });
      return;
    }
    expect(launched).toEqual({
      source: '@sparticuz/chromium',
      executablePath: join(
        tmpdir(),
        `rtk-gateway-chromium-${PACKAGED_CHROMIUM_VERSION}`,
        'chromium',
      ),
    });
    // The package's major version is its Chromium's: a system browser would report its own.
    expect(browser.version().split('.')[0]).toBe(PACKAGED_CHROMIUM_VERSION.split('.')[0]);
  });

  it('refuses a CHROMIUM_PATH that does not exist rather than look elsewhere', async () => {
    await expect(findChromium({ env: { CHROMIUM_PATH: '/nonexistent/chromium' } })).rejects.toThrow(
      'CHROMIUM_PATH names /nonexistent/chromium, which does not exist; unset it to use the Chromium from @sparticuz/chromium',
    );
  });

  it('says what to do when the unpacked browser does not start', async () => {
    const cacheRoot = await scratchDir();
    const unpacked = join(cacheRoot, `rtk-gateway-chromium-${PACKAGED_CHROMIUM_VERSION}`);
    await mkdir(unpacked);
    // What a copy without its shared libraries amounts to: an executable that exits at once.
    await writeFile(join(unpacked, 'chromium'), '#!/bin/sh\nexit 127\n', { mode: 0o755 });
    await expect(launchChromium({ env: {}, cacheRoot })).rejects.toThrow(
      new RegExp(
        `^Chromium at ${unpacked}/chromium \\(from @sparticuz/chromium\\) did not start; it needs ` +
          `the NSS libraries \\(Debian: apt-get install libnss3\\); delete ${unpacked} to unpack ` +
          'it again, or set CHROMIUM_PATH\\. .*exitCode=127',
        's',
      ),
    );
  });

  it('says what to do when the package is missing its files, and leaves nothing behind', async () => {
    const cacheRoot = await scratchDir();
    const binDir = join(cacheRoot, 'missing');
    await expect(findChromium({ env: {}, binDir, cacheRoot })).rejects.toThrow(
      new RegExp(
        `^Could not unpack the Chromium of @sparticuz/chromium from ${binDir} into ${cacheRoot}/\\S+; ` +
          'run npm ci, .* or set CHROMIUM_PATH\\. The input directory .* does not exist',
      ),
    );
    expect(await readdir(cacheRoot)).toEqual([]);
  });

  it('keeps nothing from an archive cut short, so no later run trusts a half-unpacked browser', async () => {
    const binDir = await scratchDir();
    const cacheRoot = await scratchDir();
    const archive = await open(join(PACKAGED_CHROMIUM_BIN, 'chromium.br'));
    const { buffer, bytesRead } = await archive.read({ buffer: Buffer.alloc(1 << 20) });
    await archive.close();
    await writeFile(join(binDir, 'chromium.br'), buffer.subarray(0, bytesRead));
    for (const name of ['fonts.tar.br', 'swiftshader.tar.br']) {
      await copyFile(join(PACKAGED_CHROMIUM_BIN, name), join(binDir, name));
    }
    await expect(findChromium({ env: {}, binDir, cacheRoot })).rejects.toThrow(/Could not unpack/);
    expect(await readdir(cacheRoot)).toEqual([]);
  });
});
