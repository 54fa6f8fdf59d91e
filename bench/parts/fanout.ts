import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { BenchContext, Server } from '../lib/context.js';
import { epochMs, send } from '../lib/http.js';
import { cpuMeter, rssBytes } from '../lib/proc-stats.js';
import { type Row, row } from '../lib/report.js';
import { intSetting, listSetting } from '../lib/settings.js';
import { int, kib, median, micros, millis, percentile } from '../lib/stats.js';
import { openSubscribers, type Subscribers } from '../lib/subscribers.js';
import { newRecording, signDelivery, statusUpdateBody, WEBHOOK_PATH } from '../lib/webhooks.js';

/**
 * Fan-out: N subscribers of one dashboard (same operation, same variables), then signed webhooks
 * one at a time, each sent once every subscriber has the one before. Per delivered message: the
 * server's CPU, and the time from the webhook's POST to each client's receipt. Against a raw `ws`
 * broadcast of a message as large as the gateway's.
 */

const DASHBOARD = `subscription Dashboard($meetingId: ID!) {
  recordingStatusChanged(meetingId: $meetingId) {
    cursor recordingId meetingId status previousStatus occurredAt source
    recording {
      id status outputFileName startedTime stoppedTime recordingDuration fileSize downloadUrl
      downloadUrlExpiry
    }
  }
}`;
/** How long one event may take to reach every subscriber before the run is called broken. */
const EVENT_TIMEOUT_MS = 300_000;

interface FanoutFigures {
  cpuPerMessageMicros: number;
  p50Ms: number;
  p99Ms: number;
  rssPerConnection: number;
  bytesPerMessage: number;
}

/** POSTs a signed INVOKED of a new recording of the meeting; resolves with its id and send time. */
async function webhook(context: BenchContext, server: Server, meetingId: string) {
  const recording = newRecording((await context.upstream()).appId, meetingId);
  const delivery = signDelivery(context.key, recording.id, statusUpdateBody(recording, 'INVOKED'));
  const sentAt = epochMs();
  const answer = await send(`${server.origin}${WEBHOOK_PATH}`, {
    method: 'POST',
    headers: delivery.headers,
    body: delivery.body,
  });
  if (answer.status !== 200) throw new Error(`webhook answered ${answer.status}: ${answer.text}`);
  return { key: recording.id, sentAt };
}

/**
 * A subscription is live some time after its subscribe message, and nothing says when: webhooks
 * are sent until every socket has had one.
 */
async function primeUntilReady(subscribers: Subscribers, prime: () => Promise<unknown>) {
  let ready = false;
  void subscribers.ready.then(() => {
    ready = true;
  });
  for (let attempt = 0; attempt < 60 && !ready; attempt += 1) {
    await prime();
    await Promise.race([subscribers.ready, sleep(2_000, undefined, { ref: false })]);
  }
  if (!ready) throw new Error('not every socket received an event after 60 webhooks');
}

/** The server's RSS, as the median of readings over a second: one reading catches a GC mid-way. */
async function settledRss(server: Server): Promise<number> {
  const readings: number[] = [];
  for (let index = 0; index < 5; index += 1) {
    await sleep(200);
    readings.push(rssBytes(server.proc.pid));
  }
  return median(readings);
}

