/**
 * What the parts of the gateway report to its metrics. Parts depend on this interface only (a
 * part built without metrics, in a unit test, gets `NO_METRICS`); `registry.ts` implements it
 * with prom-client. Every label value is one of the closed sets below or a name the gateway's own
 * code chose (an upstream operation): never an id, a subject, a token or anything a client sent,
 * except GraphQL operation names, which `operation-names.ts` bounds.
 */

/** What a webhook request came to (the HTTP status each stands for is in the README). */
export const WEBHOOK_OUTCOMES = [
  'accepted',
  'duplicate',
  'unchanged',
  'stale',
  'deferred',
  'ignored',
  'unauthorized',
  'malformed',
  'too_large',
  'unavailable',
  'wrong_app',
  'method_not_allowed',
  'failed',
  'overloaded',
  'body_timeout',
  'aborted',
] as const;
export type WebhookOutcome = (typeof WEBHOOK_OUTCOMES)[number];

export type OperationType = 'query' | 'mutation' | 'subscription';

/** The limits that refuse a caller: each refusal counts once. */
export const RATE_LIMITS = ['mutations', 'query_budget', 'subscriptions', 'upstream'] as const;
export type RateLimit = (typeof RATE_LIMITS)[number];

/** Who spent the upstream check budget: webhook confirmations or reconciler passes. */
export const CHECK_PURPOSES = ['confirm', 'reconcile'] as const;
export type CheckPurpose = (typeof CHECK_PURPOSES)[number];

/**
 * What an idempotent start came to: `replayed` (a stored result), `joined` (a start in flight in
 * this process) and `adopted` (a running recording found for an unknown outcome) are the hits.
 */
export const IDEMPOTENCY_OUTCOMES = [
  'started',
  'replayed',
  'joined',
  'adopted',
  'mismatch',
  'conflict',
] as const;
export type IdempotencyOutcome = (typeof IDEMPOTENCY_OUTCOMES)[number];

export const EVENT_SOURCES = ['webhook', 'reconciler'] as const;
export type EventSourceLabel = (typeof EVENT_SOURCES)[number];

export interface Metrics {
  /** One GraphQL operation executed (a subscription: set up), `seconds` after it began. */
  operation(name: string | undefined, type: OperationType, ok: boolean, seconds: number): void;
  /** A subscription over HTTP (SSE) opened (+1) or ended (-1); graphql-ws counts its own. */
  httpSubscription(delta: 1 | -1): void;
  /** One webhook request answered (or aborted by its sender). */
  webhook(outcome: WebhookOutcome): void;
  /** A status event written to the event log by this process. */
  eventStored(source: EventSourceLabel): void;
  /** Events this process's feed read from the log and handed to its subscriptions. */
  eventsPublished(count: number): void;
  /** One HTTP request to RealtimeKit: its status code, or `timeout`, `unreachable`, `failed`. */
  upstreamRequest(operation: string, status: number | string, seconds: number): void;
  /** An upstream read is tried again. */
  upstreamRetry(operation: string): void;
  /** A token asked of the upstream check budget: granted, or the budget was spent. */
  checkBudget(purpose: CheckPurpose, granted: boolean): void;
  idempotentStart(outcome: IdempotencyOutcome): void;
  /** A caller refused by one of the gateway's limits (or upstream answering 429). */
  rateLimited(limit: RateLimit): void;
}

const nothing = () => {};

/** Metrics that go nowhere: for parts built on their own (unit tests, scripts). */
export const NO_METRICS: Metrics = {
  operation: nothing,
  httpSubscription: nothing,
  webhook: nothing,
  eventStored: nothing,
  eventsPublished: nothing,
  upstreamRequest: nothing,
  upstreamRetry: nothing,
  checkBudget: nothing,
  idempotentStart: nothing,
  rateLimited: nothing,
};
