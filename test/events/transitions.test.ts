import { describe, expect, it } from 'vitest';
import { RECORDING_STATUSES, type RecordingStatus } from '../../src/datasources/types.js';
import { isFinalStatus, isVisibleTransition } from '../../src/events/transitions.js';

/** Every visible move, written out by hand rather than derived from the ranks under test. */
const VISIBLE: Record<RecordingStatus | 'null', RecordingStatus[]> = {
  null: ['INVOKED', 'RECORDING', 'PAUSED', 'UPLOADING', 'UPLOADED', 'ERRORED'],
  INVOKED: ['RECORDING', 'PAUSED', 'UPLOADING', 'UPLOADED', 'ERRORED'],
  RECORDING: ['PAUSED', 'UPLOADING', 'UPLOADED', 'ERRORED'],
  PAUSED: ['RECORDING', 'UPLOADING', 'UPLOADED', 'ERRORED'],
  UPLOADING: ['UPLOADED', 'ERRORED'],
  UPLOADED: [],
  ERRORED: [],
};

describe('isVisibleTransition', () => {
  const currents = [null, ...RECORDING_STATUSES] as const;
  const matrix = currents.flatMap((current) =>
    RECORDING_STATUSES.map((next) => ({
      current,
      next,
      visible: VISIBLE[current ?? 'null'].includes(next),
    })),
  );

  it('covers all 42 pairs', () => {
    expect(matrix).toHaveLength(42);
    expect(matrix.filter((pair) => pair.visible)).toHaveLength(21);
  });

  it.each(matrix)('$current → $next visible: $visible', ({ current, next, visible }) => {
    expect(isVisibleTransition(current, next)).toBe(visible);
  });

  it('never treats the same status as a change', () => {
    for (const status of RECORDING_STATUSES)
      expect(isVisibleTransition(status, status)).toBe(false);
  });
});

describe('isFinalStatus', () => {
  it('is true only for UPLOADED and ERRORED', () => {
    expect(RECORDING_STATUSES.filter(isFinalStatus)).toEqual(['UPLOADED', 'ERRORED']);
  });
});
