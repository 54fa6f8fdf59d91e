import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLoaders, primeFromRecordings } from '../../src/datasources/loaders.js';
import type { RealtimeKitDataSource } from '../../src/datasources/source.js';
import type { Recording } from '../../src/domain/model.js';
import { NotFoundError, UpstreamError, ValidationError } from '../../src/errors.js';
import { type Simulator, startSimulator } from '../../src/simulator/index.js';
import { callsSince, createHarness, freshMeetingId } from './harness.js';

/**
 * The bound the loaders exist for: a page of 50 recordings with their meetings costs one list call
 * plus at most one call per distinct meeting, and none when the list embedded full meetings.
 * A simulator of its own, so the list holds exactly these 50 recordings.
 */

let simulator: Simulator;
let source: RealtimeKitDataSource;
const meetingIds = [freshMeetingId(), freshMeetingId(), freshMeetingId()];
let page: Recording[] = [];
// These tests read no event log.
const noHistories = async () => new Map();

beforeAll(async () => {
  simulator = await startSimulator({ timeScale: 0.01, port: 0 });
  source = createHarness(simulator).source;
  for (let i = 0; i < 50; i++) {
    const meetingId = meetingIds[i % 3] ?? '';
    await source.startRecording({ meetingId, allowMultipleRecordings: true });
  }
});
afterAll(async () => {
  await simulator.stop();
});

async function listAndResolveMeetings(prime: (recordings: Recording[]) => Recording[]) {
  const loaders = createLoaders(source, noHistories);
  const before = simulator.calls.length;
  const result = await source.listRecordings({ pageNo: 1, perPage: 50 });
  page = result.recordings;
  primeFromRecordings(loaders, prime(page));
  const meetings = await Promise.all(
    page.map((recording) => loaders.meeting.load(recording.meetingId ?? '')),
  );
  return { loaders, meetings, calls: callsSince(simulator, before) };
}

describe('loaders over a page of 50 recordings across 3 meetings', () => {
  it('costs exactly one list call when the list embedded full meetings', async () => {
    const { loaders, meetings, calls } = await listAndResolveMeetings((recordings) => recordings);
    expect(page).toHaveLength(50);
    expect(calls).toEqual(['GET /recordings']);
    expect(new Set(meetings.map((meeting) => meeting?.id))).toEqual(new Set(meetingIds));
    const before = simulator.calls.length;
    const again = await loaders.recording.loadMany(page.map((recording) => recording.id));
    expect(again).toEqual(page);
    expect(simulator.calls.length).toBe(before);
  });

  it('costs one list call plus one per distinct meeting when meetings are not embedded', async () => {
    const { meetings, calls } = await listAndResolveMeetings((recordings) =>
      recordings.map((recording) => ({ ...recording, meeting: null })),
    );
    expect(meetings.every((meeting) => meeting !== null)).toBe(true);
    expect(calls[0]).toBe('GET /recordings');
    expect(calls.slice(1).sort()).toEqual(meetingIds.map((id) => `GET /meetings/${id}`).sort());
  });

  it('does not prime a partial meeting (as webhooks embed) and primes session → meeting', async () => {
    const loaders = createLoaders(source, noHistories);
    const [first] = page;
    if (!first?.meeting || !first.sessionId) throw new Error('expected an embedded meeting');
    primeFromRecordings(loaders, [
      { ...first, meeting: { ...first.meeting, updatedAt: null, title: 'partial' } },
    ]);
    const before = simulator.calls.length;
    expect(await loaders.sessionMeeting.load(first.sessionId)).toBe(first.meetingId);
    expect((await loaders.meeting.load(first.meeting.id))?.title).not.toBe('partial');
    expect(callsSince(simulator, before)).toEqual([`GET /meetings/${first.meeting.id}`]);
  });
});

describe('batch results', () => {
  it('keep key order with an Error in a failed key’s slot', async () => {
    const loaders = createLoaders(source, noHistories);
    const [first] = page;
    const missing = '00000000-0000-4000-8000-00000000dead';
    const results = await loaders.recording.loadMany([missing, 'not-a-uuid', first?.id ?? '']);
    expect(results[0]).toBeNull();
    expect(results[1]).toBeInstanceOf(ValidationError);
    expect((results[2] as Recording).id).toBe(first?.id);
  });

  it('put upstream failures in their slot and wrap non-Error rejections', async () => {
    const failing: RealtimeKitDataSource = {
      ...source,
      getMeeting: async (id) => {
        if (id === 'a') throw new UpstreamError('down', 503);
        if (id === 'b') throw 'a bare string';
        if (id === 'c') throw new NotFoundError('x');
        return null;
      },
    };
    const loaders = createLoaders(failing, noHistories);
    const results = await loaders.meeting.loadMany(['a', 'b', 'c', 'd']);
    expect(results[0]).toBeInstanceOf(UpstreamError);
    expect(results[1]).toBeInstanceOf(Error);
    expect((results[1] as Error).message).toBe('a bare string');
    expect(results[2]).toBeInstanceOf(NotFoundError);
    expect(results[3]).toBeNull();
  });
});
