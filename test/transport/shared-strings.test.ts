import { describe, expect, it } from 'vitest';
import { createSharedStrings } from '../../src/transport/shared-strings.js';

// Which copy of a string is handed back cannot be seen from JavaScript (strings have no identity
// there); what the pool saves shows in a heap snapshot and in the bench's memory per connection.
// These tests hold it to what can be seen: equal values back, and its bounds.

describe('shared strings', () => {
  const query = `subscription Dashboard($meetingId: ID!) { recordingStatusChanged(meetingId: $meetingId) { cursor } }`;

  it('gives back an equal string and keeps one entry per distinct value', () => {
    const strings = createSharedStrings();
    expect(strings.share(query)).toBe(query);
    expect(strings.share(`${query}`)).toBe(query);
    expect(strings.size).toBe(1);
    expect(strings.has(query)).toBe(true);
  });

  it('leaves short and oversized strings alone and keeps none of them', () => {
    const strings = createSharedStrings({ minLength: 8, maxLength: 64 });
    expect(strings.share('short')).toBe('short');
    const long = 'x'.repeat(65);
    expect(strings.share(long)).toBe(long);
    expect(strings.size).toBe(0);
  });

  it('keeps at most maxEntries strings, dropping the least recently used first', () => {
    const strings = createSharedStrings({ maxEntries: 3, minLength: 1 });
    for (const text of ['a-1', 'a-2', 'a-3']) strings.share(text);
    strings.share('a-1'); // used again: a-2 is now the oldest
    strings.share('a-4');
    expect(['a-1', 'a-2', 'a-3', 'a-4'].map((text) => strings.has(text))).toEqual([
      true,
      false,
      true,
      true,
    ]);
  });

  it('stays bounded however many distinct strings a client sends', () => {
    const strings = createSharedStrings({ maxEntries: 64, minLength: 1, maxLength: 1_000 });
    for (let i = 0; i < 100_000; i += 1) strings.share(`flood-${i}-${'y'.repeat(i % 900)}`);
    expect(strings.size).toBe(64);
  });
});
