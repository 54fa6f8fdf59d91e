import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { GatewayServer } from '../src/transport/server.js';
import {
  RecordingStatusChangedDocument,
  type StartRecordingInput,
} from './__generated__/graphql.js';
import { pauseResumeStop, startRecordingOver, watchStatuses } from './support/clients.js';
import { gatewayPool } from './support/gateway.js';
import { post } from './support/http.js';
import { rsaPair } from './support/keys.js';
import { delta, type Scrape, scrape } from './support/metrics.js';
import { subscribeSse } from './support/sse.js';
import { eventually } from './support/time.js';
import { operation, wsClient } from './support/ws.js';
import { deliverSigned, signBody, statusUpdateBody, WEBHOOK_PATH } from './webhooks/support.js';

const startGateway = gatewayPool();
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;
let server: GatewayServer;

const start = (input: StartRecordingInput) => startRecordingOver(server.url, input);

/** Every counter (and histogram count) of the gateway's own that moved, with how much. */
function counterDeltas(before: Scrape, after: Scrape): Record<string, number> {
  const moved: Record<string, number> = {};
  for (const sample of after.samples) {
    if (!sample.name.startsWith('rtk_') || !/(_total|_count)$/.test(sample.name)) continue;
    const change = delta(before, after, sample.name, sample.labels);
    const labels = Object.entries(sample.labels)
      .map(([name, value]) => `${name}=${value}`)
      .join(',');
    if (change !== 0) moved[`${sample.name}{${labels}}`] = change;
  }
  return moved;
}

/** Scrapes until `check` passes: gauges follow sockets and streams that close asynchronously. */
async function scrapeUntil(url: string | undefined, check: (scrape: Scrape) => void) {
  let last: Scrape | undefined;
  await vi.waitFor(async () => {
    last = await scrape(url);
    check(last);
  }, eventually);
  return last as Scrape;
}

beforeAll(async () => {
  server = await startGateway();
});

