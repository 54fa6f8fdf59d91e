import { createPubSub, type PubSubEventTarget, type RepeaterBuffer } from 'graphql-yoga';
import type { EventBus, RecordingStatusEvent } from './types.js';

const TOPIC = 'recording-status';
const DEFAULT_MAX_BUFFERED = 1024;

type BusTopics = { [TOPIC]: [RecordingStatusEvent] };

/** Where published events travel: in-process by default, a Redis event target across replicas. */
export type EventBusTarget = PubSubEventTarget<BusTopics>;

/**
 * Ends a subscription whose consumer fell more than `maxBuffered` events behind. Dropping events
 * silently would leave a gap; ending lets the client resume with `after: <last cursor>`.
 */
export class EventBusOverflowError extends Error {
  override readonly name = 'EventBusOverflowError';
}

/**
 * A per-subscriber buffer that never reports itself full, so publishing never waits on (or throws
 * because of) a slow consumer; past capacity it drops and remembers that it did.
 */
class OverflowBuffer implements RepeaterBuffer<unknown> {
  readonly #values: unknown[] = [];
  overflowed = false;
  readonly full = false;
  constructor(readonly capacity: number) {}

  get empty(): boolean {
    return this.#values.length === 0;
  }

  add(value: unknown): void {
    if (this.#values.length >= this.capacity) this.overflowed = true;
    else if (!this.overflowed) this.#values.push(value);
  }

  remove(): unknown {
    if (this.#values.length === 0) throw new Error('buffer is empty');
    return this.#values.shift();
  }
}

/**
 * The process's event fan-out, built on graphql-yoga's pubsub so a distributed event target can be
 * passed in without changing callers. Each subscriber gets its own bounded buffer.
 */
export function createEventBus(
  options: { eventTarget?: EventBusTarget; maxBuffered?: number } = {},
): EventBus {
  const target: EventBusTarget = options.eventTarget ?? new EventTarget();
  const maxBuffered = options.maxBuffered ?? DEFAULT_MAX_BUFFERED;
  const publisher = createPubSub<BusTopics>({ eventTarget: target });
  const active = new Set<() => void>();
  let closed = false;

  function subscribe(signal?: AbortSignal): AsyncIterableIterator<RecordingStatusEvent> {
    const buffer = new OverflowBuffer(maxBuffered);
    // One pubsub per subscriber: yoga hands its buffer to every repeater it creates.
    const repeater = createPubSub<BusTopics>({
      eventTarget: target,
      repeaterBuffer: buffer,
    }).subscribe(TOPIC);
    let ended = closed || signal?.aborted === true;
    const end = () => {
      ended = true;
      active.delete(end);
      signal?.removeEventListener('abort', end);
      void repeater.return();
    };
    // The repeater only starts listening on its first `next`; asking now means nothing published
    // after `subscribe` returns is missed.
    let first: Promise<IteratorResult<RecordingStatusEvent>> | null = ended
      ? null
      : repeater.next();
    if (ended) end();
    else {
      active.add(end);
      signal?.addEventListener('abort', end, { once: true });
    }

    const settle = (result: IteratorResult<RecordingStatusEvent>) => {
      if (result.done) end();
      return result;
    };
    return {
      async next(): Promise<IteratorResult<RecordingStatusEvent>> {
        if (first !== null) {
          const pending = first;
          first = null;
          return settle(await pending);
        }
        if (ended) return { done: true, value: undefined };
        if (buffer.overflowed && buffer.empty) {
          end();
          throw new EventBusOverflowError(`subscriber fell more than ${maxBuffered} events behind`);
        }
        return settle(await repeater.next());
      },
      async return(): Promise<IteratorResult<RecordingStatusEvent>> {
        end();
        first = null;
        return { done: true, value: undefined };
      },
      [Symbol.asyncIterator]() {
        return this;
      },
    };
  }

  return {
    async publish(event) {
      if (!closed) publisher.publish(TOPIC, event);
    },
    subscribe,
    get subscribers() {
      return active.size;
    },
    async close() {
      closed = true;
      for (const end of [...active]) end();
    },
  };
}