async function drive(
  context: BenchContext,
  server: Server,
  protocol: 'graphql-ws' | 'raw',
  count: number,
): Promise<FanoutFigures> {
  const meetingId = randomUUID();
  await webhook(context, server, meetingId); // warms the intake before memory is read
  const rssBefore = await settledRss(server);
  const subscribers = await openSubscribers(context, {
    url: `${server.origin.replace('http', 'ws')}/graphql`,
    count,
    processes: intSetting('BENCH_FANOUT_CLIENT_PROCESSES'),
    protocol,
    subscribe: { query: DASHBOARD, variables: { meetingId }, operationName: 'Dashboard' },
    concurrency: intSetting('BENCH_FANOUT_CONNECT_CONCURRENCY'),
  });
  try {
    await primeUntilReady(subscribers, () => webhook(context, server, meetingId));
    const rssAfter = await settledRss(server);
    const event = async () => {
      const sent = await webhook(context, server, meetingId);
      const timeout = sleep(EVENT_TIMEOUT_MS, undefined, { ref: false }).then(() => {
        throw new Error(`an event did not reach all ${int(count)} subscribers in time`);
      });
      await Promise.race([subscribers.delivered(sent.key), timeout]);
      return sent;
    };
    for (let index = 0; index < intSetting('BENCH_FANOUT_WARMUP'); index += 1) await event();
    const events = intSetting('BENCH_FANOUT_EVENTS');
    const sent = new Map<string, number>();
    const meter = cpuMeter(server.proc.pid);
    for (let index = 0; index < events; index += 1) {
      const { key, sentAt } = await event();
      sent.set(key, sentAt);
    }
    const cpu = meter.stop();
    const reports = await subscribers.report();
    const latencies: number[] = [];
    for (const report of reports) {
      if (report.closed > 0) {
        throw new Error(`${report.closed} sockets were closed: ${report.problems[0]}`);
      }
      for (const [key, sentAt] of sent) {
        for (const at of report.receipts[key] ?? []) latencies.push(at - sentAt);
      }
    }
    if (latencies.length !== events * count) {
      throw new Error(`${latencies.length} deliveries measured, ${events * count} expected`);
    }
    const messages = reports.reduce((sum, report) => sum + report.messages, 0);
    const bytes = reports.reduce((sum, report) => sum + report.bytes, 0);
    return {
      cpuPerMessageMicros: cpu / (events * count),
      p50Ms: percentile(latencies, 50),
      p99Ms: percentile(latencies, 99),
      rssPerConnection: (rssAfter - rssBefore) / count,
      bytesPerMessage: bytes / messages,
    };
  } finally {
    await subscribers.stop();
  }
}

function rows(count: number, project: FanoutFigures, raw: FanoutFigures): Row[] {
  const events = intSetting('BENCH_FANOUT_EVENTS');
  const latency = (figures: FanoutFigures) =>
    `${millis(figures.p50Ms)} / ${millis(figures.p99Ms)}`.replace(' ms /', ' /');
  return [
    row(
      `fan-out, ${int(count)} graphql-ws subscribers × ${events} webhooks, CPU per delivered message`,
      {
        project: micros(project.cpuPerMessageMicros),
        baseline: `raw \`ws\` broadcast ${micros(raw.cpuPerMessageMicros)}`,
        ratio: project.cpuPerMessageMicros / raw.cpuPerMessageMicros,
      },
      { max: 2, label: '≤ 2×' },
    ),
    row(
      `same, webhook → delivery p50 / p99`,
      { project: latency(project), baseline: latency(raw), ratio: project.p99Ms / raw.p99Ms },
      { max: 1.5, label: 'p99 ≤ 1.5×' },
    ),
    row(
      `same, memory per subscribed connection (${int(project.bytesPerMessage)}-byte messages)`,
      {
        project: kib(project.rssPerConnection),
        baseline: kib(raw.rssPerConnection),
        // RSS moves with the garbage collector; a baseline that did not grow says nothing.
        ratio:
          raw.rssPerConnection > 0 ? project.rssPerConnection / raw.rssPerConnection : Number.NaN,
      },
      { max: 1.5, label: '≤ 1.5×' },
    ),
  ];
}

export async function fanoutPart(context: BenchContext): Promise<Row[]> {
  const counts = listSetting('BENCH_FANOUT_SUBSCRIBERS').map(Number);
  if (counts.some((count) => !Number.isSafeInteger(count) || count < 1)) {
    throw new Error('BENCH_FANOUT_SUBSCRIBERS must list positive integers');
  }
  const result: Row[] = [];
  for (const count of counts) {
    const gateway = await context.startGateway(`gateway-fanout-${count}`);
    const project = await drive(context, gateway, 'graphql-ws', count).finally(() =>
      gateway.proc.stop(),
    );
    // The baseline's message is as large as the gateway's, whatever the gateway sends.
    const broadcast = await context.startBaseline(
      `ws-broadcast-${count}`,
      'bench/servers/ws-broadcast.ts',
      {
        BENCH_WEBHOOK_PUBLIC_KEY: context.key.publicKeyPem,
        BENCH_PAYLOAD_BYTES: String(Math.round(project.bytesPerMessage)),
      },
    );
    const raw = await drive(context, broadcast, 'raw', count).finally(() => broadcast.proc.stop());
    result.push(...rows(count, project, raw));
  }
  return result;
}
