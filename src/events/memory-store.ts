import { buildStatusEvent, nextRecordingState, type RecordingState } from './status-event.js';
import { isVisibleTransition } from './transitions.js';
import { type AcceptOutcome, type EventStore, StoreUnavailableError } from './types.js';

const DEFAULT_MAX_REMEMBERED = 100_000;

/** A Map that forgets its least recently written entries beyond `limit`. */
class BoundedMap<K, V> {
  readonly #entries = new Map<K, V>();
  constructor(readonly limit: number) {}

  get(key: K): V | undefined {
    return this.#entries.get(key);
  }

  has(key: K): boolean {
    return this.#entries.has(key);
  }

  set(key: K, value: V): void {
    // Re-inserting moves the key to the end, so eviction drops whatever was touched longest ago.
    this.#entries.delete(key);
    this.#entries.set(key, value);
    while (this.#entries.size > this.limit) {
      const oldest = this.#entries.keys().next();
      if (oldest.done) break;
      this.#entries.delete(oldest.value);
    }
  }

  clear(): void {
    this.#entries.clear();
  }
}

/**
 * The in-process event store: deduplicates deliveries, keeps each recording's latest visible status
 * and numbers published events. State lives only as long as the process; memory is bounded by
 * `maxRemembered` (deliveries, bodies and recordings each).
 */
export function createMemoryEventStore(options: { maxRemembered?: number } = {}): EventStore {
  const limit = options.maxRemembered ?? DEFAULT_MAX_REMEMBERED;
  if (!Number.isSafeInteger(limit) || limit < 1) {
    throw new RangeError('maxRemembered must be a positive integer');
  }
  const deliveries = new BoundedMap<string, true>(limit);
  const bodies = new BoundedMap<string, true>(limit);
  const recordings = new BoundedMap<string, RecordingState>(limit);
  let sequence = 0;
  let closed = false;

  return {
    // Deliberately free of `await`: the whole decision runs in one turn of the event loop, which is
    // what makes concurrent accepts atomic without a lock.
    async accept(update): Promise<AcceptOutcome> {
      if (closed) throw new StoreUnavailableError('event store is closed');
      const { deliveryId, bodyHash } = update;
      if ((deliveryId !== null && deliveries.has(deliveryId)) || bodies.has(bodyHash)) {
        return { kind: 'duplicate' };
      }
      if (deliveryId !== null) deliveries.set(deliveryId, true);
      bodies.set(bodyHash, true);

      const recordingId = update.recording.id;
      const previous = recordings.get(recordingId) ?? null;
      const visible = isVisibleTransition(previous?.status ?? null, update.recording.status);
      recordings.set(recordingId, nextRecordingState(update, previous, visible));
      if (!visible && previous !== null) return { kind: 'stale', current: previous.status };
      sequence += 1;
      return { kind: 'published', event: buildStatusEvent(update, previous, sequence) };
    },

    async close(): Promise<void> {
      closed = true;
      deliveries.clear();
      bodies.clear();
      recordings.clear();
    },
  };
}