describe('a recording lifecycle, counted', () => {
  it('counts each operation, upstream call, webhook and event of start, pause, resume and stop exactly', async () => {
    const before = await scrape(server.metricsUrl);
    const meetingId = randomUUID();
    const watch = await watchStatuses(server, { meetingId });
    const id = await start({ meetingId });
    await pauseResumeStop(server.url, watch, id);
    // Every delivery has been answered.
    await server.app.simulator?.idle();
    const deliveries = server.app.simulator?.statusHistory(id).length;
    expect(deliveries).toBe(6);

    const during = await scrape(server.metricsUrl);
    expect(during.value('rtk_graphql_ws_connections')).toBe(1);
    expect(during.value('rtk_graphql_subscriptions', { transport: 'graphql-ws' })).toBe(1);
    expect(during.value('rtk_graphql_ws_shared_executions')).toBe(1);
    // The subscriber has every event: the feed handed out all the log holds.
    expect(during.value('rtk_event_feed_lag_events')).toBe(0);

    await watch.close();
    const after = await scrapeUntil(server.metricsUrl, (now) => {
      expect(now.value('rtk_graphql_ws_connections')).toBe(0);
      expect(now.value('rtk_graphql_subscriptions')).toBe(0);
      expect(now.value('rtk_graphql_ws_shared_executions')).toBe(0);
    });

    const operation = (name: string, type: string) =>
      `operation_name=${name},operation_type=${type}`;
    const mutations = ['StartRecording', 'PauseRecording', 'ResumeRecording', 'StopRecording'];
    expect(counterDeltas(before, after)).toEqual({
      // Over graphql-ws, the subscription; over HTTP, the four mutations.
      [`rtk_graphql_operations_total{${operation('RecordingStatusChanged', 'subscription')},outcome=ok}`]: 1,
      [`rtk_graphql_operation_duration_seconds_count{${operation('RecordingStatusChanged', 'subscription')}}`]: 1,
      ...Object.fromEntries(
        mutations.flatMap((name) => [
          [`rtk_graphql_operations_total{${operation(name, 'mutation')},outcome=ok}`, 1],
          [`rtk_graphql_operation_duration_seconds_count{${operation(name, 'mutation')}}`, 1],
        ]),
      ),
      // One start, three actions; the PAUSED and the second RECORDING delivery each confirmed
      // with one GET, from the check budget.
      'rtk_upstream_requests_total{operation=startRecording,status=200}': 1,
      'rtk_upstream_requests_total{operation=actOnRecording,status=200}': 3,
      'rtk_upstream_requests_total{operation=getRecording,status=200}': 2,
      'rtk_upstream_request_duration_seconds_count{operation=startRecording}': 1,
      'rtk_upstream_request_duration_seconds_count{operation=actOnRecording}': 3,
      'rtk_upstream_request_duration_seconds_count{operation=getRecording}': 2,
      'rtk_upstream_check_budget_total{purpose=confirm,result=granted}': 2,
      'rtk_webhook_deliveries_total{outcome=accepted}': deliveries,
      'rtk_events_stored_total{source=webhook}': 6,
      'rtk_events_published_total{}': 6,
    });
    expect(after.value('rtk_graphql_operations_total', { operation_type: 'mutation' })).toBe(4);
    expect(after.value('rtk_event_feed_lag_events')).toBe(0);

    // No id, subject or secret is ever a label value.
    expect(after.text).not.toMatch(UUID);
    for (const secret of [
      server.app.upstream.apiToken,
      server.app.upstream.accountId,
      server.app.upstream.appId,
    ]) {
      expect(after.text).not.toContain(secret);
    }
  });

  it('counts a repeated start with the same idempotency key as a hit, with one upstream call', async () => {
    const before = await scrape(server.metricsUrl);
    const input = { meetingId: randomUUID(), idempotencyKey: `key-${randomUUID()}` };
    const first = await start(input);
    expect(await start(input)).toBe(first);
    const after = await scrape(server.metricsUrl);
    expect(delta(before, after, 'rtk_idempotent_starts_total', { outcome: 'started' })).toBe(1);
    expect(delta(before, after, 'rtk_idempotent_starts_total', { outcome: 'replayed' })).toBe(1);
    expect(delta(before, after, 'rtk_idempotent_starts_total')).toBe(2);
    expect(
      delta(before, after, 'rtk_upstream_requests_total', { operation: 'startRecording' }),
    ).toBe(1);
    expect(
      delta(before, after, 'rtk_graphql_operations_total', {
        operation_name: 'StartRecording',
        outcome: 'ok',
      }),
    ).toBe(2);
    await server.app.simulator?.idle();
  });

  it('counts an upstream 429 under its status, then the retry that was answered', async () => {
    const id = await start({ meetingId: randomUUID() });
    await server.app.simulator?.idle();
    const before = await scrape(server.metricsUrl);
    server.app.simulator?.faults.rest({
      method: 'GET',
      path: new RegExp(`/recordings/${id}$`),
      status: 429,
      headers: { 'retry-after': '1' },
      body: { success: false, errors: [{ code: 10429, message: 'rate limited' }] },
    });
    const answer = await post(server, { query: `{ recording(id: "${id}") { id } }` });
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ data: { recording: { id } } });
    const after = await scrape(server.metricsUrl);
    const reads = { operation: 'getRecording' };
    expect(delta(before, after, 'rtk_upstream_requests_total', { ...reads, status: '429' })).toBe(
      1,
    );
    expect(delta(before, after, 'rtk_upstream_requests_total', { ...reads, status: '200' })).toBe(
      1,
    );
  });

  it('counts operations over HTTP, graphql-ws and SSE, and open SSE subscriptions', async () => {
    const before = await scrape(server.metricsUrl);
    const query = 'query MetricsProbe { __typename }';
    (await post(server, { query })).expectNoGraphQLErrors();
    const client = wsClient(server.url);
    const overWs = await new Promise<unknown>((resolve, reject) => {
      let data: unknown;
      client.subscribe(
        { query },
        { next: (result) => (data = result.data), error: reject, complete: () => resolve(data) },
      );
    });
    expect(overWs).toEqual({ __typename: 'Query' });
    await client.dispose();
    const stream = await subscribeSse(
      server,
      operation(RecordingStatusChangedDocument, { meetingId: randomUUID() }),
    );
    expect(stream.outcome).toBe('accepted');
    const open = await scrapeUntil(server.metricsUrl, (now) => {
      expect(now.value('rtk_graphql_subscriptions', { transport: 'http' })).toBe(1);
    });
    expect(
      delta(before, open, 'rtk_graphql_operations_total', {
        operation_name: 'MetricsProbe',
        operation_type: 'query',
        outcome: 'ok',
      }),
    ).toBe(2);
    expect(
      delta(before, open, 'rtk_graphql_operations_total', {
        operation_name: 'RecordingStatusChanged',
        operation_type: 'subscription',
      }),
    ).toBe(1);
    await stream.close();
    await scrapeUntil(server.metricsUrl, (now) => {
      expect(now.value('rtk_graphql_subscriptions', { transport: 'http' })).toBe(0);
      expect(now.value('rtk_graphql_ws_connections')).toBe(0);
    });
  });
});

