import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import {
  CHECK_PURPOSES,
  EVENT_SOURCES,
  IDEMPOTENCY_OUTCOMES,
  type Metrics,
  NO_METRICS,
  RATE_LIMITS,
  WEBHOOK_OUTCOMES,
} from './metrics.js';
import { createOperationNames } from './operation-names.js';

/** Values read when the metrics are scraped, from the parts that hold them. */
export interface GaugeSources {
  /** Open graphql-ws sockets. */
  wsConnections(): number;
  /** graphql-ws subscriptions served now. */
  wsSubscriptions(): number;
  /** Shared executions serving those subscriptions. */
  wsSharedExecutions(): number;
  /** Events stored but not yet handed out by this process's feed; null when unknown. */
  feedLag(): Promise<number | null>;
  /** Whole tokens left in the upstream check budget. */
  checkBudgetAvailable(): number;
}

/** The gateway's metrics: what its parts report, in a registry of its own. */
export interface GatewayMetrics extends Metrics {
  /** The Prometheus text format's content type. */
  readonly contentType: string;
  /** The gateway's metrics and the process's, in the Prometheus text format. */
  render(): Promise<string>;
  /** Adds (or replaces) the sources of gauges read at scrape time. */
  observe(sources: Partial<GaugeSources>): void;
}

export interface GatewayMetricsOptions {
  /** Distinct operation names that get a label of their own (see operation-names.ts). */
  maxOperationNames: number;
  /** When only these operations can run (persisted operations), the names labelled. */
  knownOperationNames?: Iterable<string>;
}

const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

let processRegistry: Registry | undefined;

/**
 * The process's own metrics (CPU, memory, event loop, GC), once per process: their collectors
 * (an event-loop monitor, a GC observer) live as long as the process, however many gateways it
 * runs, and every gateway's scrape includes them.
 */
function processMetrics(): Registry {
  if (processRegistry === undefined) {
    processRegistry = new Registry();
    collectDefaultMetrics({ register: processRegistry });
  }
  return processRegistry;
}

/** A gateway whose metrics are not served counts nothing: its hot paths pay nothing for them. */
export function uncountedMetrics(): GatewayMetrics {
  return {
    ...NO_METRICS,
    contentType: new Registry().contentType,
    render: async () => '',
    observe: () => {},
  };
}

/**
 * Builds one gateway's metrics in a registry of its own (never prom-client's global one), so
 * several gateways in one process count apart. Counters of closed label sets start at 0 for every
 * label value, so a rate exists before the first event.
 */
