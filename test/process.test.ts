import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { print } from 'graphql';
import { describe, it } from 'vitest';
import { startSimulator } from '../src/simulator/index.js';
import { RecordingByIdDocument, RecordingStatusChangedDocument } from './__generated__/graphql.js';
import { startHoldingProxy } from './support/holding-proxy.js';
import { graphql } from './support/http.js';
import { freshDataDir } from './support/pglite.js';
import { runGateway, runScript, startGatewayProcess } from './support/processes.js';
import { scaled } from './support/time.js';
import { wsClient } from './support/ws.js';

/** The gateway (or a script) as a real child process, as `npm start` runs it. */

const TIMEOUT_MS = scaled(300_000);
const CLOUDFLARE = {
  CLOUDFLARE_API_TOKEN: 'cf-process-token',
  CLOUDFLARE_ACCOUNT_ID: 'acc0123456789abcdef0123456789abcd',
  REALTIMEKIT_APP_ID: randomUUID(),
};

// Each test runs its own processes: they run side by side, as the file's cost is their start-up.
describe.concurrent('the gateway process', () => {
  it(
    'starts on embedded defaults in an empty DATA_DIR, and on SIGTERM closes sockets with 1001',
    async ({ expect }) => {
      const gateway = await startGatewayProcess({
        SIMULATOR_TIME_SCALE: '0.01',
        DATA_DIR: freshDataDir('rtk-process-', { empty: true }),
      });
      await gateway.waitForLog('simulator listening');
      expect((await gateway.waitForLog('SIMULATOR MODE')).mode).toBe('simulator');

      let connected = () => {};
      const opened = new Promise<void>((resolve) => {
        connected = resolve;
      });
      const closed = new Promise<number>((resolve) => {
        const client = wsClient(gateway.url, { onConnected: connected, onClosed: resolve });
        client.subscribe(
          { query: print(RecordingStatusChangedDocument), variables: { meetingId: randomUUID() } },
          { next: () => {}, error: () => {}, complete: () => {} },
        );
      });
      await opened;

      expect(await gateway.stop('SIGTERM')).toBe(0);
      expect(await closed).toBe(1001);
      await expect(fetch(`${gateway.url}/healthz`)).rejects.toThrow();
      expect(gateway.output()).toContain('rtk-gateway stopped');
    },
    TIMEOUT_MS,
  );

  it(
    'refuses to share its embedded database with a second gateway',
    async ({ expect }) => {
      const first = await startGatewayProcess();
      const second = runGateway({ PORT: '0', DATA_DIR: first.dataDir });
      expect(await second.exited).toBe(1);
      expect(second.output()).toMatch(/DATA_DIR .* is in use by process \d+/);
      expect(await first.stop()).toBe(0);
    },
    TIMEOUT_MS,
  );

  it(
    'in Cloudflare mode, refuses to serve without AUTH_MODE; with none, warns, and finishes a request in flight on SIGTERM',
    async ({ expect }) => {
      const simulator = await startSimulator({ apiToken: CLOUDFLARE.CLOUDFLARE_API_TOKEN });
      try {
        // Holds the gateway's upstream read of a recording until the test lets it go.
        const upstream = await startHoldingProxy(
          simulator.baseUrl,
          (req) => req.method === 'GET' && /\/recordings\/[^/?]+(\?|$)/.test(req.url ?? ''),
        );
        const cloudflare = { ...CLOUDFLARE, CLOUDFLARE_BASE_URL: upstream.url, PORT: '0' };
        const refused = runGateway(cloudflare);
        expect(await refused.exited).toBe(1);
        expect(refused.output()).toContain(
          'AUTH_MODE: Cloudflare mode needs client authentication',
        );

        const open = await startGatewayProcess({ ...cloudflare, AUTH_MODE: 'none' });
        expect(String((await open.waitForLog('AUTH_MODE=none')).level)).toBe('40');
        const inFlight = graphql(open, RecordingByIdDocument, { id: randomUUID() });
        await upstream.held;
        open.child.kill('SIGTERM');
        await open.waitForLog('shutting down');
        upstream.release();
        const answer = await inFlight;
        expect(answer.expectNoGraphQLErrors()).toEqual({ recording: null });
        expect(await open.exited).toBe(0);
        // Shutting down began before the request was answered, and the answer was logged.
        const lines = open.output().split('\n');
        const answered = lines.findIndex((line) => line.includes('"path":"/graphql"'));
        expect(answered).toBeGreaterThan(lines.findIndex((line) => line.includes('shutting down')));
        expect(open.output()).not.toContain('cf-process-token');
      } finally {
        await simulator.stop();
      }
    },
    TIMEOUT_MS,
  );

  it(
    'refuses to start on invalid settings, listing every problem',
    async ({ expect }) => {
      const gateway = runGateway({
        PORT: 'nope',
        CLOUDFLARE_API_TOKEN: 'only-the-token',
      });
      expect(await gateway.exited).toBe(1);
      const output = gateway.output();
      expect(output).toContain('PORT');
      expect(output).toContain('CLOUDFLARE_ACCOUNT_ID');
      expect(output).not.toContain('only-the-token');
    },
    TIMEOUT_MS,
  );
});

describe.concurrent('npm run webhooks:register', () => {
  it(
    'registers the intake once and is idempotent',
    async ({ expect }) => {
      const simulator = await startSimulator({ apiToken: 'register-test-token' });
      try {
        const env = {
          CLOUDFLARE_API_TOKEN: 'register-test-token',
          CLOUDFLARE_ACCOUNT_ID: 'acc0123456789abcdef0123456789abcd',
          REALTIMEKIT_APP_ID: randomUUID(),
          CLOUDFLARE_BASE_URL: simulator.baseUrl,
          GATEWAY_PUBLIC_URL: 'https://gateway.example.com/',
        };
        const first = runScript('scripts/register-webhook.ts', env);
        expect(await first.exited).toBe(0);
        expect(first.output()).toMatch(
          /^created webhook [0-9a-f-]{36} → https:\/\/gateway\.example\.com\/webhooks\/realtimekit/,
        );
        const second = runScript('scripts/register-webhook.ts', env);
        expect(await second.exited).toBe(0);
        expect(second.output()).toMatch(/^unchanged webhook/);
        const posts = simulator.calls.filter(
          (call) => call.method === 'POST' && call.path === '/webhooks',
        );
        expect(posts).toHaveLength(1);
        expect(posts[0]?.body).toMatchObject({ events: ['recording.statusUpdate'], enabled: true });

        const missingUrl = runScript('scripts/register-webhook.ts', {
          ...env,
          GATEWAY_PUBLIC_URL: '',
        });
        expect(await missingUrl.exited).toBe(2);
        expect(missingUrl.output()).toContain('GATEWAY_PUBLIC_URL');
      } finally {
        await simulator.stop();
      }
    },
    TIMEOUT_MS,
  );
});

describe('the build', () => {
  it('bundles the SDK with its RealtimeKit resource alone, not the whole Cloudflare API', ({
    expect,
  }) => {
    // Each SDK resource class names its place in the client; the full SDK has well over a hundred.
    const bundle = readFileSync('dist/main.js', 'utf8');
    const resources = [...bundle.matchAll(/_key = Object\.freeze\(\["([^"]+)"\]\)/g)].map(
      ([, key]) => key,
    );
    expect(resources).toEqual(['realtimeKit']);
  });
});
