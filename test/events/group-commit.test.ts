import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createGroupCommit } from '../../src/events/sql/group-commit.js';
import { createSqlEventStore } from '../../src/events/sql/store.js';
import {
  type AcceptOutcome,
  type EventStore,
  StoreUnavailableError,
} from '../../src/events/types.js';
import { eventually } from '../support/time.js';
import { published, storeBackends } from './store-backends.js';
import { makeRecording, makeUpdate } from './support.js';

describe('group commit', () => {
  /** A writer that records each batch and settles it only when the test says so. */
  function recordingWriter() {
    const batches: number[][] = [];
    const release: Array<() => void> = [];
    const write = async (items: number[]) => {
      batches.push(items);
      await new Promise<void>((resolve) => release.push(resolve));
      return items.map((item) => item * 10);
    };
    return { batches, release, write };
  }

  it('writes what arrived in one turn together, then what arrived while it wrote, in order', async () => {
    const { batches, release, write } = recordingWriter();
    const commits = createGroupCommit({ write, maxBatch: 100, retryAlone: () => false });
    const settled: number[] = [];
    const submit = (item: number) =>
      commits.submit(item).then((result) => {
        settled.push(item);
        return result;
      });
    const first = [1, 2, 3].map(submit);
    await vi.waitFor(() => expect(batches).toEqual([[1, 2, 3]]), eventually);
    const second = [4, 5].map(submit);
    // Nobody is acknowledged before their own batch commits.
    await new Promise((resolve) => setImmediate(resolve));
    expect(settled).toEqual([]);
    release.shift()?.();
    expect(await Promise.all(first)).toEqual([10, 20, 30]);
    expect(settled).toEqual([1, 2, 3]);
    await vi.waitFor(
      () =>
        expect(batches).toEqual([
          [1, 2, 3],
          [4, 5],
        ]),
      eventually,
    );
    release.shift()?.();
    expect(await Promise.all(second)).toEqual([40, 50]);
  });

  it('caps a batch at maxBatch', async () => {
    const { batches, release, write } = recordingWriter();
    const commits = createGroupCommit({ write, maxBatch: 2, retryAlone: () => false });
    const results = [1, 2, 3, 4, 5].map((item) => commits.submit(item));
    for (let n = 1; n <= 3; n += 1) {
      await vi.waitFor(() => expect(batches).toHaveLength(n), eventually);
      release.shift()?.();
    }
    expect(await Promise.all(results)).toEqual([10, 20, 30, 40, 50]);
    expect(batches).toEqual([[1, 2], [3, 4], [5]]);
  });

  it('fails a whole batch at once on an outage, and retries one by one on bad data', async () => {
    const writes: number[][] = [];
    let down = false;
    const commits = createGroupCommit({
      write: async (items: number[]) => {
        writes.push(items);
        if (down) throw new Error('outage');
        if (items.includes(13)) throw new Error('bad data');
        return items;
      },
      maxBatch: 100,
      retryAlone: (error) => (error as Error).message === 'bad data',
    });
    const first = [0, 12, 13, 14].map((item) =>
      commits.submit(item).catch((e: Error) => e.message),
    );
    expect(await Promise.all(first)).toEqual([0, 12, 'bad data', 14]);
    expect(writes).toEqual([[0, 12, 13, 14], [0], [12], [13], [14]]);

    down = true;
    writes.length = 0;
    const second = [1, 2, 3].map((item) => commits.submit(item).catch((e: Error) => e.message));
    expect(await Promise.all(second)).toEqual(['outage', 'outage', 'outage']);
    expect(writes).toEqual([[1, 2, 3]]);
  });
});

const { backends, cleanup } = storeBackends();
afterAll(cleanup);

describe.each(backends)('group-committed accepts on $name', (backend) => {
  let store: EventStore;

  beforeAll(async () => {
    store = createSqlEventStore(await backend.open());
  });

  it('decides a batch in arrival order, as if accepted one by one', async () => {
    const id = randomUUID();
    const invoked = makeUpdate(makeRecording(id, 'INVOKED'));
    // Accepts submitted in one turn share one transaction.
    const lead = store.accept(makeUpdate(makeRecording(randomUUID(), 'INVOKED')));
    const outcomes = await Promise.all([
      store.accept(invoked),
      store.accept(makeUpdate(makeRecording(id, 'RECORDING'))),
      store.accept({ ...invoked }),
      store.accept(makeUpdate(makeRecording(id, 'PAUSED'))),
      store.accept(makeUpdate(makeRecording(id, 'INVOKED'))),
      store.accept(makeUpdate(makeRecording(id, 'UPLOADING'))),
    ]);
    await lead;
    expect(outcomes.map((outcome) => outcome.kind)).toEqual([
      'published',
      'published',
      'duplicate',
      'unconfirmed',
      'stale',
      'published',
    ]);
    expect(outcomes[3]).toEqual({ kind: 'unconfirmed', current: 'RECORDING', revision: 2 });
    const events = outcomes.flatMap((outcome) =>
      outcome.kind === 'published' ? [outcome.event] : [],
    );
    expect(events.map((event) => [event.previousStatus, event.status])).toEqual([
      [null, 'INVOKED'],
      ['INVOKED', 'RECORDING'],
      ['RECORDING', 'UPLOADING'],
    ]);
    const cursors = events.map((event) => event.cursor);
    expect([...cursors].sort()).toEqual(cursors);
    expect(await store.history(id)).toEqual(events);
  });

  it('lets one delivery the database refuses fail alone, losing none of its batch', async () => {
    const ids = [randomUUID(), randomUUID(), randomUUID()];
    // Postgres' jsonb cannot hold a NUL character: a data error, not an outage.
    const poison = makeUpdate(
      makeRecording(randomUUID(), 'INVOKED', { outputFileName: 'a\u0000b' }),
    );
    const lead = store.accept(makeUpdate(makeRecording(randomUUID(), 'INVOKED')));
    const outcomes: Array<AcceptOutcome | unknown> = await Promise.all(
      [
        makeUpdate(makeRecording(ids[0] as string, 'INVOKED')),
        poison,
        makeUpdate(makeRecording(ids[1] as string, 'INVOKED')),
        makeUpdate(makeRecording(ids[2] as string, 'INVOKED')),
      ].map((update) => store.accept(update).catch((error: unknown) => error)),
    );
    await lead;
    expect(outcomes[1]).toBeInstanceOf(StoreUnavailableError);
    for (const index of [0, 2, 3]) {
      published(outcomes[index] as AcceptOutcome);
    }
    for (const id of ids)
      expect((await store.history(id)).map((e) => e.status)).toEqual(['INVOKED']);
  });
});
