/**
 * Event cursors. A cursor is a sequence number written as a fixed-width decimal string, so cursors
 * compare the same way as strings and as numbers, and a durable store can use its own sequence.
 * Clients treat it as opaque.
 */

const WIDTH = 16;
const CURSOR = /^\d{16}$/;

/** The cursor for sequence number `sequence` (a positive safe integer). */
export function encodeCursor(sequence: number): string {
  if (!Number.isSafeInteger(sequence) || sequence < 1) {
    throw new RangeError('cursor sequence must be a positive safe integer');
  }
  return String(sequence).padStart(WIDTH, '0');
}

/** The sequence number in `cursor`, or null when it is not a cursor this gateway issued. */
export function decodeCursor(cursor: string): number | null {
  if (!CURSOR.test(cursor)) return null;
  const sequence = Number(cursor);
  return Number.isSafeInteger(sequence) && sequence >= 1 ? sequence : null;
}

/** Negative when `a` came before `b`, positive after, zero when equal. */
export function compareCursors(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
