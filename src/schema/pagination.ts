import type { RecordingListQuery, RecordingPage, RecordingSortOrder } from '../domain/inputs.js';
import type { Recording } from '../domain/model.js';
import { UpstreamError, ValidationError } from '../errors.js';
import { isUuid } from '../util/normalise.js';

/**
 * Relay paging over RealtimeKit's recordings list that survives new recordings. A cursor is a
 * position in the list's order, not an offset: the recording's invoked time (to the millisecond,
 * as RealtimeKit gives it) and, between recordings invoked in the same millisecond, its id. The
 * page after a cursor asks RealtimeKit, sorted by `invokedTime`, only for recordings invoked at or
 * beyond that time (`start_time` ascending, `end_time` descending, a millisecond wider so that an
 * inclusive or exclusive bound, or a finer stored time, loses nothing), orders what comes back by
 * time and id itself, and keeps what lies strictly after the cursor. A recording started between
 * two pages is invoked now: it lands at the newest end, before the first page (descending) or
 * after the last (ascending), and nothing already listed moves, repeats or is skipped.
 *
 * RealtimeKit orders recordings invoked in the same millisecond as it likes, so a page never ends
 * inside such a group unless it holds the whole group; a group larger than one upstream page
 * (100) cannot be ordered, and a page that would have to cross one fails with UPSTREAM.
 */

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;
/** RealtimeKit's largest `per_page`. */
const UPSTREAM_PAGE = 100;
/** Room in a first fetch for recordings at the cursor's own millisecond and at the page's edge. */
const HEADROOM = 4;
const CURSOR = /^k1:(\d{1,15}):([0-9a-f-]{36})$/;

/** Where a recording sits in the list's order. */
export interface Position {
  /** Its invoked time, epoch milliseconds (0 when RealtimeKit gave none). */
  time: number;
  id: string;
}

export function positionOf(recording: Recording): Position {
  const time = recording.invokedTime ? Date.parse(recording.invokedTime) : Number.NaN;
  return { time: Number.isFinite(time) && time > 0 ? time : 0, id: recording.id };
}

export function encodeCursor({ time, id }: Position): string {
  return Buffer.from(`k1:${time}:${id}`).toString('base64url');
}

/** The position a cursor names; any other text (an old offset cursor too) is VALIDATION. */
export function decodeCursor(cursor: string, field: string): Position {
  const match = CURSOR.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  const position = match ? { time: Number(match[1]), id: String(match[2]) } : null;
  if (!position || !isUuid(position.id) || encodeCursor(position) !== cursor) {
    throw new ValidationError(field, 'is not a cursor this API returned');
  }
  return position;
}

/** Ascending order by time, then id; negated for descending. */
function compare(a: Position, b: Position, direction: RecordingSortOrder): number {
  const ascending = a.time - b.time || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  return direction === 'ASC' ? ascending : -ascending;
}

export type ListFilter = Omit<RecordingListQuery, 'pageNo' | 'perPage' | 'sortOrder'>;
type ListPage = (query: RecordingListQuery) => Promise<RecordingPage>;

/** The caller's filter, narrowed to what lies at or beyond `from` (a millisecond wider). */
function beyond(filter: ListFilter, direction: RecordingSortOrder, from: Position | null) {
  if (!from) return filter;
  const iso = (ms: number) => new Date(ms).toISOString();
  if (direction === 'ASC') {
    const given = filter.startTime ? Date.parse(filter.startTime) : Number.NEGATIVE_INFINITY;
    return from.time - 1 > given ? { ...filter, startTime: iso(from.time - 1) } : filter;
  }
  const given = filter.endTime ? Date.parse(filter.endTime) : Number.POSITIVE_INFINITY;
  return from.time + 1 < given ? { ...filter, endTime: iso(from.time + 1) } : filter;
}

interface Step {
  /** In order, strictly after `from`, none whose place is not yet known. */
  items: Recording[];
  /** Nothing lies beyond what was fetched. */
  exhausted: boolean;
  totalCount: number;
}

async function step(
  list: ListPage,
  filter: ListFilter,
  direction: RecordingSortOrder,
  from: Position | null,
  perPage: number,
): Promise<Step> {
  const page = await list({
    ...beyond(filter, direction, from),
    sortOrder: direction,
    pageNo: 1,
    perPage,
  });
  const fetched = page.recordings.map((recording) => ({ recording, at: positionOf(recording) }));
  const exhausted = page.totalCount <= fetched.length;
  // The farthest millisecond fetched may go on in the next upstream page: its place is unknown.
  const edge = fetched.reduce<number | null>(
    (far, { at }) =>
      far === null || (direction === 'ASC' ? at.time > far : at.time < far) ? at.time : far,
    null,
  );
  const items = fetched
    .filter(
      ({ at }) =>
        (from === null || compare(at, from, direction) > 0) && (exhausted || at.time !== edge),
    )
    .sort((a, b) => compare(a.at, b.at, direction))
    .map(({ recording }) => recording);
  return { items, exhausted, totalCount: page.totalCount };
}

/** A page of recordings after a position, whether more follow, and the count when known. */
export interface KeysetPage {
  recordings: Recording[];
  hasNextPage: boolean;
  /** The filter's total, when this page's first call could tell it (no cursor). */
  totalCount: number | null;
}

/**
 * Fetches `count` recordings after `after` in `direction`: one upstream call, two at most (one
 * when `singleCall`, which a caller that spends the other call elsewhere asks for). A page may hold
 * fewer than `count` with `hasNextPage`, when recordings crowd into few milliseconds.
 */
export async function fetchKeysetPage(
  list: ListPage,
  filter: ListFilter,
  direction: RecordingSortOrder,
  after: Position | null,
  count: number,
  singleCall = false,
): Promise<KeysetPage> {
  const want = count + 1;
  const perPage = singleCall ? UPSTREAM_PAGE : Math.min(UPSTREAM_PAGE, want + HEADROOM);
  const first = await step(list, filter, direction, after, perPage);
  let { items, exhausted } = first;
  if (items.length < want && !exhausted && !singleCall && perPage < UPSTREAM_PAGE) {
    const last = items.at(-1);
    const from = last ? positionOf(last) : after;
    const next = await step(list, filter, direction, from, UPSTREAM_PAGE);
    items = [...items, ...next.items];
    exhausted = next.exhausted;
  }
  if (items.length === 0 && !exhausted) {
    throw new UpstreamError(
      `More than ${UPSTREAM_PAGE} recordings were invoked within one millisecond here; RealtimeKit's list cannot be paged through them in order`,
    );
  }
  return {
    recordings: items.slice(0, count),
    hasNextPage: items.length > count || !exhausted,
    totalCount: after === null ? first.totalCount : null,
  };
}
