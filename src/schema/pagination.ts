import type { RecordingListQuery, RecordingPage } from '../domain/inputs.js';
import { ValidationError } from '../errors.js';

/**
 * Relay paging over RealtimeKit's page_no/per_page. A cursor is the absolute offset of an item;
 * a window [start, start + count) is fetched with the fewest upstream pages that cover it.
 */

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;
const CURSOR_PREFIX = 'offset:';

export function encodeOffsetCursor(offset: number): string {
  return Buffer.from(`${CURSOR_PREFIX}${offset}`).toString('base64url');
}

/** The offset a cursor names; a malformed cursor is a VALIDATION error on `field`. */
export function decodeOffsetCursor(cursor: string, field: string): number {
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  const offset = text.startsWith(CURSOR_PREFIX) ? Number(text.slice(CURSOR_PREFIX.length)) : NaN;
  if (!Number.isSafeInteger(offset) || offset < 0 || encodeOffsetCursor(offset) !== cursor) {
    throw new ValidationError(field, 'is not a cursor this API returned');
  }
  return offset;
}

/** The page size to ask upstream for so one page holds the whole window, if there is one. */
function coveringPageSize(start: number, count: number): number | null {
  for (let size = Math.max(count, 1); size <= MAX_PAGE_SIZE; size += 1) {
    if (Math.floor(start / size) === Math.floor((start + count - 1) / size)) return size;
  }
  return null;
}

type ListPage = (query: RecordingListQuery) => Promise<RecordingPage>;

/** Fetches `count` recordings from absolute offset `start`: one upstream call, two at most. */
export async function fetchWindow(
  list: ListPage,
  filter: Omit<RecordingListQuery, 'pageNo' | 'perPage'>,
  start: number,
  count: number,
): Promise<RecordingPage> {
  const size = coveringPageSize(start, count);
  if (size !== null) {
    const pageNo = Math.floor(start / size) + 1;
    const page = await list({ ...filter, pageNo, perPage: size });
    const from = start - (pageNo - 1) * size;
    return { recordings: page.recordings.slice(from, from + count), totalCount: page.totalCount };
  }
  // No single page covers an unaligned window this far in: take the two pages of size `count`.
  const first = Math.floor(start / count) + 1;
  const [a, b] = await Promise.all([
    list({ ...filter, pageNo: first, perPage: count }),
    list({ ...filter, pageNo: first + 1, perPage: count }),
  ]);
  const from = start - (first - 1) * count;
  return {
    recordings: [...a.recordings, ...b.recordings].slice(from, from + count),
    totalCount: b.totalCount,
  };
}
