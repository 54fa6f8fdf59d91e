import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { GatewayServer } from '../../src/transport/server.js';
import { gatewayPool } from '../support/gateway.js';
import { scrape } from '../support/metrics.js';
import { eventually } from '../support/time.js';
import { openRaw } from './support.js';

/**
 * Slow clients: connections that declare a body and stall, or never finish their headers, are
 * cut off, and only so many webhook requests are held at once. Each test waits for the
 * connections' close events, never for a fixed time.
 */

// Long enough that the 50 refusals below surely happen while the first five are still held.
const BODY_TIMEOUT_MS = 8000;
const gateway = gatewayPool();
let server: GatewayServer;
let host: string;
beforeAll(async () => {
  server = await gateway({
    WEBHOOK_MAX_IN_FLIGHT: '5',
    HTTP_BODY_TIMEOUT_MS: String(BODY_TIMEOUT_MS),
    HTTP_HEADERS_TIMEOUT_MS: '1000',
    HTTP_REQUEST_TIMEOUT_MS: '20000',
  });
  host = new URL(server.url).host;
});

/** Opens a connection that declares `declared` body bytes, sends `sent` of them, and stalls. */
async function stalledBody(path: string, declared: number, sent: number) {
  const connection = await openRaw(server.url);
  connection.socket.write(
    `POST ${path} HTTP/1.1\r\nHost: ${host}\r\nContent-Type: application/json\r\nContent-Length: ${declared}\r\n\r\n${'{'.padEnd(sent, ' ')}`,
  );
  return connection;
}

const statusOf = (received: string) => Number(/^HTTP\/1\.1 (\d{3})/.exec(received)?.[1] ?? 0);

describe('slow bodies', () => {
  it('holds at most WEBHOOK_MAX_IN_FLIGHT webhook bodies, refuses more with 503 at once, and cuts the stalled ones off', async () => {
    const before = server.stats();
    const metricsBefore = await scrape(server.metricsUrl);
    const held = await Promise.all(
      Array.from({ length: 5 }, () => stalledBody('/webhooks/realtimekit', 262_144, 255)),
    );
    await vi.waitFor(() => expect(server.stats().webhooksInFlight).toBe(5), eventually);

    const extra = await Promise.all(
      Array.from({ length: 50 }, () => stalledBody('/webhooks/realtimekit', 262_144, 255)),
    );
    const refused = await Promise.all(extra.map((connection) => connection.closed));
    expect(refused.map(statusOf)).toEqual(Array(50).fill(503));
    expect(server.stats().webhooksRefused - before.webhooksRefused).toBe(50);
    expect(server.stats().webhooksInFlight).toBe(5);

    const cutOff = await Promise.all(held.map((connection) => connection.closed));
    expect(cutOff.map(statusOf)).toEqual(Array(5).fill(408));
    await vi.waitFor(() => expect(server.stats().webhooksInFlight).toBe(0), eventually);
    expect(server.stats().bodyTimeouts - before.bodyTimeouts).toBe(5);

    // The slots are free again: a complete (unsigned) delivery is answered, not turned away.
    const delivery = await fetch(`${server.url}/webhooks/realtimekit`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(delivery.status).toBe(401);

    // Each request is counted once, by what it came to: turned away, cut off, or answered.
    await vi.waitFor(async () => {
      const metrics = await scrape(server.metricsUrl);
      const counted = (outcome: string) =>
        metrics.value('rtk_webhook_deliveries_total', { outcome }) -
        metricsBefore.value('rtk_webhook_deliveries_total', { outcome });
      const outcomes = metrics.labelValues('rtk_webhook_deliveries_total', 'outcome');
      expect(
        Object.fromEntries(
          outcomes.map((outcome) => [outcome, counted(outcome)]).filter(([, n]) => n !== 0),
        ),
      ).toEqual({ overloaded: 50, body_timeout: 5, unauthorized: 1 });
    }, eventually);
  }, 60_000);

  it('cuts off 100 stalled GraphQL bodies once the body timeout has passed', async () => {
    const before = server.stats();
    const started = Date.now();
    const stalled = await Promise.all(
      Array.from({ length: 100 }, () => stalledBody('/graphql', 60_000, 100)),
    );
    const answers = await Promise.all(stalled.map((connection) => connection.closed));
    expect(answers.map(statusOf)).toEqual(Array(100).fill(408));
    expect(Date.now() - started).toBeGreaterThanOrEqual(BODY_TIMEOUT_MS);
    expect(server.stats().bodyTimeouts - before.bodyTimeouts).toBe(100);
    const alive = await fetch(`${server.url}/graphql?query=%7B__typename%7D`);
    expect(await alive.json()).toEqual({ data: { __typename: 'Query' } });
  }, 60_000);

  it('closes a connection whose headers never end', async () => {
    const connection = await openRaw(server.url);
    connection.socket.write(`POST /graphql HTTP/1.1\r\nHost: ${host}\r\nContent-Type: app`);
    expect(statusOf(await connection.closed)).toBe(408);
  });
});
