import { randomUUID } from 'node:crypto';
import pLimit from 'p-limit';
import type { RecordingStatusEvent } from '../domain/model.js';
import type { Logger } from '../logger.js';
import { type Metrics, NO_METRICS } from '../metrics/metrics.js';
import { decodeCursor } from './cursor.js';
import { DOORBELL_RING } from './doorbell.js';
import { FeedSubscription, type ReplayRead } from './feed-subscription.js';
import { CursorExpiredError, type EventFeed, type EventFilter, type EventStore } from './types.js';

const DEFAULT_MAX_BUFFERED = 1024;
/** Events per tailer read: the tailer reads everything, for every subscriber at once. */
const PAGE_SIZE = 500;
/** Events per replay read: each replaying subscriber holds one such page. */
const REPLAY_PAGE_SIZE = 50;
/** Replay reads in flight at once, process-wide; more wait their turn. */
const REPLAY_READS = 4;

function filterKey(filter: EventFilter | null): string {
  if (filter === null) return '*';
  const sorted = (set: ReadonlySet<string> | null) => (set === null ? '*' : [...set].sort().join());
  return `${sorted(filter.meetingIds)}|${filter.recordingId ?? '*'}|${sorted(filter.statuses)}`;
}

/**
 * Replay reads for every subscriber of the process: at most a few at once (a flood of resuming
 * subscriptions queues here, not in the database), and subscribers replaying the same range with
 * the same filter share one read and one page.
 */
function createReplayReads(store: EventStore, pageSize: number) {
  const limit = pLimit(REPLAY_READS);
  const inFlight = new Map<string, Promise<RecordingStatusEvent[]>>();
  return (filter: EventFilter | null): ReplayRead =>
    (after) => {
      const key = `${after ?? ''}|${filterKey(filter)}`;
      let read = inFlight.get(key);
      if (read === undefined) {
        read = limit(() => store.readAfter(after, pageSize, filter)).finally(() =>
          inFlight.delete(key),
        );
        inFlight.set(key, read);
      }
      return read;
    };
}

/**
 * The process's live fan-out of stored events. One tailer reads the store after the last cursor it
 * handed out, in cursor order, whenever the doorbell rings (here or, through a Redis doorbell, on
 * any replica) and every `pollIntervalMs` in case a ring was lost; each event goes to every open
 * subscription. The store serialises commits, so reading `after last` never skips an event.
 */
export async function createEventFeed(options: {
  store: EventStore;
  doorbell?: EventTarget;
  pollIntervalMs: number;
  logger: Logger;
  maxBuffered?: number;
  /** Events per store read of the tailer. */
  pageSize?: number;
  /** Events per replay read (each replaying subscriber holds one page). */
  replayPageSize?: number;
  /** Counts the events the tailer hands out. */
  metrics?: Pick<Metrics, 'eventsPublished'>;
}): Promise<EventFeed> {
  const { store, logger, pollIntervalMs } = options;
  const metrics = options.metrics ?? NO_METRICS;
  const doorbell = options.doorbell ?? new EventTarget();
  const maxBuffered = options.maxBuffered ?? DEFAULT_MAX_BUFFERED;
  // The tailer hands out a whole page in one turn; a page larger than a buffer would overflow
  // subscribers that are keeping up.
  const pageSize = options.pageSize ?? Math.min(PAGE_SIZE, maxBuffered);
  if (!Number.isSafeInteger(maxBuffered) || maxBuffered < 1) {
    throw new RangeError('maxBuffered must be a positive integer');
  }
  const replayPageSize = options.replayPageSize ?? Math.min(REPLAY_PAGE_SIZE, pageSize);
  for (const size of [pageSize, replayPageSize]) {
    if (!Number.isSafeInteger(size) || size < 1) {
      throw new RangeError('page sizes must be positive integers');
    }
  }
  const replayReads = createReplayReads(store, replayPageSize);
  // Rings carry their origin, so this feed ignores the echo of its own (it already woke itself).
  const origin = randomUUID();
  const subscriptions = new Set<FeedSubscription>();
  let last = await store.latestCursor();
  let closed = false;
  let running: Promise<void> | null = null;
  let again = false;
  let failing = false;

  async function pass(): Promise<void> {
    do {
      again = false;
      try {
        for (;;) {
          const events = await store.readAfter(last, pageSize);
          for (const event of events) {
            last = event.cursor;
            for (const subscription of subscriptions) subscription.deliver(event);
          }
          if (events.length > 0) metrics.eventsPublished(events.length);
          // A short page is everything committed when the read began; a later commit rings again.
          if (events.length < pageSize || closed) break;
        }
        if (failing) logger.info('event feed reads the store again');
        failing = false;
      } catch (error) {
        if (error instanceof CursorExpiredError) {
          // The tailer stalled past the retention: what it missed is gone, so every subscriber has
          // a gap. End them all (they resume by cursor and hear why) and carry on from now.
          logger.error(
            { err: error },
            'event feed fell behind the retention; ending subscriptions',
          );
          for (const subscription of [...subscriptions]) subscription.end();
          last = await store.latestCursor().catch(() => last);
        } else if (!failing) {
          logger.error(
            { err: error },
            'event feed cannot read the store; retrying on ring or poll',
          );
        }
        failing = true;
        return;
      }
    } while (again && !closed);
  }

  function wake(): void {
    if (closed) return;
    if (running !== null) {
      again = true;
      return;
    }
    running = pass().finally(() => {
      running = null;
    });
  }

  const onRing = (event: Event) => {
    if ((event as CustomEvent<unknown>).detail !== origin) wake();
  };
  doorbell.addEventListener(DOORBELL_RING, onRing);
  const poll = setInterval(wake, pollIntervalMs);
  poll.unref();

  return {
    subscribe({ after = null, signal, filter = null, onEvent, onCaughtUp } = {}) {
      const subscription = new FeedSubscription({
        read: replayReads(filter),
        filter,
        onEvent,
        onCaughtUp,
        after,
        pageSize: replayPageSize,
        maxBuffered,
        onEnd: (ended) => {
          subscriptions.delete(ended);
          signal?.removeEventListener('abort', onAbort);
        },
      });
      const onAbort = () => subscription.end();
      if (closed || signal?.aborted) {
        subscription.end();
        return subscription;
      }
      subscriptions.add(subscription);
      signal?.addEventListener('abort', onAbort, { once: true });
      return subscription;
    },
    notify() {
      if (closed) return;
      wake();
      try {
        doorbell.dispatchEvent(new CustomEvent(DOORBELL_RING, { detail: origin }));
      } catch (error) {
        logger.warn({ err: error }, 'event feed could not ring the doorbell');
      }
    },
    get subscribers() {
      return subscriptions.size;
    },
    get position() {
      return last;
    },
    async close() {
      if (closed) return;
      closed = true;
      clearInterval(poll);
      doorbell.removeEventListener(DOORBELL_RING, onRing);
      for (const subscription of [...subscriptions]) subscription.end();
      await running;
    },
  };
}

/**
 * Events stored in the log that `feed` has not handed out yet (0 once it has caught up): the
 * distance between the log's newest cursor and the feed's position. Reads the store once.
 */
export async function feedLag(
  store: Pick<EventStore, 'latestCursor'>,
  feed: Pick<EventFeed, 'position'>,
): Promise<number> {
  const latest = await store.latestCursor();
  const position = feed.position;
  const sequence = (cursor: string | null) => (cursor === null ? 0 : (decodeCursor(cursor) ?? 0));
  return Math.max(0, sequence(latest) - sequence(position));
}
