import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  createEventBus,
  EventBusOverflowError,
  type EventBusTarget,
} from '../../src/events/bus.js';
import { encodeCursor } from '../../src/events/cursor.js';
import type { RecordingStatusEvent } from '../../src/events/types.js';
import { makeRecording } from './support.js';

function makeEvent(sequence: number): RecordingStatusEvent {
  const recording = makeRecording(randomUUID(), 'RECORDING');
  return {
    cursor: encodeCursor(sequence),
    recordingId: recording.id,
    meetingId: null,
    status: 'RECORDING',
    previousStatus: null,
    occurredAt: new Date().toISOString(),
    recording,
  };
}

async function take(iterable: AsyncIterable<RecordingStatusEvent>, count: number) {
  const iterator = iterable[Symbol.asyncIterator]();
  const out: RecordingStatusEvent[] = [];
  while (out.length < count) {
    const result = await iterator.next();
    if (result.done) break;
    out.push(result.value);
  }
  return out;
}

describe('createEventBus', () => {
  it('delivers every event, in order, to every subscriber, counting from subscribe', async () => {
    const bus = createEventBus();
    const first = bus.subscribe();
    const second = bus.subscribe();
    // Published before anyone iterates: still delivered, since subscribing registers at once.
    const events = [1, 2, 3].map(makeEvent);
    for (const event of events) await bus.publish(event);
    expect(await take(first, 3)).toEqual(events);
    expect(await take(second, 3)).toEqual(events);
    await bus.close();
  });

  it('ends a subscription when its signal aborts, even while it waits', async () => {
    const bus = createEventBus();
    const controller = new AbortController();
    const iterator = bus.subscribe(controller.signal)[Symbol.asyncIterator]();
    const pending = iterator.next();
    controller.abort();
    expect(await pending).toEqual({ done: true, value: undefined });
    expect(await iterator.next()).toEqual({ done: true, value: undefined });
    await bus.close();
  });

  it('ends at once for an already aborted signal', async () => {
    const bus = createEventBus();
    const iterable = bus.subscribe(AbortSignal.abort());
    await bus.publish(makeEvent(1));
    expect(await take(iterable, 1)).toEqual([]);
    await bus.close();
  });

  it('ends every subscription on close, and later ones at once', async () => {
    const bus = createEventBus();
    const waiting = bus.subscribe()[Symbol.asyncIterator]().next();
    await bus.close();
    expect(await waiting).toEqual({ done: true, value: undefined });
    expect(await take(bus.subscribe(), 1)).toEqual([]);
  });

  it('ends the iterator on return() while a next() is pending', async () => {
    const bus = createEventBus();
    const iterator = bus.subscribe()[Symbol.asyncIterator]();
    const pending = iterator.next();
    await iterator.return?.();
    expect(await pending).toEqual({ done: true, value: undefined });
    await bus.close();
  });

  it('does not let a slow subscriber block publishing, and ends it past its buffer', async () => {
    const bus = createEventBus({ maxBuffered: 10 });
    const slow = bus.subscribe()[Symbol.asyncIterator]();
    const fast = bus.subscribe();
    const received = take(fast, 100);
    const events = Array.from({ length: 100 }, (_, index) => makeEvent(index + 1));
    for (const event of events) {
      await bus.publish(event);
      // Deliveries arrive on separate turns of the event loop; a live consumer drains in between.
      await new Promise(setImmediate);
    }
    expect(await received).toEqual(events);

    // The slow one gets what it had buffered, then an error instead of a silent gap.
    const buffered: RecordingStatusEvent[] = [];
    await expect(
      (async () => {
        for (;;) {
          const result = await slow.next();
          if (result.done) return;
          buffered.push(result.value);
        }
      })(),
    ).rejects.toThrow(EventBusOverflowError);
    // The buffer holds 10; the eager first read holds one more.
    expect(buffered.map((event) => event.cursor)).toEqual(events.slice(0, 11).map((e) => e.cursor));
    await bus.close();
  });

  it('fans out through a shared event target, as a distributed target would', async () => {
    const target: EventBusTarget = new EventTarget();
    const publisher = createEventBus({ eventTarget: target });
    const subscriber = createEventBus({ eventTarget: target });
    const iterable = subscriber.subscribe();
    const event = makeEvent(7);
    await publisher.publish(event);
    expect(await take(iterable, 1)).toEqual([event]);
    await Promise.all([publisher.close(), subscriber.close()]);
  });
});
