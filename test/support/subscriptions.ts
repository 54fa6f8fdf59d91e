import type { FormattedExecutionResult } from 'graphql';
import { onTestFinished } from 'vitest';
import type { GatewayApp } from '../../src/app.js';
import { scaled } from './time.js';

/**
 * What the kit's subscribers share: a live record of results, and "accepted" decided by the
 * gateway itself — its event feed registered the subscription — never by a quiet moment.
 */

type Feed = Pick<GatewayApp['events'], 'subscribe'>;

/** A gateway whose event feed the test can see: a `GatewayServer`, or anything with `url` and `app`. */
export interface ObservedGateway {
  readonly url: string;
  readonly app: { readonly events: Feed };
}

/** A request body for a subscription: a document, or a persisted operation's id in `extensions`. */
export interface SubscriptionRequest {
  query: string;
  variables?: Record<string, unknown> | null;
  extensions?: Record<string, unknown>;
  operationName?: string;
}

/** A subscription as the client sees it; every list is live. */
export interface Subscription<Data> {
  /** `accepted`: the gateway registered it. `refused`: it answered with errors or closed. */
  readonly outcome: 'accepted' | 'refused';
  /** `data` of each result, in arrival order. */
  readonly data: Data[];
  /** GraphQL errors the gateway answered with, one entry each, or the transport's failure. */
  readonly errors: unknown[];
  /** graphql-ws: the close code, once the socket closed; SSE: the HTTP status. */
  readonly code: number | undefined;
  /** Resolves with `data` once `done(data)` holds; rejects if the subscription ends first. */
  until(done: (data: Data[]) => boolean): Promise<Data[]>;
  close(): Promise<void>;
}

interface Registrations {
  count: number;
  readonly wake: Set<() => void>;
  /** The subscribe before this one, on this feed: one at a time, or "registered" is ambiguous. */
  queue: Promise<unknown>;
}

const registrations = new WeakMap<Feed, Registrations>();
const REGISTRATION_CEILING_MS = scaled(30_000);

/**
 * Counts the subscribers' own `feed.subscribe` calls from now on (once per feed), without changing
 * what they do. A shared graphql-ws execution subscribes too (it asks to hear each cursor,
 * `onEvent`) when its first member has registered: counting it would let the next subscription,
 * already waiting its turn, pass for registered before it is.
 */
function registrationsOf(feed: Feed): Registrations {
  const known = registrations.get(feed);
  if (known) return known;
  const state: Registrations = { count: 0, wake: new Set(), queue: Promise.resolve() };
  const original = feed.subscribe;
  feed.subscribe = function counted(this: Feed, ...args) {
    const subscription = original.apply(this, args);
    if (args[0]?.onEvent === undefined) {
      state.count += 1;
      for (const wake of [...state.wake]) wake();
    }
    return subscription;
  };
  registrations.set(feed, state);
  return state;
}

/**
 * Runs `open` (which starts one subscription) and resolves once the gateway registered it, or
 * once `refused` resolves — whichever is first. Subscriptions to one gateway open one at a time.
 */
export async function whenRegistered(
  gateway: ObservedGateway,
  open: () => void,
  refused: Promise<unknown>,
): Promise<'accepted' | 'refused'> {
  const state = registrationsOf(gateway.app.events);
  const turn = state.queue.then(async () => {
    const before = state.count;
    let wake = () => {};
    const registered = new Promise<'accepted'>((resolve) => {
      wake = () => state.count > before && resolve('accepted');
      state.wake.add(wake);
    });
    open();
    let timer: NodeJS.Timeout | undefined;
    // A ceiling, not a proof: it only turns a hang into a failure that says what never happened.
    const hung = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () =>
          reject(new Error(`${gateway.url}: the subscription was neither registered nor refused`)),
        REGISTRATION_CEILING_MS,
      );
    });
    try {
      return await Promise.race([registered, refused.then(() => 'refused' as const), hung]);
    } finally {
      clearTimeout(timer);
      state.wake.delete(wake);
    }
  });
  // A test that timed out while waiting must not hold up the subscriptions of the tests after it.
  let abandon = () => {};
  const abandoned = new Promise<void>((resolve) => {
    abandon = resolve;
  });
  try {
    onTestFinished(abandon);
  } catch {
    // Called from a hook rather than a test: a hook that times out fails the whole file anyway.
  }
  state.queue = Promise.race([turn.catch(() => undefined), abandoned]);
  return turn;
}

/**
 * The live parts of a subscription and the `until` that waits on them. `refused` resolves once
 * the subscription is refused: a result with errors and no data, or its end.
 */
export function resultLog<Data>() {
  const data: Data[] = [];
  const errors: unknown[] = [];
  const waiters = new Set<() => void>();
  let ended: Error | undefined;
  let refuse = () => {};
  const refused = new Promise<void>((resolve) => {
    refuse = resolve;
  });
  const notify = () => {
    for (const waiter of [...waiters]) waiter();
  };
  const log = {
    data,
    errors,
    refused,
    refuse,
    push(result: FormattedExecutionResult<Data, unknown>) {
      if (result.errors) errors.push(...result.errors);
      if (result.data) data.push(result.data);
      if (result.errors && !result.data) refuse();
      notify();
    },
    fail(error: unknown) {
      if (Array.isArray(error)) errors.push(...error);
      else errors.push(error);
      notify();
    },
    end(reason: string) {
      ended ??= new Error(reason);
      refuse();
      notify();
    },
    /** A graphql-ws or graphql-sse sink that records into this log. */
    sink() {
      return {
        next: (result: FormattedExecutionResult<Data, unknown>) => log.push(result),
        error: (error: unknown) => {
          log.fail(error);
          log.end('the subscription failed');
        },
        complete: () => log.end('the subscription completed'),
      };
    },
    until(done: (data: Data[]) => boolean): Promise<Data[]> {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (done(data)) {
            waiters.delete(check);
            resolve(data);
          } else if (ended) {
            waiters.delete(check);
            reject(new Error(`${ended.message} first; got ${JSON.stringify({ data, errors })}`));
          }
        };
        waiters.add(check);
        check();
      });
    },
  };
  return log;
}

/** What `resultLog` returns: a transport pushes into it, the test reads it. */
export type ResultLog<Data> = ReturnType<typeof resultLog<Data>>;

/** The `Subscription` a transport hands back over its log; `code` is read when asked. */
export function subscriptionOf<Data>(
  log: ResultLog<Data>,
  outcome: 'accepted' | 'refused',
  code: () => number | undefined,
  close: () => Promise<void>,
): Subscription<Data> {
  return {
    outcome,
    data: log.data,
    errors: log.errors,
    get code() {
      return code();
    },
    until: log.until,
    close,
  };
}
