import type { RecordingStatusEvent } from '../domain/model.js';
import { compareCursors } from './cursor.js';
import { type EventFilter, matchesFilter } from './types.js';

/** Reads up to `limit` stored events after `after` that match the subscription's filter. */
export type ReplayRead = (after: string | null, limit: number) => Promise<RecordingStatusEvent[]>;

/**
 * Ends a subscription whose consumer fell more than `maxBuffered` live events behind. Dropping
 * events silently would leave a gap; ending lets the client resume with `after: <last cursor>`.
 */
export class EventFeedOverflowError extends Error {
  override readonly name = 'EventFeedOverflowError';
}

const DONE: IteratorReturnResult<undefined> = { done: true, value: undefined };
const STOPPED = Symbol('stopped');

/**
 * One subscriber of a feed: a bounded buffer the tailer fills synchronously with the events that
 * match the subscriber's filter, and, when resuming, a replay from the store (of matching events
 * only) that hands over to that buffer without a gap or a duplicate.
 *
 * Hand-rolled rather than an async generator so that `return()` ends it at once, even while a
 * `next()` waits for an event or a replay read.
 */
export class FeedSubscription implements AsyncIterableIterator<RecordingStatusEvent> {
  readonly #read: ReplayRead;
  readonly #filter: EventFilter | null;
  readonly #pageSize: number;
  readonly #maxBuffered: number;
  readonly #onEnd: (subscription: FeedSubscription) => void;
  readonly #onEvent: ((cursor: string) => void) | undefined;
  readonly #onCaughtUp: ((last: string | null) => boolean) | undefined;
  #live: RecordingStatusEvent[] = [];
  #overflowed = false;
  #replaying: boolean;
  #replayComplete = false;
  /** The replay page being handed out; shared with subscribers that read the same range. */
  #page: readonly RecordingStatusEvent[] = [];
  #pageAt = 0;
  /** Bumped whenever the live buffer is emptied during replay; see `deliver`. */
  #resets = 0;
  /** The last cursor yielded (or `after`); anything at or below it is a duplicate. */
  #last: string | null;
  #ended = false;
  #wake: (() => void) | null = null;
  readonly #stopped: Promise<typeof STOPPED>;
  #stop!: () => void;
  #pulling: Promise<unknown> = Promise.resolve();

  constructor(options: {
    read: ReplayRead;
    filter: EventFilter | null;
    after: string | null;
    pageSize: number;
    maxBuffered: number;
    onEnd: (subscription: FeedSubscription) => void;
    /** Told the cursor of each event as it is handed out. */
    onEvent?: (cursor: string) => void;
    /** Asked when the subscription has caught up with the live feed; true ends it there. */
    onCaughtUp?: (last: string | null) => boolean;
  }) {
    this.#read = options.read;
    this.#filter = options.filter;
    this.#pageSize = options.pageSize;
    this.#maxBuffered = options.maxBuffered;
    this.#onEnd = options.onEnd;
    this.#onEvent = options.onEvent;
    this.#onCaughtUp = options.onCaughtUp;
    this.#last = options.after;
    this.#replaying = options.after !== null;
    this.#stopped = new Promise((resolve) => {
      this.#stop = () => resolve(STOPPED);
    });
  }

  /** Called by the tailer for every event, in cursor order; never waits. */
  deliver(event: RecordingStatusEvent): void {
    if (this.#ended || this.#overflowed || !matchesFilter(event, this.#filter)) return;
    this.#live.push(event);
    if (this.#live.length > this.#maxBuffered) {
      if (this.#replaying) {
        // Everything stored is still ahead of the replay, so the replay will read these events
        // from the store; buffering restarts, and the replay runs until a read that began after
        // this reset comes back short.
        this.#live = [];
        this.#resets += 1;
      } else {
        this.#live.pop();
        this.#overflowed = true;
        this.#onEnd(this);
      }
    }
    this.#wakeUp();
  }

  /** Ends the subscription; a pending `next()` resolves as done. */
  end(): void {
    if (this.#ended) return;
    this.#ended = true;
    this.#live = [];
    this.#page = [];
    this.#pageAt = 0;
    this.#stop();
    this.#wakeUp();
    this.#onEnd(this);
  }

  next(): Promise<IteratorResult<RecordingStatusEvent>> {
    // Calls are served one at a time, so two concurrent `next()`s never read the same page.
    const result = this.#pulling.then(() => this.#pull());
    this.#pulling = result.catch(() => undefined);
    return result;
  }

  async return(): Promise<IteratorResult<RecordingStatusEvent>> {
    this.end();
    return DONE;
  }

  async throw(error?: unknown): Promise<IteratorResult<RecordingStatusEvent>> {
    this.end();
    throw error;
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<RecordingStatusEvent> {
    return this;
  }

  #wakeUp(): void {
    const wake = this.#wake;
    this.#wake = null;
    wake?.();
  }

  #take(event: RecordingStatusEvent): IteratorResult<RecordingStatusEvent> {
    this.#last = event.cursor;
    this.#onEvent?.(event.cursor);
    return { done: false, value: event };
  }

  async #pull(): Promise<IteratorResult<RecordingStatusEvent>> {
    for (;;) {
      if (this.#ended) return DONE;
      if (this.#replaying) {
        const replayed = this.#page[this.#pageAt];
        this.#pageAt += 1;
        if (replayed !== undefined) return this.#take(replayed);
        if (this.#replayComplete) {
          this.#replaying = false;
          continue;
        }
        await this.#readPage();
        continue;
      }
      for (let event = this.#live.shift(); event !== undefined; event = this.#live.shift()) {
        if (this.#last === null || compareCursors(event.cursor, this.#last) > 0) {
          return this.#take(event);
        }
      }
      if (this.#overflowed) {
        this.end();
        throw new EventFeedOverflowError(
          `subscriber fell more than ${this.#maxBuffered} events behind; resume with its last cursor`,
        );
      }
      // Everything handed out so far has been taken: whoever consumes this may move on now.
      if (this.#onCaughtUp?.(this.#last)) {
        this.end();
        return DONE;
      }
      await new Promise<void>((resolve) => {
        this.#wake = resolve;
      });
    }
  }

  async #readPage(): Promise<void> {
    const resets = this.#resets;
    let page: RecordingStatusEvent[] | typeof STOPPED;
    try {
      page = await Promise.race([this.#read(this.#last, this.#pageSize), this.#stopped]);
    } catch (error) {
      this.end();
      throw error;
    }
    if (page === STOPPED) return;
    this.#page = page;
    this.#pageAt = 0;
    // A short page read after the last buffer reset means the buffer holds everything newer.
    if (page.length < this.#pageSize && resets === this.#resets) this.#replayComplete = true;
  }
}