describe('operation names', () => {
  it('labels the first METRICS_MAX_OPERATION_NAMES names and counts every later one as (other)', async () => {
    const gateway = await startGateway({ METRICS_MAX_OPERATION_NAMES: '3' });
    for (let n = 0; n < 20; n++) {
      (await post(gateway, { query: `query Probe${n} { __typename }` })).expectNoGraphQLErrors();
    }
    // A name that has its label keeps it; anonymous operations never take one.
    (await post(gateway, { query: 'query Probe1 { __typename }' })).expectNoGraphQLErrors();
    (await post(gateway, { query: '{ __typename }' })).expectNoGraphQLErrors();
    const after = await scrape(gateway.metricsUrl);
    const names = after.labelValues('rtk_graphql_operations_total', 'operation_name');
    expect(names.sort()).toEqual(['(anonymous)', '(other)', 'Probe0', 'Probe1', 'Probe2']);
    expect(
      after.labelValues('rtk_graphql_operation_duration_seconds_count', 'operation_name'),
    ).toHaveLength(5);
    const count = (name: string) =>
      after.value('rtk_graphql_operations_total', { operation_name: name });
    expect([count('Probe0'), count('Probe1'), count('Probe2')]).toEqual([1, 2, 1]);
    expect(count('(other)')).toBe(17);
    expect(count('(anonymous)')).toBe(1);
  });

  it('counts a mutation the rate limit stops (its RateLimitedError result), and the refusal', async () => {
    const gateway = await startGateway({ MUTATIONS_PER_MINUTE: '1' });
    const before = await scrape(gateway.metricsUrl);
    const stop = { query: `mutation { stopRecording(id: "${randomUUID()}") { __typename } }` };
    const first = (await post(gateway, stop)).expectNoGraphQLErrors();
    expect(first).toEqual({ stopRecording: { __typename: 'NotFoundError' } });
    const refused = (await post(gateway, stop)).expectNoGraphQLErrors();
    expect(refused).toEqual({ stopRecording: { __typename: 'RateLimitedError' } });
    const after = await scrape(gateway.metricsUrl);
    const anonymous = { operation_name: '(anonymous)', operation_type: 'mutation' };
    // Both are answered with data: a result-union error is the operation's answer, not its failure.
    expect(
      delta(before, after, 'rtk_graphql_operations_total', { ...anonymous, outcome: 'ok' }),
    ).toBe(2);
    expect(
      delta(before, after, 'rtk_graphql_operations_total', { ...anonymous, outcome: 'error' }),
    ).toBe(0);
    expect(delta(before, after, 'rtk_rate_limited_total', { limit: 'mutations' })).toBe(1);
    expect(delta(before, after, 'rtk_rate_limited_total')).toBe(1);
    // The first stop reached RealtimeKit, which has no such recording; the second did not.
    expect(
      delta(before, after, 'rtk_upstream_requests_total', { operation: 'actOnRecording' }),
    ).toBe(1);
    expect(
      delta(before, after, 'rtk_upstream_requests_total', {
        operation: 'actOnRecording',
        status: '404',
      }),
    ).toBe(1);
  });
});

