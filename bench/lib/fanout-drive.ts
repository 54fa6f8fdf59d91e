import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { BenchContext, Server } from './context.js';
import { epochMs, send } from './http.js';
import { cpuMeter, heldMemory } from './proc-stats.js';
import { intSetting } from './settings.js';
import { int, percentile } from './stats.js';
import { openSubscribers, type Subscribers, together } from './subscribers.js';
import { newRecording, signDelivery, statusUpdateBody, WEBHOOK_PATH } from './webhooks.js';

/** The dashboard every subscriber runs: same operation, same variables. */
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

/** What one server did for one size. */
export interface FanoutFigures {
  cpuPerMessageMicros: number;
  p50Ms: number;
  p99Ms: number;
  memoryPerConnection: number;
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

/**
 * Drives one server at one size: subscribers connect and subscribe, webhooks are sent until every
 * socket has had one (so all are live), then warm-up and measured webhooks, one at a time.
 *
 * Memory per connection is what the second half of the subscribers added to what the server held
 * with the first half live: a server fresh from start-up hands memory back to the system once it
 * gets busy (its allocator trims on the frees that connecting sockets cause), so "before any
 * subscriber" is no baseline at all; with half of them live, both readings are of a server in the
 * same state.
 */
export async function driveFanout(
  context: BenchContext,
  server: Server,
  protocol: 'graphql-ws' | 'raw',
  count: number,
): Promise<FanoutFigures> {
  if (count < 2) throw new Error('the fan-out needs at least 2 subscribers');
  const meetingId = randomUUID();
  const prime = () => webhook(context, server, meetingId);
  const open = (share: number) =>
    openSubscribers(context, {
      url: `${server.origin.replace('http', 'ws')}/graphql`,
      count: share,
      processes: Math.max(1, Math.floor(intSetting('BENCH_FANOUT_CLIENT_PROCESSES') / 2)),
      protocol,
      subscribe: { query: DASHBOARD, variables: { meetingId }, operationName: 'Dashboard' },
      concurrency: intSetting('BENCH_FANOUT_CONNECT_CONCURRENCY'),
    });
  const second = Math.floor(count / 2);
  const groups: Subscribers[] = [];
  try {
    groups.push(await open(count - second));
    await primeUntilReady(together(groups), prime);
    const heldWithFirst = await heldMemory(server.proc.pid);
    groups.push(await open(second));
    const subscribers = together(groups);
    await primeUntilReady(subscribers, prime);
    const heldWithAll = await heldMemory(server.proc.pid);
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
      memoryPerConnection: (heldWithAll - heldWithFirst) / second,
      bytesPerMessage: bytes / messages,
    };
  } finally {
    await together(groups).stop();
  }
}
