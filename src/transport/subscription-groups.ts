import type { ExecutionResult } from 'graphql';
import { compareCursors } from '../events/cursor.js';
import type { Logger } from '../logger.js';

/**
 * Shared execution of subscriptions. A dashboard with thousands of viewers subscribes thousands of
 * times to the same operation; executing and serialising every event once per subscriber is what
 * made fan-out cost. Subscribers whose operation would produce the same result for an event (same
 * document, operation and variables but for the resume cursor, and the same visibility) form a
 * group: one execution and one serialised payload per event, sent to each member under its own
 * subscription id.
 *
 * Each subscriber first runs on its own stream — the resolver validates and authorises it, and
 * replays what it missed when resuming — until that stream has caught up with the live feed; then,
 * in the same turn of the event loop, it joins the group at the later of the feed's current
 * position and the last event its own stream handed out (a replay reads the store, which can be
 * ahead of the feed), and gets the group's results for every later event. The group's feed
 * subscription exists before any member can join, so nothing handed out after the join can escape
 * it, and the group's results for events at or before the join (it may lag) are skipped: no gap,
 * no repeat at the seam.
 */

/** What the subscription resolver is told about the stream it serves (see `context.ts`). */
export type SubscriptionHooks =
  | {
      /** The shared execution: replays nothing; reports the cursor of each event it yields. */
      readonly role: 'group';
      onEvent(cursor: string): void;
    }
  | {
      /** One subscriber's own stream. */
      readonly role: 'member';
      /**
       * Called when the stream has caught up with the live feed, with the cursor of the last
       * event it handed out (or its `after`); true ends it there.
       */
      onCaughtUp(last: string | null): boolean;
    };

/** Where a member's shared results go. */
export interface MemberSink {
  /** Sends one event's serialised result (the `payload` of a graphql-ws `next`). */
  next(payload: string): void;
}

type Run = (hooks: SubscriptionHooks) => Promise<AsyncIterable<ExecutionResult> | ExecutionResult>;

export interface SubscriptionGroups {
  /**
   * Subscribes one subscriber: `own` runs its own stream (with member hooks), `shared` starts the
   * group's execution should none run for `key` yet. Resolves with what graphql-ws iterates:
   * the subscriber's own results, then nothing until it ends (its shared results go to `sink`),
   * or with the error result its own subscribe produced.
   */
  subscribe(
    key: string,
    own: Run,
    shared: Run,
    sink: MemberSink,
  ): Promise<AsyncIterableIterator<ExecutionResult> | ExecutionResult>;
  /** Groups running now. */
  readonly groups: number;
  /**
   * Subscribers served now, counted once their own stream is registered with the feed: from then
   * on no event stored can miss them (tests wait on this, metrics report it).
   */
  readonly subscribers: number;
  /** Subscribers ever registered: only grows, so a test can tell its own has registered. */
  readonly registered: number;
}

const DONE: IteratorReturnResult<undefined> = { done: true, value: undefined };

/** The later of two feed positions (null: before any event). */
function later(a: string | null, b: string | null): string | null {
  if (a === null) return b;
  if (b === null) return a;
  return compareCursors(a, b) >= 0 ? a : b;
}

function isAsyncIterable(value: unknown): value is AsyncIterable<ExecutionResult> {
  return typeof value === 'object' && value !== null && Symbol.asyncIterator in value;
}

interface Member {
  sink: MemberSink;
  /** Results for events at or before this feed position were already seen on its own stream. */
  after: string | null;
  end(error?: unknown): void;
}

class Group {
  readonly members = new Set<Member>();
  /** Subscribers that will join once their own stream catches up. */
  reserved = 0;
  closed = false;
  readonly #cursors: string[] = [];
  #iterator: AsyncIterator<ExecutionResult> | null = null;

  constructor(
    private readonly onEmpty: (group: Group) => void,
    private readonly logger: Logger,
  ) {}

  readonly hooks: SubscriptionHooks = {
    role: 'group',
    onEvent: (cursor) => this.#cursors.push(cursor),
  };

  start(iterator: AsyncIterator<ExecutionResult>): void {
    this.#iterator = iterator;
    // Everyone left while it was starting.
    if (this.closed) void iterator.return?.();
    else void this.#run(iterator);
  }

  async #run(iterator: AsyncIterator<ExecutionResult>): Promise<void> {
    let failure: unknown;
    try {
      for (;;) {
        const step = await iterator.next();
        if (step.done) break;
        const cursor = this.#cursors.shift();
        const payload = JSON.stringify(step.value);
        for (const member of this.members) {
          if (
            cursor === undefined ||
            member.after === null ||
            compareCursors(cursor, member.after) > 0
          ) {
            member.sink.next(payload);
          }
        }
      }
    } catch (error) {
      failure = error;
      this.logger.debug({ err: error }, 'shared subscription ended with an error');
    }
    this.close();
    for (const member of [...this.members]) member.end(failure);
    this.members.clear();
  }

  /** Leaves the group; the last one out stops its execution. */
  release(member?: Member): void {
    if (member) this.members.delete(member);
    else this.reserved -= 1;
    if (this.members.size === 0 && this.reserved === 0) this.close();
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.onEmpty(this);
    void this.#iterator?.return?.();
  }
}