describe('webhook outcomes', () => {
  it('counts accepted, duplicate, 401, 400, 413 and 405 answers by outcome', async () => {
    const pair = rsaPair();
    const gateway = await startGateway({
      REALTIMEKIT_WEBHOOK_PUBLIC_KEY: pair.pem,
      WEBHOOK_MAX_BODY_BYTES: '1024',
    });
    const before = await scrape(gateway.metricsUrl);
    const raw = JSON.stringify(statusUpdateBody({ id: randomUUID(), status: 'INVOKED' }));
    const send = (body: string, headers: Record<string, string>) =>
      post(gateway, body, { path: WEBHOOK_PATH, headers });

    const rtkUuid = randomUUID();
    expect(
      (await deliverSigned(gateway, raw, pair.privateKey, { 'rtk-uuid': rtkUuid })).status,
    ).toBe(200);
    expect(
      (await deliverSigned(gateway, raw, pair.privateKey, { 'rtk-uuid': rtkUuid })).status,
    ).toBe(200);
    expect((await send(raw, {})).status).toBe(401);
    expect((await send(raw, { 'rtk-signature': signBody(raw, rsaPair().privateKey) })).status).toBe(
      401,
    );
    expect((await deliverSigned(gateway, '{"event":', pair.privateKey)).status).toBe(400);
    expect((await deliverSigned(gateway, 'x'.repeat(2048), pair.privateKey)).status).toBe(413);
    expect((await fetch(`${gateway.url}${WEBHOOK_PATH}`)).status).toBe(405);

    const after = await scrape(gateway.metricsUrl);
    const outcomes = Object.fromEntries(
      after
        .labelValues('rtk_webhook_deliveries_total', 'outcome')
        .map((outcome) => [
          outcome,
          delta(before, after, 'rtk_webhook_deliveries_total', { outcome }),
        ])
        .filter(([, change]) => change !== 0),
    );
    expect(outcomes).toEqual({
      accepted: 1,
      duplicate: 1,
      unauthorized: 2,
      malformed: 1,
      too_large: 1,
      method_not_allowed: 1,
    });
    expect(delta(before, after, 'rtk_events_stored_total', { source: 'webhook' })).toBe(1);
    // Every outcome is there from the start, at 0, so rates exist before the first delivery.
    expect(before.labelValues('rtk_webhook_deliveries_total', 'outcome')).toContain('unavailable');
  });
});

describe('serving /metrics', () => {
  it('with METRICS_TOKEN, answers only `Authorization: Bearer <token>`, in production too', async () => {
    const token = `metrics-token-${randomUUID()}`;
    const gateway = await startGateway({ METRICS_TOKEN: token, NODE_ENV: 'production' });
    expect(gateway.metricsUrl).toBe(gateway.url);
    const statusWith = async (headers: Record<string, string>) => {
      const response = await fetch(`${gateway.url}/metrics`, { headers });
      const text = await response.text();
      expect(text).not.toContain('rtk_');
      return [response.status, response.headers.get('www-authenticate')];
    };
    expect(await statusWith({})).toEqual([401, 'Bearer']);
    expect(await statusWith({ authorization: `Bearer ${token}x` })).toEqual([401, 'Bearer']);
    expect(await statusWith({ authorization: `Bearer ${token.slice(0, -1)}` })).toEqual([
      401,
      'Bearer',
    ]);
    expect(await statusWith({ authorization: `Basic ${token}` })).toEqual([401, 'Bearer']);
    expect(await statusWith({ authorization: token })).toEqual([401, 'Bearer']);
    const scraped = await scrape(gateway.metricsUrl, token);
    expect(scraped.value('rtk_graphql_ws_connections')).toBe(0);
    expect(scraped.text).not.toContain(token);
  });

  it('with METRICS_PORT, serves it there alone, and the main port answers 404', async () => {
    const gateway = await startGateway({ METRICS_PORT: '0' });
    const metricsUrl = gateway.metricsUrl;
    expect(metricsUrl).toBeDefined();
    expect(metricsUrl).not.toBe(gateway.url);
    expect((await fetch(`${gateway.url}/metrics`)).status).toBe(404);
    expect((await fetch(`${metricsUrl}/graphql`)).status).toBe(404);
    (await post(gateway, { query: 'query OverMainPort { __typename }' })).expectNoGraphQLErrors();
    const scraped = await scrape(metricsUrl);
    expect(scraped.value('rtk_graphql_operations_total', { operation_name: 'OverMainPort' })).toBe(
      1,
    );
  });

  it('in production, is not served on the main port without a token', async () => {
    const gateway = await startGateway({ NODE_ENV: 'production' });
    expect(gateway.metricsUrl).toBeUndefined();
    expect((await fetch(`${gateway.url}/metrics`)).status).toBe(404);
  });
});
