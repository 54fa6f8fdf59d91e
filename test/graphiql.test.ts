import { copyFile, mkdir, mkdtemp, open, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { print } from 'graphql';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { JWT_HEADERS_PLACEHOLDER, RECORDING_ID_PLACEHOLDER } from '../src/transport/graphiql.js';
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
import { bearer, signToken } from './support/keys.js';

let server: GatewayServer;
let launched: ChromiumChoice;
let browser: Browser;
const contexts: BrowserContext[] = [];
const scratch: string[] = [];
/** The ceiling of a wait for the page: generous, since a loaded 2-core machine is slow, not stuck. */
const WAIT_MS = 60_000;
const TABS = ['WatchMeeting', 'StartRecording', 'Recordings'];

beforeAll(async () => {
  // The first run on a machine unpacks the browser (a few seconds); later runs reuse it.
  ({ browser, ...launched } = await launchChromium());
  server = await startTestServer({ SIMULATOR_TIME_SCALE: '0.02' });
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

/** A browser profile of its own: fresh storage, shared by the pages (browser tabs) opened in it. */
async function freshProfile(): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  contexts.push(context);
  // The user copies and pastes (typing would meet the editor's own closing of brackets).
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  return context;
}

/** Opens GraphiQL in a new browser tab of `context`, once its tabs are shown. */
async function openGraphiQL(context: BrowserContext, gateway: GatewayServer): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${gateway.url}/graphql`);
  await page.getByRole('tab').first().waitFor({ timeout: WAIT_MS });
  return page;
}

const tabTitles = (page: Page) => page.getByRole('tab').allInnerTexts();
const activeTab = (page: Page) => page.locator('[role="tab"][aria-selected="true"]').innerText();

/** Clicks one of GraphiQL's tabs, as a user does, and waits until it is the open one. */
async function openTab(page: Page, title: string): Promise<void> {
  await page
    .getByRole('tab')
    .filter({ has: page.getByRole('button', { name: title, exact: true }) })
    .click();
  await vi.waitFor(async () => expect(await activeTab(page)).toBe(title), { timeout: WAIT_MS });
}

/**
 * Presses ▶ (Execute). A document of several operations makes it a menu of their names: then
 * `operation` is the one picked.
 */
async function execute(page: Page, operation?: string): Promise<void> {
  const button = page.getByRole('button', { name: /^Execute query/ });
  // GraphiQL reads the document of a tab just opened a moment later: until then, the button
  // offers the operations of the tab before.
  await vi.waitFor(
    async () => expect(await button.getAttribute('aria-haspopup')).toBe(operation ? 'menu' : null),
    { timeout: WAIT_MS, interval: 50 },
  );
  await button.click();
  if (operation) await page.getByRole('menuitem', { name: operation, exact: true }).click();
}

/** The text of the result pane (Monaco spaces are non-breaking). */
async function result(page: Page): Promise<string> {
  const text = await page.locator('.graphiql-response .view-lines').innerText();
  return text.replace(/\u00a0/g, ' ');
}

/** Waits, with a ceiling a loaded machine stays well inside, until the result pane shows `pattern`. */
function waitForResult(page: Page, pattern: RegExp): Promise<string> {
  return vi.waitFor(
    async () => {
      const text = await result(page);
      if (!pattern.test(text)) throw new Error(`the result pane never showed ${pattern}:\n${text}`);
      return text;
    },
    { timeout: WAIT_MS, interval: 100 },
  );
}

/** A status event as the WatchMeeting result pane shows it. */
const statusEvent = (status: string, previous: string) =>
  new RegExp(`"status": "${status}",\\s*"previousStatus": "${previous}"`);

/** The editor below the document: `Variables` or `Headers`. */
function toolEditor(page: Page) {
  return page.locator('.graphiql-editor-tool .monaco-editor:visible');
}

async function toolEditorText(page: Page, pane: 'Variables' | 'Headers'): Promise<string> {
  await page.getByRole('button', { name: pane, exact: true }).click();
  const text = await toolEditor(page).locator('.view-lines').innerText();
  return text.replace(/\u00a0/g, ' ');
}

/** Replaces what the Variables or Headers pane holds with `text`, pasted. */
async function pasteInto(page: Page, pane: 'Variables' | 'Headers', text: string) {
  await page.evaluate((copied) => navigator.clipboard.writeText(copied), text);
  await page.getByRole('button', { name: pane, exact: true }).click();
  await toolEditor(page).click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.press('ControlOrMeta+V');
  await vi.waitFor(async () => expect(await toolEditorText(page, pane)).toBe(text), {
    timeout: WAIT_MS,
  });
}

/** Waits until the gateway serves `count` subscribers (the browser's SSE request has arrived). */
async function waitForSubscribers(gateway: GatewayServer, count: number): Promise<void> {
  await vi.waitFor(() => expect(gateway.app.events.subscribers).toBe(count), {
    timeout: WAIT_MS,
    interval: 50,
  });
}

// Playwright's own waits default to 30 s; each test may take many of them on a loaded machine.
describe('GraphiQL', { timeout: 10 * WAIT_MS }, () => {
  afterAll(async () => {
    for (const context of contexts.splice(0)) await context.close();
  });

  it('opens with the WatchMeeting, StartRecording and Recordings tabs, served without any CDN', async () => {
    const context = await freshProfile();
    const offsite: string[] = [];
    context.on('request', (request) => {
      if (!request.url().startsWith(server.url) && !/^(data|blob):/.test(request.url())) {
        offsite.push(request.url());
      }
    });
    const page = await openGraphiQL(context, server);
    expect(await tabTitles(page)).toEqual(TABS);
    expect(await activeTab(page)).toBe('WatchMeeting');
    await page.locator('.graphiql-query-editor').getByText('subscription').first().waitFor();
    await openTab(page, 'StartRecording');
    expect(await toolEditorText(page, 'Variables')).toContain(
      `"id": "${RECORDING_ID_PLACEHOLDER}"`,
    );
    expect(offsite).toEqual([]);
  });

  it('shows the schema in the documentation explorer', async () => {
    const page = await openGraphiQL(await freshProfile(), server);
    await page.getByRole('button', { name: /documentation explorer/i }).click();
    const docs = page.locator('.graphiql-doc-explorer');
    await docs.getByText('Subscription', { exact: false }).first().waitFor({ timeout: WAIT_MS });
    await docs.getByRole('link', { name: 'Query' }).click();
    await docs.getByText('recordings', { exact: true }).first().waitFor();
    await docs.getByText('activeRecording', { exact: true }).first().waitFor();
  });

  it('runs the README flow: WatchMeeting in one browser tab, the mutations in a second', async () => {
    const context = await freshProfile();
    const before = server.app.events.subscribers;

    // 1. WatchMeeting, in the first browser tab.
    const watch = await openGraphiQL(context, server);
    expect(await tabTitles(watch)).toEqual(TABS);
    await execute(watch);
    await waitForSubscribers(server, before + 1);
    await watch.getByRole('button', { name: /^Stop query/ }).waitFor({ timeout: WAIT_MS });

    // 2. The same address in a second browser tab: the same tabs, on WatchMeeting.
    const act = await openGraphiQL(context, server);
    expect(await tabTitles(act)).toEqual(TABS);
    expect(await activeTab(act)).toBe('WatchMeeting');
    await openTab(act, 'StartRecording');

    // 3. StartRecording: its id in the result, RECORDING in the first browser tab.
    await execute(act, 'StartRecording');
    const started = await waitForResult(act, /"__typename": "StartRecordingSuccess"/);
    const id = /"id": "([0-9a-f-]{36})"/.exec(started)?.[1];
    expect(id).toBeDefined();
    await watch.bringToFront();
    const recording = await waitForResult(watch, statusEvent('RECORDING', 'INVOKED'));
    expect(recording).toContain(`"id": "${id}"`);

    // 4. The id into Variables, in place of the placeholder.
    await act.bringToFront();
    expect(await toolEditorText(act, 'Variables')).toContain(RECORDING_ID_PLACEHOLDER);
    await pasteInto(act, 'Variables', JSON.stringify({ id }, null, 2));

    // 5. Pause, resume and stop it, each change shown by WatchMeeting as it happens.
    const steps = [
      ['PauseRecording', statusEvent('PAUSED', 'RECORDING')],
      ['ResumeRecording', statusEvent('RECORDING', 'PAUSED')],
      ['StopRecording', statusEvent('UPLOADED', 'UPLOADING')],
    ] as const;
    for (const [operation, shown] of steps) {
      await act.bringToFront();
      await execute(act, operation);
      await waitForResult(act, new RegExp(`"__typename": "${operation}Success"`));
      await watch.bringToFront();
      expect(await waitForResult(watch, shown)).toContain(`"id": "${id}"`);
    }
    // The subscription ran all along, in the first browser tab's WatchMeeting tab.
    expect(await activeTab(watch)).toBe('WatchMeeting');
    expect(server.app.events.subscribers).toBe(before + 1);

    // 6. Recordings lists what the meeting recorded.
    await act.bringToFront();
    await openTab(act, 'Recordings');
    await execute(act);
    const listed = await waitForResult(act, /"totalCount": 1/);
    expect(listed).toContain(`"id": "${id}"`);
    expect(listed).toContain('"status": "UPLOADED"');
    await watch.screenshot({ path: join(tmpdir(), 'rtk-graphiql-watch.png') });
    await act.screenshot({ path: join(tmpdir(), 'rtk-graphiql-act.png') });

    // Closing the first browser tab ends the subscription.
    await watch.close();
    await waitForSubscribers(server, before);
  });

  it('stops WatchMeeting when another tab of the same page is opened, as its comment warns', async () => {
    const before = server.app.events.subscribers;
    const page = await openGraphiQL(await freshProfile(), server);
    await execute(page);
    await waitForSubscribers(server, before + 1);
    await openTab(page, 'StartRecording');
    await waitForSubscribers(server, before);
  });

  it('opens a reloaded page on the tabs as they were left, not on a new empty one', async () => {
    const page = await openGraphiQL(await freshProfile(), server);
    // GraphiQL saves its tabs half a second after they change (and after they first open).
    const saved = (active: number) =>
      page.waitForFunction(
        (index) =>
          JSON.parse(localStorage.getItem('graphiql:tabState') ?? '{}').activeTabIndex === index,
        active,
        { timeout: WAIT_MS },
      );
    const reload = async () => {
      await page.reload();
      await page.getByRole('tab').first().waitFor({ timeout: WAIT_MS });
    };
    await saved(0);
    await reload();
    expect(await tabTitles(page)).toEqual(TABS);
    expect(await activeTab(page)).toBe('WatchMeeting');
    await openTab(page, 'Recordings');
    await saved(2);
    await reload();
    expect(await tabTitles(page)).toEqual(TABS);
    expect(await activeTab(page)).toBe('Recordings');
  });
});

/** Runs WatchMeeting and sees it refused: a 401 from the gateway, its error in the result pane. */
async function runRefused(page: Page): Promise<void> {
  const answer = page.waitForResponse(
    (response) => /subscription WatchMeeting/.test(response.request().postData() ?? ''),
    { timeout: WAIT_MS },
  );
  await execute(page);
  expect((await answer).status()).toBe(401);
  expect(await waitForResult(page, /"errors"/)).toContain('"code": "UNAUTHENTICATED"');
}

describe('GraphiQL with AUTH_MODE=jwt', { timeout: 6 * WAIT_MS }, () => {
  const SECRET = 'a-graphiql-test-signing-secret-of-32-bytes!';
  let gateway: GatewayServer;

  beforeAll(async () => {
    gateway = await startTestServer({
      AUTH_MODE: 'jwt',
      AUTH_JWT_SECRET: SECRET,
      SIMULATOR_TIME_SCALE: '0.02',
    });
  }, 120_000);

  afterAll(async () => {
    for (const context of contexts.splice(0)) await context.close();
    await gateway?.stop();
  });

  it('sends the Headers pane with the subscription: refused without a token, live with one', async () => {
    const page = await openGraphiQL(await freshProfile(), gateway);
    const before = gateway.app.events.subscribers;
    expect(await toolEditorText(page, 'Headers')).toBe(JWT_HEADERS_PLACEHOLDER);

    // As the page opens the placeholder is no token, and with no Authorization header at all it
    // is the same: the subscription is refused.
    await runRefused(page);
    await pasteInto(page, 'Headers', '{}');
    await runRefused(page);
    expect(gateway.app.events.subscribers).toBe(before);

    // With a token in the Headers pane, it runs and shows the meeting's changes.
    const token = await signToken(SECRET, { sub: 'graphiql-user' });
    await pasteInto(page, 'Headers', JSON.stringify({ Authorization: bearer(token) }));
    // The schema, refused when the page opened, loads with the token once fetched again.
    await page.getByRole('button', { name: /^Re-fetch GraphQL schema/ }).click();
    await page.getByRole('button', { name: /documentation explorer/i }).click();
    await page
      .locator('.graphiql-doc-explorer')
      .getByRole('link', { name: 'Subscription' })
      .waitFor({ timeout: WAIT_MS });
    await execute(page);
    await waitForSubscribers(gateway, before + 1);
    const document = await page.locator('.graphiql-query-editor .view-lines').innerText();
    const meetingId = /meetingId: "([0-9a-f-]{36})"/.exec(document.replace(/\u00a0/g, ' '))?.[1];
    expect(meetingId).toBeDefined();
    const response = await fetch(`${gateway.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: bearer(token) },
      body: JSON.stringify({
        query: print(StartRecordingDocument),
        variables: { input: { meetingId } },
      }),
    });
    expect(response.status).toBe(200);
    await waitForResult(page, statusEvent('RECORDING', 'INVOKED'));
    await page.screenshot({ path: join(tmpdir(), 'rtk-graphiql-jwt.png') });
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
