import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { RecordingStatus } from '../../src/datasources/types.js';
import { decodeCursor } from '../../src/events/cursor.js';
import { createMemoryEventStore } from '../../src/events/memory-store.js';
import { isVisibleTransition } from '../../src/events/transitions.js';
import {
  type AcceptOutcome,
  type RecordingStatusEvent,
  StoreUnavailableError,
} from '../../src/events/types.js';
import { makeRecording, makeUpdate, seededRandom, shuffle } from './support.js';

function published(outcome: AcceptOutcome): RecordingStatusEvent {
  if (outcome.kind !== 'published') throw new Error(`expected published, got ${outcome.kind}`);
  return outcome.event;
}

describe('createMemoryEventStore', () => {
  it('publishes the first update with its fields and no previous status', async () => {
    const store = createMemoryEventStore();
    const meetingId = randomUUID();
    const recording = makeRecording(randomUUID(), 'RECORDING', { meetingId });
    const update = makeUpdate(recording, { receivedAt: '2026-11-22T01:02:03.000Z' });
    const event = published(await store.accept(update));
    expect(event).toEqual({
      cursor: expect.any(String),
      recordingId: recording.id,
      meetingId,
      status: 'RECORDING',
      previousStatus: null,
      occurredAt: '2026-11-22T01:02:03.000Z',
      recording,
    });
    expect(decodeCursor(event.cursor)).toBe(1);
  });

  it('treats a repeated delivery id or a repeated body as a duplicate', async () => {
    const store = createMemoryEventStore();
    const update = makeUpdate(makeRecording(randomUUID(), 'INVOKED'));
    expect((await store.accept(update)).kind).toBe('published');
    expect(await store.accept({ ...update, bodyHash: 'other' })).toEqual({ kind: 'duplicate' });
    expect(await store.accept({ ...update, deliveryId: randomUUID() })).toEqual({
      kind: 'duplicate',
    });
    expect(await store.accept({ ...update, deliveryId: null })).toEqual({ kind: 'duplicate' });
  });

  it('keeps late and repeated statuses from subscribers', async () => {
    const store = createMemoryEventStore();
    const id = randomUUID();
    expect((await store.accept(makeUpdate(makeRecording(id, 'UPLOADED')))).kind).toBe('published');
    for (const status of ['UPLOADING', 'RECORDING', 'ERRORED', 'UPLOADED'] as const) {
      expect(await store.accept(makeUpdate(makeRecording(id, status)))).toEqual({
        kind: 'stale',
        current: 'UPLOADED',
      });
    }
  });

  it('publishes RECORDING → PAUSED → RECORDING with the previous status of each', async () => {
    const store = createMemoryEventStore();
    const id = randomUUID();
    const events: RecordingStatusEvent[] = [];
    for (const status of ['RECORDING', 'PAUSED', 'RECORDING'] as const) {
      events.push(published(await store.accept(makeUpdate(makeRecording(id, status)))));
    }
    expect(events.map((event) => [event.previousStatus, event.status])).toEqual([
      [null, 'RECORDING'],
      ['RECORDING', 'PAUSED'],
      ['PAUSED', 'RECORDING'],
    ]);
  });

  it('fills a missing meeting id from an earlier update of the same recording', async () => {
    const store = createMemoryEventStore();
    const id = randomUUID();
    const meetingId = randomUUID();
    await store.accept(makeUpdate(makeRecording(id, 'INVOKED', { meetingId })));
    const event = published(await store.accept(makeUpdate(makeRecording(id, 'RECORDING'))));
    expect(event.meetingId).toBe(meetingId);
    expect(event.recording.meetingId).toBe(meetingId);
  });

  it('forgets the oldest deliveries beyond maxRemembered', async () => {
    const store = createMemoryEventStore({ maxRemembered: 2 });
    const first = makeUpdate(makeRecording(randomUUID(), 'INVOKED'));
    await store.accept(first);
    await store.accept(makeUpdate(makeRecording(randomUUID(), 'INVOKED')));
    expect((await store.accept(first)).kind).toBe('duplicate');
    await store.accept(makeUpdate(makeRecording(randomUUID(), 'INVOKED')));
    await store.accept(makeUpdate(makeRecording(randomUUID(), 'INVOKED')));
    // `first` and its recording are forgotten, so it reads as new.
    expect((await store.accept(first)).kind).toBe('published');
  });

  it('refuses updates once closed', async () => {
    const store = createMemoryEventStore();
    await store.close();
    await expect(store.accept(makeUpdate(makeRecording(randomUUID(), 'INVOKED')))).rejects.toThrow(
      StoreUnavailableError,
    );
  });

  it('stays monotonic under 1,000 concurrent, shuffled, partly duplicated accepts', async () => {
    const random = seededRandom(20261122);
    const paths: RecordingStatus[][] = [
      [
        'INVOKED',
        'RECORDING',
        'PAUSED',
        'RECORDING',
        'PAUSED',
        'RECORDING',
        'UPLOADING',
        'UPLOADED',
      ],
      ['INVOKED', 'RECORDING', 'UPLOADING', 'ERRORED'],
      ['INVOKED', 'ERRORED'],
      ['INVOKED', 'RECORDING', 'PAUSED', 'UPLOADING', 'UPLOADED'],
    ];
    const originals = Array.from({ length: 50 }, (_, index) => {
      const id = randomUUID();
      const path = paths[index % paths.length] ?? [];
      return path.map((status) => makeUpdate(makeRecording(id, status)));
    }).flat();
    const duplicateCount = 1_000 - originals.length;
    expect(duplicateCount).toBeGreaterThanOrEqual(290);
    const copies = Array.from({ length: duplicateCount }, (_, index) => {
      const original = originals[Math.floor(random() * originals.length)];
      if (!original) throw new Error('no original');
      // Half repeat the delivery id, half repeat only the body under a new delivery id.
      return index % 2 === 0 ? { ...original } : { ...original, deliveryId: randomUUID() };
    });
    const updates = shuffle([...originals, ...copies], random);
    const store = createMemoryEventStore();
    const outcomes = await Promise.all(updates.map((update) => store.accept(update)));

    expect(outcomes.filter((outcome) => outcome.kind === 'duplicate')).toHaveLength(duplicateCount);
    const events = outcomes.flatMap((outcome) =>
      outcome.kind === 'published' ? [outcome.event] : [],
    );
    const sequences = events.map((event) => decodeCursor(event.cursor) ?? 0);
    expect(sequences).toEqual([...sequences].sort((a, b) => a - b));
    expect(new Set(sequences).size).toBe(events.length);
    expect(sequences[0]).toBe(1);

    const byRecording = new Map<string, RecordingStatusEvent[]>();
    for (const event of events) {
      byRecording.set(event.recordingId, [...(byRecording.get(event.recordingId) ?? []), event]);
    }
    expect(byRecording.size).toBe(50);
    for (const [recordingId, recordingEvents] of byRecording) {
      let current: RecordingStatus | null = null;
      for (const event of recordingEvents) {
        expect(event.previousStatus).toBe(current);
        expect(isVisibleTransition(current, event.status)).toBe(true);
        current = event.status;
      }
      const finals = originals
        .filter((u) => u.recording.id === recordingId)
        .map((u) => u.recording.status);
      expect(current).toBe(finals.at(-1));
    }
  });
});