/**
 * A member as graphql-ws sees it: its own results while it catches up, then a stream that yields
 * nothing and ends with the group (or when the client completes it).
 */
class MemberStream implements AsyncIterableIterator<ExecutionResult> {
  #joined = false;
  #ended = false;
  #finish: ((error?: unknown) => void) | null = null;
  readonly #finished: Promise<unknown>;

  /** The subscriber's own stream; dropped once it has joined, with all it held. */
  #own: AsyncIterator<ExecutionResult> | null;

  constructor(
    own: AsyncIterator<ExecutionResult>,
    private readonly group: Group,
    readonly member: Member,
    private readonly onLeave: () => void,
  ) {
    this.#own = own;
    this.#finished = new Promise((resolve) => {
      this.#finish = resolve;
    });
  }

  /** The member hooks' `onCaughtUp`: joins the group unless it stopped meanwhile. */
  join(position: string | null): boolean {
    if (this.#ended || this.group.closed) return false;
    this.member.after = position;
    this.group.members.add(this.member);
    this.group.reserved -= 1;
    this.#joined = true;
    return true;
  }

  end(error?: unknown): void {
    this.#finish?.(error ?? null);
  }

  /**
   * Not an async method: once joined, graphql-ws waits on this for the subscription's whole life,
   * and a promise costs less to keep than a suspended async frame (one per subscriber).
   */
  next(): Promise<IteratorResult<ExecutionResult>> {
    if (this.#ended) return Promise.resolve(DONE);
    const own = this.#own;
    if (own !== null) return this.#nextOwn(own);
    return this.#finished.then((failure) => {
      this.#leave();
      if (failure) throw failure;
      return DONE;
    });
  }

  async #nextOwn(own: AsyncIterator<ExecutionResult>): Promise<IteratorResult<ExecutionResult>> {
    const step = await own.next();
    if (!step.done || !this.#joined) {
      if (step.done) this.#leave();
      return step;
    }
    this.#own = null;
    return this.next();
  }

  async return(): Promise<IteratorResult<ExecutionResult>> {
    const own = this.#own;
    this.#own = null;
    if (!this.#joined) await own?.return?.();
    this.#leave();
    this.end();
    return DONE;
  }

  async throw(error?: unknown): Promise<IteratorResult<ExecutionResult>> {
    await this.return();
    throw error;
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<ExecutionResult> {
    return this;
  }

  #leave(): void {
    if (this.#ended) return;
    this.#ended = true;
    this.group.release(this.#joined ? this.member : undefined);
    this.onLeave();
  }
}

/** Builds the groups of one server; `position` is the live feed's current cursor. */
export function createSubscriptionGroups(options: {
  position(): string | null;
  logger: Logger;
}): SubscriptionGroups {
  const { position, logger } = options;
  const groups = new Map<string, { group: Group; ready: Promise<Group> }>();
  let subscribers = 0;
  let registered = 0;

  function groupFor(key: string, shared: Run): Promise<Group> {
    const existing = groups.get(key);
    if (existing && !existing.group.closed) return existing.ready;
    const group = new Group((ended) => {
      if (groups.get(key)?.group === ended) groups.delete(key);
    }, logger);
    const ready = shared(group.hooks).then(
      (result) => {
        // The shared run repeats a subscribe that just succeeded: it only fails while the server
        // shuts down.
        if (!isAsyncIterable(result)) throw new Error('shared subscription did not start');
        group.start(result[Symbol.asyncIterator]());
        return group;
      },
      (error: unknown) => {
        group.close();
        throw error;
      },
    );
    groups.set(key, { group, ready });
    return ready;
  }

  return {
    async subscribe(key, own, shared, sink) {
      let stream: MemberStream | null = null;
      const result = await own({
        role: 'member',
        // A replay reads the store, which may be ahead of this replica's feed (another replica
        // stored it, and the ring has not come yet): the member has seen up to the later of the
        // two, and the group's results for anything up to there would be repeats.
        onCaughtUp: (last) => stream?.join(later(position(), last)) ?? false,
      });
      if (!isAsyncIterable(result)) return result;
      const iterator = result[Symbol.asyncIterator]();
      let group: Group;
      try {
        group = await groupFor(key, shared);
      } catch (error) {
        await iterator.return?.();
        throw error;
      }
      group.reserved += 1;
      const member: Member = { sink, after: null, end: (error) => stream?.end(error) };
      stream = new MemberStream(iterator, group, member, () => {
        subscribers -= 1;
      });
      subscribers += 1;
      registered += 1;
      return stream;
    },
    get groups() {
      return groups.size;
    },
    get subscribers() {
      return subscribers;
    },
    get registered() {
      return registered;
    },
  };
}
