import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { print } from 'graphql';
import { createClient } from 'graphql-ws';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startSimulator } from '../src/simulator/index.js';
import { RecordingByIdDocument, RecordingStatusChangedDocument } from './__generated__/graphql.js';

/** The gateway (or a script) as a real child process, as `npm start` runs it. */
const TSX = ['--import', 'tsx'];
const children: ChildProcess[] = [];

afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
});

function run(script: string, env: Record<string, string>) {
  const child = spawn(process.execPath, [...TSX, script], {
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  const lines: string[] = [];
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => resolve(code)),
  );
  createInterface({ input: child.stdout as NodeJS.ReadableStream }).on('line', (line) =>
    lines.push(line),
  );
  createInterface({ input: child.stderr as NodeJS.ReadableStream }).on('line', (line) =>
    lines.push(line),
  );
  return { child, lines, exited };
}

/** Waits for a JSON log line whose `msg` matches, and returns it parsed. */
async function logLine(lines: string[], msg: string): Promise<Record<string, unknown>> {
  for (let i = 0; i < 300; i += 1) {
    for (const line of lines) {
      if (line.includes(msg)) return JSON.parse(line) as Record<string, unknown>;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`never logged "${msg}":\n${lines.join('\n')}`);
}

describe('the gateway process', () => {
  it('starts on embedded defaults and drains on SIGTERM: sockets closed with 1001, requests finished', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'rtk-process-'));
    const gateway = run('src/server.ts', {
      PORT: '0',
      SIMULATOR_TIME_SCALE: '0.01',
      DATA_DIR: dataDir,
    });
    gateway.exited.finally(() => rmSync(dataDir, { recursive: true, force: true }));
    const url = String((await logLine(gateway.lines, 'rtk-gateway listening')).url);
    const simulatorUrl = String((await logLine(gateway.lines, 'simulator listening')).url);
    expect((await logLine(gateway.lines, 'SIMULATOR MODE')).mode).toBe('simulator');

    let connected!: () => void;
    const opened = new Promise<void>((resolve) => {
      connected = resolve;
    });
    const closed = new Promise<number>((resolve) => {
      const client = createClient({
        url: url.replace('http', 'ws'),
        webSocketImpl: WebSocket,
        retryAttempts: 0,
        on: { connected, closed: (event) => resolve((event as { code: number }).code) },
      });
      client.subscribe(
        { query: print(RecordingStatusChangedDocument), variables: { meetingId: randomUUID() } },
        { next: () => {}, error: () => {}, complete: () => {} },
      );
    });
    await opened;

    // A request in flight when SIGTERM arrives still gets its answer.
    const slow = await fetch(`${simulatorUrl}/__simulator/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ rest: { method: 'GET', pathPattern: '^/recordings/', delayMs: 500 } }),
    });
    expect(slow.status).toBeLessThan(300);
    const inFlight = fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        query: print(RecordingByIdDocument),
        variables: { id: randomUUID() },
      }),
    });
    await new Promise((resolve) => setTimeout(resolve, 100));
    gateway.child.kill('SIGTERM');

    expect(await closed).toBe(1001);
    const answer = await inFlight;
    expect(answer.status).toBe(200);
    expect(await answer.json()).toEqual({ data: { recording: null } });
    expect(await gateway.exited).toBe(0);
    await expect(fetch(`${url.replace('/graphql', '')}/healthz`)).rejects.toThrow();
    expect(gateway.lines.join('\n')).toContain('rtk-gateway stopped');
  }, 30_000);

  it('refuses to share its embedded database with a second gateway', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'rtk-shared-'));
    try {
      const first = run('src/server.ts', { PORT: '0', DATA_DIR: dataDir });
      await logLine(first.lines, 'rtk-gateway listening');
      const second = run('src/server.ts', { PORT: '0', DATA_DIR: dataDir });
      expect(await second.exited).toBe(1);
      expect(second.lines.join('\n')).toMatch(/DATA_DIR .* is in use by process \d+/);
      first.child.kill('SIGTERM');
      expect(await first.exited).toBe(0);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 30_000);

  it('refuses to serve the Cloudflare token without AUTH_MODE, and warns when it is none', async () => {
    const cloudflare = {
      CLOUDFLARE_API_TOKEN: 'cf-process-token',
      CLOUDFLARE_ACCOUNT_ID: 'acc0123456789abcdef0123456789abcd',
      REALTIMEKIT_APP_ID: randomUUID(),
      CLOUDFLARE_BASE_URL: 'http://127.0.0.1:9/client/v4',
      PORT: '0',
    };
    const refused = run('src/server.ts', cloudflare);
    expect(await refused.exited).toBe(1);
    expect(refused.lines.join('\n')).toContain(
      'AUTH_MODE: Cloudflare mode needs client authentication',
    );
    const dataDir = mkdtempSync(join(tmpdir(), 'rtk-none-'));
    try {
      const open = run('src/server.ts', { ...cloudflare, AUTH_MODE: 'none', DATA_DIR: dataDir });
      expect(String((await logLine(open.lines, 'AUTH_MODE=none')).level)).toBe('40');
      await logLine(open.lines, 'rtk-gateway listening');
      open.child.kill('SIGTERM');
      expect(await open.exited).toBe(0);
      expect(open.lines.join('\n')).not.toContain('cf-process-token');
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 30_000);

  it('refuses to start on invalid settings, listing every problem', async () => {
    const gateway = run('src/server.ts', { PORT: 'nope', CLOUDFLARE_API_TOKEN: 'only-the-token' });
    expect(await gateway.exited).toBe(1);
    const output = gateway.lines.join('\n');
    expect(output).toContain('PORT');
    expect(output).toContain('CLOUDFLARE_ACCOUNT_ID');
    expect(output).not.toContain('only-the-token');
  }, 30_000);
});

describe('npm run webhooks:register', () => {
  it('registers the intake once and is idempotent', async () => {
    const simulator = await startSimulator({ apiToken: 'register-test-token' });
    try {
      const env = {
        CLOUDFLARE_API_TOKEN: 'register-test-token',
        CLOUDFLARE_ACCOUNT_ID: 'acc0123456789abcdef0123456789abcd',
        REALTIMEKIT_APP_ID: randomUUID(),
        CLOUDFLARE_BASE_URL: simulator.baseUrl,
        GATEWAY_PUBLIC_URL: 'https://gateway.example.com/',
      };
      const first = run('scripts/register-webhook.ts', env);
      expect(await first.exited).toBe(0);
      expect(first.lines.join('\n')).toMatch(
        /^created webhook [0-9a-f-]{36} → https:\/\/gateway\.example\.com\/webhooks\/realtimekit/,
      );
      const second = run('scripts/register-webhook.ts', env);
      expect(await second.exited).toBe(0);
      expect(second.lines.join('\n')).toMatch(/^unchanged webhook/);
      const posts = simulator.calls.filter(
        (call) => call.method === 'POST' && call.path === '/webhooks',
      );
      expect(posts).toHaveLength(1);
      expect(posts[0]?.body).toMatchObject({ events: ['recording.statusUpdate'], enabled: true });

      const missingUrl = run('scripts/register-webhook.ts', { ...env, GATEWAY_PUBLIC_URL: '' });
      expect(await missingUrl.exited).toBe(2);
      expect(missingUrl.lines.join('\n')).toContain('GATEWAY_PUBLIC_URL');
    } finally {
      await simulator.stop();
    }
  }, 30_000);
});
