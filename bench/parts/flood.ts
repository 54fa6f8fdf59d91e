import type { BenchContext } from '../lib/context.js';
import { call } from '../lib/ipc.js';
import { runLoad } from '../lib/load.js';
import { rssBytes, settledRss } from '../lib/proc-stats.js';
import { type Row, row } from '../lib/report.js';
import { intSetting } from '../lib/settings.js';
import { millis, percentile } from '../lib/stats.js';
import { lifecycleDeliveries, WEBHOOK_PATH } from '../lib/webhooks.js';
import type { FloodingMessage, FloodMessage } from '../load/flood-client.js';

/**
 * Under abuse: one socket asks for thousands of subscriptions resuming from the oldest cursor of
 * a long log, then never reads. The gateway must keep answering `/healthz` quickly and its memory
 * must not grow without bound. Measured, with no baseline: the goal is absolute.
 */

const QUERY = `subscription Flood($after: String) {
  recordingStatusChanged(after: $after) { cursor recordingId status previousStatus occurredAt
    recording { id status outputFileName startedTime stoppedTime fileSize downloadUrl } }
}`;

export async function floodPart(context: BenchContext): Promise<Row[]> {
  const server = await context.startGateway('flood');
  const loader = context.fork('flood-seed', 'bench/load/http-load.ts');
  const { appId } = await context.upstream();
  const deliveries = lifecycleDeliveries(context.key, appId, intSetting('BENCH_FLOOD_LOG') / 4);
  const requests = deliveries.map((delivery) => ({
    method: 'POST',
    path: WEBHOOK_PATH,
    headers: delivery.headers,
    body: delivery.body,
  }));
  await runLoad(loader, server, requests, requests.length, 16);
  await loader.stop();

  const before = await settledRss(server.proc.pid);
  const attacker = context.fork('flood-client', 'bench/load/flood-client.ts');
  let peak = before;
  const sampling = setInterval(() => {
    peak = Math.max(peak, rssBytes(server.proc.pid));
  }, 50);
  try {
    const flood: FloodMessage = {
      type: 'flood',
      url: `${server.origin.replace('http', 'ws')}/graphql`,
      query: QUERY,
      // The first event of the fresh log: every accepted subscription replays all of it.
      after: '0000000000000001',
      count: intSetting('BENCH_FLOOD_SUBSCRIPTIONS'),
    };
    const flooding = await call<FloodingMessage>(attacker.child, flood, 'flooding');
    const latencies: number[] = [];
    const until = performance.now() + intSetting('BENCH_FLOOD_SECONDS') * 1000;
    while (performance.now() < until) {
      const started = performance.now();
      const response = await fetch(`${server.origin}/healthz`);
      await response.arrayBuffer();
      if (!response.ok) throw new Error(`/healthz answered ${response.status}`);
      latencies.push(performance.now() - started);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const growth = peak - before;
    const asked = `${flooding.accepted + flooding.refused} asked, ${flooding.accepted} accepted`;
    return [
      row(
        `flood: one socket, ${asked}, never reading; \`/healthz\` p99 / max`,
        {
          project: `${millis(percentile(latencies, 0.99))} / ${millis(Math.max(...latencies))}`,
          value: Math.max(...latencies),
        },
        { max: 100, label: '≤ 100 ms' },
      ),
      row(
        'same, gateway memory growth (RSS, peak over before)',
        { project: `${(growth / 1024 / 1024).toFixed(0)} MiB`, value: growth / 1024 / 1024 },
        { max: 256, label: '< 256 MiB' },
      ),
    ];
  } finally {
    clearInterval(sampling);
    await attacker.stop();
  }
}