export function createGatewayMetrics(options: GatewayMetricsOptions): GatewayMetrics {
  const registry = new Registry();
  const registers = [registry];
  const names = createOperationNames(options.maxOperationNames, options.knownOperationNames);
  let sources: Partial<GaugeSources> = {};
  let httpSubscriptions = 0;

  const operations = new Counter({
    name: 'rtk_graphql_operations_total',
    help: 'GraphQL operations executed (subscriptions: set up), by name, type and outcome (error: the result carries errors).',
    labelNames: ['operation_name', 'operation_type', 'outcome'] as const,
    registers,
  });
  const operationSeconds = new Histogram({
    name: 'rtk_graphql_operation_duration_seconds',
    help: 'Time from execution start to result (subscriptions: to the stream being set up).',
    labelNames: ['operation_name', 'operation_type'] as const,
    buckets: DURATION_BUCKETS,
    registers,
  });
  new Gauge({
    name: 'rtk_graphql_ws_connections',
    help: 'Open graphql-ws connections.',
    registers,
    collect() {
      this.set(sources.wsConnections?.() ?? 0);
    },
  });
  new Gauge({
    name: 'rtk_graphql_subscriptions',
    help: 'Active subscriptions, by transport.',
    labelNames: ['transport'] as const,
    registers,
    collect() {
      this.set({ transport: 'graphql-ws' }, sources.wsSubscriptions?.() ?? 0);
      this.set({ transport: 'http' }, httpSubscriptions);
    },
  });
  new Gauge({
    name: 'rtk_graphql_ws_shared_executions',
    help: 'Shared executions serving graphql-ws subscriptions (one per distinct subscription).',
    registers,
    collect() {
      this.set(sources.wsSharedExecutions?.() ?? 0);
    },
  });
  const webhooks = new Counter({
    name: 'rtk_webhook_deliveries_total',
    help: 'Webhook requests, by what they came to.',
    labelNames: ['outcome'] as const,
    registers,
  });
  for (const outcome of WEBHOOK_OUTCOMES) webhooks.inc({ outcome }, 0);
  const stored = new Counter({
    name: 'rtk_events_stored_total',
    help: 'Status events this process wrote to the event log, by source.',
    labelNames: ['source'] as const,
    registers,
  });
  for (const source of EVENT_SOURCES) stored.inc({ source }, 0);
  const published = new Counter({
    name: 'rtk_events_published_total',
    help: "Events this process's feed read from the log and handed to its subscriptions (once per event, whatever the number of subscribers).",
    registers,
  });
  new Gauge({
    name: 'rtk_event_feed_lag_events',
    help: "Events in the log that this process's feed has not handed out yet (NaN when the log cannot be read).",
    registers,
    async collect() {
      const lag = sources.feedLag ? await sources.feedLag().catch(() => null) : 0;
      this.set(lag ?? Number.NaN);
    },
  });
  const upstreamRequests = new Counter({
    name: 'rtk_upstream_requests_total',
    help: 'HTTP requests to RealtimeKit (each retry counts), by operation and status code (or timeout, unreachable, failed).',
    labelNames: ['operation', 'status'] as const,
    registers,
  });
  const upstreamSeconds = new Histogram({
    name: 'rtk_upstream_request_duration_seconds',
    help: 'Duration of HTTP requests to RealtimeKit, by operation.',
    labelNames: ['operation'] as const,
    buckets: DURATION_BUCKETS,
    registers,
  });
  const upstreamRetries = new Counter({
    name: 'rtk_upstream_retries_total',
    help: 'Upstream reads tried again after a transient failure, by operation.',
    labelNames: ['operation'] as const,
    registers,
  });
  const checks = new Counter({
    name: 'rtk_upstream_check_budget_total',
    help: 'Tokens asked of the upstream check budget (RECONCILE_BUDGET_PER_MINUTE), by purpose and result (granted, exhausted).',
    labelNames: ['purpose', 'result'] as const,
    registers,
  });
  for (const purpose of CHECK_PURPOSES) {
    for (const result of ['granted', 'exhausted']) checks.inc({ purpose, result }, 0);
  }
  new Gauge({
    name: 'rtk_upstream_check_budget_available',
    help: 'Whole tokens left in the upstream check budget.',
    registers,
    collect() {
      this.set(sources.checkBudgetAvailable?.() ?? 0);
    },
  });
  const starts = new Counter({
    name: 'rtk_idempotent_starts_total',
    help: 'Starts with an idempotency key, by outcome (replayed, joined and adopted are hits).',
    labelNames: ['outcome'] as const,
    registers,
  });
  for (const outcome of IDEMPOTENCY_OUTCOMES) starts.inc({ outcome }, 0);
  const limited = new Counter({
    name: 'rtk_rate_limited_total',
    help: 'Callers refused by a limit: mutations per minute, the query upstream budget, subscriptions per socket or client, and upstream 429 answers.',
    labelNames: ['limit'] as const,
    registers,
  });
  for (const limit of RATE_LIMITS) limited.inc({ limit }, 0);

  return {
    contentType: registry.contentType,
    async render() {
      const [own, process] = await Promise.all([registry.metrics(), processMetrics().metrics()]);
      return `${own}\n${process}`;
    },
    observe(added) {
      sources = { ...sources, ...added };
    },
    operation(name, type, ok, seconds) {
      const operation_name = names.label(name);
      operations.inc({ operation_name, operation_type: type, outcome: ok ? 'ok' : 'error' });
      operationSeconds.observe({ operation_name, operation_type: type }, seconds);
    },
    httpSubscription(delta) {
      httpSubscriptions += delta;
    },
    webhook(outcome) {
      webhooks.inc({ outcome });
    },
    eventStored(source) {
      stored.inc({ source });
    },
    eventsPublished(count) {
      published.inc(count);
    },
    upstreamRequest(operation, status, seconds) {
      upstreamRequests.inc({ operation, status: String(status) });
      upstreamSeconds.observe({ operation }, seconds);
      if (status === 429) limited.inc({ limit: 'upstream' });
    },
    upstreamRetry(operation) {
      upstreamRetries.inc({ operation });
    },
    checkBudget(purpose, granted) {
      checks.inc({ purpose, result: granted ? 'granted' : 'exhausted' });
    },
    idempotentStart(outcome) {
      starts.inc({ outcome });
    },
    rateLimited(limit) {
      limited.inc({ limit });
    },
  };
}
