import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createRefusalLog } from '../../src/webhooks/refusal-log.js';
import { captureLogs } from '../support/logs.js';

/**
 * Refused webhook requests reach warn once per interval at most, however many come: the first at
 * once, then a summary of the rest by outcome while they keep coming. The clock is vitest's, so
 * the intervals pass when the test says.
 */

const INTERVAL = 60_000;

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

const refusal = (outcome: string, status: number) => ({ rtkUuid: null, outcome, status });

describe('the webhook refusal log', () => {
  it('warns at the first refusal, counts the rest at debug, and summarises them per interval', () => {
    const logs = captureLogs('debug');
    const log = createRefusalLog(logs.logger, INTERVAL);
    const warns = () => logs.find('webhook').filter((line) => line.level === 40);

    log.refused(refusal('unauthorized', 401));
    expect(warns()).toEqual([expect.objectContaining({ outcome: 'unauthorized', status: 401 })]);
    for (let i = 0; i < 1000; i += 1) log.refused(refusal('unauthorized', 401));
    for (let i = 0; i < 5; i += 1) log.refused(refusal('too_large', 413));
    expect(warns()).toHaveLength(1);
    expect(logs.find('webhook refused').filter((line) => line.level === 20)).toHaveLength(1005);

    vi.advanceTimersByTime(INTERVAL);
    expect(warns()).toHaveLength(2);
    expect(warns()[1]).toMatchObject({
      msg: 'webhook requests refused meanwhile',
      refused: { unauthorized: 1000, too_large: 5 },
    });

    // Still coming: one summary per interval.
    log.refused(refusal('malformed', 400));
    vi.advanceTimersByTime(INTERVAL);
    expect(warns()).toHaveLength(3);
    expect(warns()[2]).toMatchObject({ refused: { malformed: 1 } });

    // A quiet interval ends the series: nothing to summarise, and the next refusal warns at once.
    vi.advanceTimersByTime(INTERVAL * 5);
    expect(warns()).toHaveLength(3);
    log.refused(refusal('wrong_app', 403));
    expect(warns()).toHaveLength(4);
    expect(warns()[3]).toMatchObject({ outcome: 'wrong_app', status: 403 });
  });
});
