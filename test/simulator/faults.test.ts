import { ConflictError, InternalServerError, NotFoundError, RateLimitError } from 'cloudflare';
import { afterEach, describe, expect, it } from 'vitest';
import type { Simulator } from '../../src/simulator/index.js';
import {
  ACCOUNT,
  APP,
  call,
  closeAll,
  meetingId,
  reached,
  receiver,
  register,
  sdk,
  simulator,
  statusesOf,
} from './support.js';

afterEach(closeAll);

const list = (sim: Simulator) =>
  sdk(sim).realtimeKit.recordings.getRecordings(APP, { account_id: ACCOUNT });

async function control(sim: Simulator, method: 'POST' | 'DELETE', body?: unknown) {
  const response = await fetch(`${sim.url}/__simulator/faults`, {
    method,
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, json: await response.json() };
}

describe('REST faults', () => {
  it.each([
    [404, NotFoundError],
    [409, ConflictError],
    [500, InternalServerError],
  ])('%i is answered once, in the envelope, then normal service resumes', async (status, type) => {
    const sim = await simulator();
    sim.faults.rest({ method: 'GET', path: '/recordings', status });
    const failure = await list(sim).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(type);
    expect((failure as InstanceType<typeof type>).error).toMatchObject({
      success: false,
      error: { code: status },
    });
    expect((await list(sim)).success).toBe(true);
    expect(sim.calls.map((c) => c.status)).toEqual([status, 200]);
  });

  it('429 carries Retry-After: 1 by default, or the headers given', async () => {
    const sim = await simulator();
    sim.faults.rest({ path: '/recordings', status: 429 });
    const first = await call(sim, 'GET', '/recordings');
    expect(first.status).toBe(429);
    expect(first.headers.get('retry-after')).toBe('1');
    expect(first.json).toEqual({
      success: false,
      error: { code: 429, message: 'Too many requests' },
    });
    sim.faults.rest({
      status: 429,
      headers: { 'Retry-After': '7' },
      body: { message: 'slow down' },
    });
    const second = await call(sim, 'GET', '/recordings');
    expect(second.headers.get('retry-after')).toBe('7');
    expect(second.json).toEqual({ message: 'slow down' });
    expect((await list(sim)).success).toBe(true);
    sim.faults.rest({ status: 429 });
    await expect(list(sim)).rejects.toBeInstanceOf(RateLimitError);
  });

  it('a delay without a status slows the real answer, once', async () => {
    const sim = await simulator();
    sim.faults.rest({ path: '/recordings', delayMs: 150 });
    const before = performance.now();
    const slow = await call(sim, 'POST', '/recordings', { meeting_id: meetingId() });
    expect(performance.now() - before).toBeGreaterThanOrEqual(140);
    expect(slow.status).toBe(200);
    expect(slow.json.data.status).toBe('INVOKED');
    expect(sim.calls.map((c) => [c.method, c.path, c.status])).toEqual([
      ['POST', '/recordings', 200],
    ]);
  });

  it('matches on method and path (exact string or RegExp) and honours times', async () => {
    const sim = await simulator();
    const id = meetingId();
    sim.faults.rest({ method: 'PUT', path: /^\/recordings\/[^/]+$/, status: 503, times: 2 });
    expect((await call(sim, 'GET', `/recordings/${id}`)).status).toBe(404);
    expect((await call(sim, 'PUT', `/recordings/${id}`, { action: 'stop' })).status).toBe(503);
    expect((await call(sim, 'PUT', `/recordings/${id}`, { action: 'stop' })).status).toBe(503);
    expect((await call(sim, 'PUT', `/recordings/${id}`, { action: 'stop' })).status).toBe(404);
    sim.faults.rest({ path: '/recordings/track', status: 500 });
    expect((await call(sim, 'GET', '/recordings')).status).toBe(200);
    sim.faults.clear();
    expect((await call(sim, 'POST', '/recordings/track', { meeting_id: id })).status).toBe(200);
  });

  it('records every call with its path, query, body and final status, in arrival order', async () => {
    const sim = await simulator();
    const meeting = meetingId();
    await call(sim, 'POST', '/recordings', { meeting_id: meeting });
    await call(sim, 'GET', `/recordings?status=INVOKED&status=RECORDING&meeting_id=${meeting}`);
    expect(sim.calls).toEqual([
      {
        method: 'POST',
        path: '/recordings',
        query: {},
        body: { meeting_id: meeting },
        status: 200,
        at: expect.any(Number),
      },
      {
        method: 'GET',
        path: '/recordings',
        query: { status: ['INVOKED', 'RECORDING'], meeting_id: meeting },
        body: undefined,
        status: 200,
        at: expect.any(Number),
      },
    ]);
  });
});

describe('fault control over HTTP', () => {
  it('POST arms REST faults (pathPattern for a RegExp), DELETE clears them', async () => {
    const sim = await simulator();
    expect(
      await control(sim, 'POST', { rest: { method: 'GET', path: '/recordings', status: 500 } }),
    ).toMatchObject({ status: 200, json: { success: true } });
    expect((await call(sim, 'GET', '/recordings')).status).toBe(500);
    expect((await call(sim, 'GET', '/recordings')).status).toBe(200);

    await control(sim, 'POST', { rest: [{ pathPattern: '^/meetings/', status: 429, times: 5 }] });
    expect((await call(sim, 'GET', `/meetings/${meetingId()}`)).status).toBe(429);
    expect(await control(sim, 'DELETE')).toMatchObject({ status: 200 });
    expect((await call(sim, 'GET', `/meetings/${meetingId()}`)).status).toBe(200);
  });

  it('POST arms webhook faults', async () => {
    const sim = await simulator();
    const rx = await receiver();
    await register(sdk(sim), rx.url);
    await control(sim, 'POST', { webhook: { kind: 'suppress', status: 'INVOKED' } });
    const { json } = await call(sim, 'POST', '/recordings', { meeting_id: meetingId() });
    const id = json.data.id;
    await rx.waitFor(reached(id, 'RECORDING'));
    await sim.idle();
    expect(statusesOf(rx.received, id)).toEqual(['RECORDING']);
  });

  it('refuses malformed fault bodies with a 400 envelope', async () => {
    const sim = await simulator();
    expect((await control(sim, 'POST', { rest: { status: 'teapot' } })).status).toBe(400);
    expect((await control(sim, 'POST', { webhook: { kind: 'explode' } })).status).toBe(400);
    expect((await control(sim, 'POST', { rest: { pathPattern: '(' } })).status).toBe(400);
    expect((await call(sim, 'GET', '/recordings')).status).toBe(200);
  });
});
