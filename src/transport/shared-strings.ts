/**
 * A bounded pool of recently seen strings, so equal strings from different clients are kept once.
 *
 * graphql-ws keeps each subscription's `subscribe` message alive while the subscription lasts: the
 * raw text and the strings parsed from it (the query above all) sit in the suspended frame that
 * serves it. A dashboard's thousands of viewers send the same message, so without sharing each
 * socket holds its own copy (about 750 bytes of a 300-character query). Handing the pool's copy on
 * instead lets the fresh one be collected at once.
 *
 * Bounded against a client that sends endless distinct strings: at most `maxEntries` strings of at
 * most `maxLength` characters each are kept, the least recently used dropped first; shorter strings
 * than `minLength` are not worth a lookup. Strings are immutable, so sharing one is invisible.
 */
export interface SharedStrings {
  /** `value` itself, or an equal string seen before. */
  share(value: string): string;
  /** Whether an equal string is in the pool now. */
  has(value: string): boolean;
  readonly size: number;
}

export function createSharedStrings(
  options: { maxEntries?: number; minLength?: number; maxLength?: number } = {},
): SharedStrings {
  const { maxEntries = 256, minLength = 32, maxLength = 16_384 } = options;
  const pool = new Map<string, string>();
  return {
    share(value) {
      if (value.length < minLength || value.length > maxLength) return value;
      const known = pool.get(value);
      if (known !== undefined) {
        // Most recently used last, so the oldest is first in line to go.
        pool.delete(known);
        pool.set(known, known);
        return known;
      }
      pool.set(value, value);
      if (pool.size > maxEntries) pool.delete(pool.keys().next().value as string);
      return value;
    },
    has: (value) => pool.has(value),
    get size() {
      return pool.size;
    },
  };
}
