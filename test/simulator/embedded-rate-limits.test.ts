import { afterEach, describe, expect, it, vi } from 'vitest';
import type { GatewayApp } from '../../src/app.js';
import { ConfigError, loadConfig } from '../../src/config.js';
import { RateLimitedError } from '../../src/errors.js';
import { startTestApp } from '../support/gateway.js';

let app: GatewayApp | undefined;

afterEach(async () => {
  vi.useRealTimers();
  await app?.close();
  app = undefined;
});

/** `count` concurrent calls with the gateway's own token to its embedded simulator. */
async function spend(gateway: GatewayApp, count: number): Promise<number[]> {
  const { baseUrl, accountId, appId, apiToken } = gateway.upstream;
  const url = `${baseUrl}/accounts/${accountId}/realtime/kit/${appId}/recordings?per_page=1`;
  const replies = await Promise.all(
    Array.from({ length: count }, () =>
      fetch(url, { headers: { authorization: `Bearer ${apiToken}` } }),
    ),
  );
  await Promise.all(replies.map((reply) => reply.arrayBuffer()));
  return replies.map((reply) => reply.status);
}

// Each test starts a whole gateway (embedded database included): slow on a loaded machine.
describe('SIMULATOR_RATE_LIMITS', () => {
  it('defaults to true and takes only true or false', () => {
    expect(loadConfig({}).simulator.rateLimits).toBe(true);
    expect(loadConfig({ SIMULATOR_RATE_LIMITS: 'false' }).simulator.rateLimits).toBe(false);
    expect(loadConfig({ SIMULATOR_RATE_LIMITS: 'true' }).simulator.rateLimits).toBe(true);
    const error = (() => {
      try {
        loadConfig({ SIMULATOR_RATE_LIMITS: 'off' });
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems.join('\n')).toMatch(/^SIMULATOR_RATE_LIMITS: /m);
  });

  it("on by default: the embedded simulator holds the gateway to RealtimeKit's limits", async () => {
    app = await startTestApp();
    // A frozen clock keeps the whole burst inside one 10-second window on any machine.
    vi.useFakeTimers({ toFake: ['Date'] });
    const statuses = await spend(app, 260);
    expect(statuses.filter((status) => status === 200)).toHaveLength(250);
    expect(statuses.filter((status) => status === 429)).toHaveLength(10);
    // The gateway meets the 429 like RealtimeKit's: RATE_LIMITED with the wait.
    const refusal = await app.realtimeKit
      .listRecordings({ pageNo: 1, perPage: 1 })
      .catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(RateLimitedError);
    expect(refusal).toMatchObject({ retryAfterSeconds: 10 });
  }, 60_000);

  it('false turns them off for the embedded simulator', async () => {
    app = await startTestApp({ SIMULATOR_RATE_LIMITS: 'false' });
    vi.useFakeTimers({ toFake: ['Date'] });
    const statuses = await spend(app, 260);
    expect(statuses.filter((status) => status === 200)).toHaveLength(260);
    const page = await app.realtimeKit.listRecordings({ pageNo: 1, perPage: 1 });
    expect(page.recordings).toEqual([]);
  }, 60_000);
});
