import { RateLimitError } from 'cloudflare';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { startSimulator } from '../../src/simulator/index.js';
import {
  ACCOUNT,
  APP,
  appUrl,
  call,
  closeAll,
  meetingId,
  reached,
  receiver,
  register,
  sdk,
  simulator,
} from './support.js';

/**
 * The limiter reads the wall clock, so every test freezes `Date` (and only `Date`): a window
 * cannot roll over in the middle of a test however slow the machine, and moving the clock
 * forward is how a test waits out a window. Timers and sockets stay real.
 */
afterEach(async () => {
  vi.useRealTimers();
  await closeAll();
});

const TOO_MANY = { success: false, error: { code: 429, message: 'Too many requests' } };

function freezeClock(): number {
  vi.useFakeTimers({ toFake: ['Date'] });
  return Date.now();
}

/** Sends `count` authorised GETs to `path`, `batch` at a time; returns their statuses in order. */
async function burst(
  sim: Awaited<ReturnType<typeof simulator>>,
  path: () => string,
  count: number,
  batch = 50,
): Promise<number[]> {
  const statuses: number[] = [];
  for (let sent = 0; sent < count; sent += batch) {
    const size = Math.min(batch, count - sent);
    const replies = await Promise.all(Array.from({ length: size }, () => call(sim, 'GET', path())));
    statuses.push(...replies.map((reply) => reply.status));
  }
  return statuses;
}

const meetingPath = () => `/meetings/${meetingId()}`;
const recordingPath = () => `/recordings/${meetingId()}`;

describe('RealtimeKit rate limits in the simulator', () => {
  it('answers the request over the 10-second budget with 429, Retry-After and the envelope', async () => {
    // timeScale 0.01 must not shorten the window: Retry-After is the full wall-clock 10 s.
    const sim = await simulator({ rateLimits: { perTenSeconds: 3, perMinute: 100 } });
    const start = freezeClock();
    expect(await burst(sim, meetingPath, 3)).toEqual([200, 200, 200]);
    const refused = await call(sim, 'GET', meetingPath());
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('10');
    expect(refused.json).toEqual(TOO_MANY);
    expect(sim.calls.map((c) => c.status)).toEqual([200, 200, 200, 429]);

    // The SDK sees RealtimeKit's 429 as its RateLimitError, Retry-After included.
    const error = await sdk(sim)
      .realtimeKit.meetings.getMeetingByID(meetingId(), { account_id: ACCOUNT, app_id: APP })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(RateLimitError);
    expect((error as RateLimitError).headers?.get('retry-after')).toBe('10');

    // Budgets are per token: another token is untouched.
    const other = await call(sim, 'GET', meetingPath(), undefined, {
      authorization: 'Bearer another-token',
    });
    expect(other.status).toBe(200);

    vi.setSystemTime(start + 9_000);
    const later = await call(sim, 'GET', meetingPath());
    expect(later.headers.get('retry-after')).toBe('1');
    vi.setSystemTime(start + 10_001);
    expect(await burst(sim, meetingPath, 3)).toEqual([200, 200, 200]);
  });

  it('counts only recordings requests against the minute budget', async () => {
    const sim = await simulator({ rateLimits: { perTenSeconds: 100, perMinute: 2 } });
    const start = freezeClock();
    expect(await burst(sim, () => `/recordings?meeting_id=${meetingId()}`, 2)).toEqual([200, 200]);
    const refused = await call(sim, 'POST', '/recordings', { meeting_id: meetingId() });
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('60');
    expect(refused.json).toEqual(TOO_MANY);
    expect(await burst(sim, meetingPath, 5)).toEqual([200, 200, 200, 200, 200]);
    vi.setSystemTime(start + 15_000);
    const stillRefused = await call(sim, 'GET', recordingPath());
    expect(stillRefused.headers.get('retry-after')).toBe('45');
    vi.setSystemTime(start + 60_001);
    expect((await call(sim, 'POST', '/recordings', { meeting_id: meetingId() })).status).toBe(200);
  });

  it('leaves downloads, the key, fault control and unauthorised calls out of the count', async () => {
    const sim = await simulator({ rateLimits: { perTenSeconds: 3, perMinute: 100 } });
    freezeClock();
    for (let i = 0; i < 3; i += 1) {
      expect((await fetch(`${appUrl(sim)}/recordings`)).status).toBe(401);
      expect((await fetch(sim.keyUrl)).status).toBe(200);
      const control = await fetch(`${sim.url}/__simulator/faults`, { method: 'DELETE' });
      expect(control.status).toBe(200);
    }
    // Three budgeted calls: register, start, stop.
    const client = sdk(sim);
    const rx = await receiver();
    await register(client, rx.url);
    const started = await call(sim, 'POST', '/recordings', { meeting_id: meetingId() });
    const id: string = started.json.data.id;
    await rx.waitFor(reached(id, 'RECORDING'));
    expect((await call(sim, 'PUT', `/recordings/${id}`, { action: 'stop' })).status).toBe(200);
    const uploaded = await rx.waitFor(reached(id, 'UPLOADED'));
    const link = uploaded.find((d) => d.body.recording.status === 'UPLOADED')?.body.recording
      .downloadUrl;
    for (let i = 0; i < 3; i += 1) expect((await fetch(link)).status).toBe(200);
    expect((await call(sim, 'GET', `/recordings/${id}`)).status).toBe(429);
  });

  it("is on by default, at RealtimeKit's 250 per 10 s and 1000 recordings calls per minute", async () => {
    const sim = await simulator();
    const start = freezeClock();
    const first = await burst(sim, meetingPath, 251);
    expect(first.filter((status) => status === 200)).toHaveLength(250);
    expect(first.at(-1)).toBe(429);
    // Four more 10-second windows of 250 recordings calls each spend the minute's 1000.
    for (let window = 1; window <= 4; window += 1) {
      vi.setSystemTime(start + window * 10_001);
      const statuses = await burst(sim, recordingPath, 250);
      expect(statuses.every((status) => status === 404)).toBe(true);
    }
    vi.setSystemTime(start + 5 * 10_001);
    const refused = await call(sim, 'GET', recordingPath());
    expect(refused.status).toBe(429);
    // The minute opened with the first recordings call, at +10.001 s; it is now +50.005 s.
    expect(refused.headers.get('retry-after')).toBe('20');
    expect((await call(sim, 'GET', meetingPath())).status).toBe(200);
  });

  it('rateLimits: false turns them off', async () => {
    const sim = await simulator({ rateLimits: false });
    freezeClock();
    const statuses = await burst(sim, recordingPath, 300);
    expect(statuses.filter((status) => status === 404)).toHaveLength(300);
  });

  it('refuses limits that are not whole numbers of at least 1', async () => {
    for (const rateLimits of [
      { perTenSeconds: 0, perMinute: 10 },
      { perTenSeconds: 10, perMinute: 1.5 },
    ]) {
      await expect(startSimulator({ rateLimits })).rejects.toThrow(RangeError);
    }
  });
});
