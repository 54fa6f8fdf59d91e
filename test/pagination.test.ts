import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type {
  RecordingListQuery,
  RecordingPage,
  RecordingSortOrder,
} from '../src/domain/inputs.js';
import { GatewayError } from '../src/errors.js';
import {
  decodeCursor,
  encodeCursor,
  fetchKeysetPage,
  type Position,
  positionOf,
} from '../src/schema/pagination.js';
import { makeRecording } from './events/support.js';

/**
 * Keyset paging against a model of RealtimeKit's list as its contract describes it and leaves
 * open: filtered by invoked time (inclusive, or exclusive), sorted by it, recordings invoked in
 * the same millisecond in an order that changes from call to call, times stored finer than the
 * milliseconds it shows. The gateway end to end, over the simulator, is test/recordings-paging.
 */

interface Stored {
  id: string;
  /** The invoked time as stored, in microseconds; shown to the millisecond. */
  micros: number;
}

/** A deterministic shuffle, so that a failure replays. */
function shuffled<T>(items: T[], seed: number): T[] {
  const out = [...items];
  let state = seed;
  for (let i = out.length - 1; i > 0; i -= 1) {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    const j = state % (i + 1);
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

function upstream(options: { exclusive?: boolean } = {}) {
  const stored: Stored[] = [];
  let calls = 0;
  const list = async (query: RecordingListQuery): Promise<RecordingPage> => {
    calls += 1;
    const from = query.startTime ? Date.parse(query.startTime) * 1000 : Number.NEGATIVE_INFINITY;
    const to = query.endTime ? Date.parse(query.endTime) * 1000 : Number.POSITIVE_INFINITY;
    const inside = (at: number) =>
      options.exclusive ? at > from && at < to : at >= from && at <= to;
    const sign = query.sortOrder === 'ASC' ? 1 : -1;
    // Stable sort of a fresh shuffle: ties come back in another order each call.
    const matches = shuffled(
      stored.filter((recording) => inside(recording.micros)),
      calls,
    ).sort((a, b) => sign * (Math.floor(a.micros / 1000) - Math.floor(b.micros / 1000)));
    const page = matches.slice((query.pageNo - 1) * query.perPage, query.pageNo * query.perPage);
    return {
      recordings: page.map((recording) =>
        makeRecording(recording.id, 'UPLOADED', {
          invokedTime: new Date(Math.floor(recording.micros / 1000)).toISOString(),
        }),
      ),
      totalCount: matches.length,
    };
  };
  return {
    list,
    get calls() {
      return calls;
    },
    /** Adds `count` recordings invoked within millisecond `ms` (at various microseconds). */
    add(ms: number, count: number): string[] {
      const ids = Array.from({ length: count }, () => randomUUID());
      for (const [i, id] of ids.entries()) {
        stored.push({ id, micros: ms * 1000 + ((i * 37) % 1000) });
      }
      return ids;
    },
  };
}

const T0 = Date.parse('2026-01-01T00:00:00.000Z');
const order = (direction: RecordingSortOrder) => (a: Position, b: Position) => {
  const ascending = a.time - b.time || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  return direction === 'ASC' ? ascending : -ascending;
};

/** Walks every page of `size`, calling `between` after each; the ids in the order seen. */
async function walk(
  model: ReturnType<typeof upstream>,
  direction: RecordingSortOrder,
  size: number,
  between: (page: number) => void = () => {},
) {
  const seen: string[] = [];
  let after: Position | null = null;
  for (let page = 0; page < 500; page += 1) {
    const before = model.calls;
    const result = await fetchKeysetPage(model.list, {}, direction, after, size);
    expect(model.calls - before).toBeLessThanOrEqual(2);
    seen.push(...result.recordings.map((recording) => recording.id));
    const last = result.recordings.at(-1);
    if (!result.hasNextPage) return seen;
    expect(last).toBeDefined();
    after = positionOf(last as never);
    between(page);
  }
  throw new Error('never reached the last page');
}

describe('keyset pages over a list whose ties change order between calls', () => {
  for (const exclusive of [false, true]) {
    for (const direction of ['ASC', 'DESC'] as const) {
      it.each([1, 3, 7, 20])(
        `${direction}, ${exclusive ? 'exclusive' : 'inclusive'} time bounds, pages of %i: every recording once, in order, with recordings added between pages`,
        async (size) => {
          const model = upstream({ exclusive });
          // 60 recordings in 8 milliseconds: groups of ties, at various microseconds.
          const initial = [0, 1, 2, 5, 6, 7, 9, 12].flatMap((ms, i) => model.add(T0 + ms, 3 + i));
          const byPosition = new Map<string, Position>();
          const expected = (
            await fetchKeysetPage(model.list, {}, direction, null, 100)
          ).recordings.map((recording) => {
            byPosition.set(recording.id, positionOf(recording));
            return recording.id;
          });
          expect(expected).toHaveLength(initial.length);
          expect([...expected].sort()).toEqual([...initial].sort());
          const positions = expected.map((id) => byPosition.get(id) as Position);
          expect([...positions].sort(order(direction))).toEqual(positions);

          const added: string[] = [];
          let now = T0 + 1000;
          const seen = await walk(model, direction, size, (page) => {
            // Started between two requests: invoked now, several in one millisecond.
            if (page >= 12) return;
            now += 1;
            added.push(...model.add(now, 2));
          });
          expect(new Set(seen).size).toBe(seen.length);
          if (direction === 'DESC') {
            expect(seen).toEqual(expected);
          } else {
            expect(seen.slice(0, expected.length)).toEqual(expected);
            expect([...seen.slice(expected.length)].sort()).toEqual([...added].sort());
          }
        },
      );
    }
  }
});

describe('the limit: recordings invoked within one millisecond', () => {
  it('pages through 80 in one millisecond, in id order', async () => {
    const model = upstream();
    model.add(T0, 10);
    const crowd = model.add(T0 + 1, 80);
    model.add(T0 + 2, 10);
    for (const direction of ['ASC', 'DESC'] as const) {
      const seen = await walk(model, direction, 5);
      expect(seen).toHaveLength(100);
      const sorted = [...crowd].sort();
      expect(seen.slice(10, 90)).toEqual(direction === 'ASC' ? sorted : sorted.reverse());
    }
  });

  it('fails with UPSTREAM rather than repeat or skip when 100 or more share one', async () => {
    const model = upstream();
    model.add(T0, 120);
    model.add(T0 + 1, 3);
    const failure = await fetchKeysetPage(model.list, {}, 'ASC', null, 5).catch(
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(GatewayError);
    expect(failure).toMatchObject({ code: 'UPSTREAM' });
    expect((failure as Error).message).toMatch(/within one millisecond/);
  });
});

describe('cursors', () => {
  it('round-trip a position and refuse anything else as VALIDATION, old offset cursors too', () => {
    const position = { time: T0 + 5, id: randomUUID() };
    expect(decodeCursor(encodeCursor(position), 'after')).toEqual(position);
    for (const bad of [
      Buffer.from('offset:4').toString('base64url'),
      Buffer.from(`k1:${T0}:not-an-id`).toString('base64url'),
      Buffer.from(`k1:-5:${randomUUID()}`).toString('base64url'),
      `${encodeCursor(position)}=`,
      'garbage',
      '',
    ]) {
      expect(() => decodeCursor(bad, 'after'), bad).toThrow(
        expect.objectContaining({ code: 'VALIDATION', field: 'after' }),
      );
    }
  });
});
