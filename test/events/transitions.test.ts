import { describe, expect, it } from 'vitest';
import { RECORDING_STATUSES, type RecordingStatus } from '../../src/domain/model.js';
import { decideTransition, isFinalStatus } from '../../src/events/transitions.js';

/**
 * The rule written out by hand, row by row, rather than derived from the ranks under test:
 * P publish, U unchanged, S stale, C confirm with upstream. Columns follow RECORDING_STATUSES:
 * INVOKED RECORDING PAUSED UPLOADING UPLOADED ERRORED.
 */
const TABLE: Record<RecordingStatus, string> = {
  INVOKED: 'U P P P P P',
  RECORDING: 'S U C P P P',
  PAUSED: 'S C U P P P',
  UPLOADING: 'S S S U P P',
  UPLOADED: 'S S S S U S',
  ERRORED: 'S S S S S U',
};
const NAMES = { P: 'publish', U: 'unchanged', S: 'stale', C: 'confirm' } as const;

const matrix = RECORDING_STATUSES.flatMap((current) => {
  const row = TABLE[current].split(' ') as Array<keyof typeof NAMES>;
  return RECORDING_STATUSES.map((next, column) => ({
    current,
    next,
    decision: NAMES[row[column] as keyof typeof NAMES],
  }));
});

describe('decideTransition without an upstream answer', () => {
  it('covers all 36 pairs', () => {
    expect(matrix).toHaveLength(36);
    expect(matrix.filter((pair) => pair.decision === 'confirm')).toHaveLength(2);
  });

  it.each(matrix)('$current → $next: $decision', ({ current, next, decision }) => {
    expect(decideTransition(current, next)).toBe(decision);
  });

  it('publishes anything for a recording it has never seen', () => {
    for (const next of RECORDING_STATUSES) expect(decideTransition(null, next)).toBe('publish');
  });
});

describe('decideTransition with what upstream said', () => {
  const alternations = [
    ['RECORDING', 'PAUSED'],
    ['PAUSED', 'RECORDING'],
  ] as const;

  it.each(alternations)('%s → %s publishes only when upstream is there now', (current, next) => {
    expect(decideTransition(current, next, next)).toBe('publish');
    // Upstream already moved back (a round trip finished) or on: the delivery is old news.
    for (const upstream of RECORDING_STATUSES.filter((status) => status !== next)) {
      expect(decideTransition(current, next, upstream)).toBe('stale');
    }
  });

  it.each(alternations)('%s → %s is deferred when upstream could not answer', (current, next) => {
    expect(decideTransition(current, next, null)).toBe('defer');
  });

  it('never lets an upstream answer override the ranks', () => {
    for (const { current, next, decision } of matrix.filter(
      (pair) => pair.decision !== 'confirm',
    )) {
      for (const upstream of [null, ...RECORDING_STATUSES]) {
        expect(decideTransition(current, next, upstream)).toBe(decision);
      }
    }
  });
});

describe('isFinalStatus', () => {
  it('is true only for UPLOADED and ERRORED', () => {
    expect(RECORDING_STATUSES.filter(isFinalStatus)).toEqual(['UPLOADED', 'ERRORED']);
  });
});
