import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { print } from 'graphql';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GatewayServer } from '../src/server.js';
import { StartRecordingDocument } from './__generated__/graphql.js';
import { startTestServer } from './support/gateway.js';

/** Debian's Chromium (`apt-get install chromium`); the suite fails, not skips, without it. */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

let server: GatewayServer;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `GraphiQL tests need Chromium at ${CHROMIUM}: apt-get install chromium, or set CHROMIUM_PATH`,
    );
  }
  server = await startTestServer({ SIMULATOR_TIME_SCALE: '0.02' });
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    // No background traffic: this machine has no network beyond loopback. Playwright gives the
    // browser a fresh temporary profile.
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

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

async function waitForEditorText(pattern: RegExp, timeoutMs = 15_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const text = await editorText();
    if (pattern.test(text)) return text;
    if (Date.now() > deadline) throw new Error(`editors never showed ${pattern}:\n${text}`);
    await page.waitForTimeout(100);
  }
}

describe('GraphiQL', () => {
  it('opens with the default document, served without any CDN', async () => {
    const offsite: string[] = [];
    page.on('request', (request) => {
      if (!request.url().startsWith(server.url) && !/^(data|blob):/.test(request.url())) {
        offsite.push(request.url());
      }
    });
    await page.goto(`${server.url}/graphql`);
    await page.locator('.graphiql-container').first().waitFor({ timeout: 30_000 });
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
    await page.keyboard.press('Control+Enter');
    const before = server.app.events.subscribers;
    for (let i = 0; i < 100 && server.app.events.subscribers === before; i += 1) {
      await page.waitForTimeout(50);
    }
    expect(server.app.events.subscribers).toBe(before + 1);

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
