import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createBackoff } from '../../client/src/backoff.js';
import {
  backoffDelay,
  createResumableClient,
  cursorOf,
  resumeProblem,
} from '../../client/src/index.js';
import { resumeReplacer } from '../../client/src/resume.js';
import { deferred } from '../support/gateway.js';

/** The helper's rules on their own: which documents resume, which cursors count, the delays. */

const RESUMABLE = /* GraphQL */ `
  subscription Watch($meetingId: ID, $after: String) {
    recordingStatusChanged(meetingId: $meetingId, after: $after) { cursor status }
  }
`;

describe('resumeProblem', () => {
  it('accepts a subscription that declares $after and selects cursor, in any layout', () => {
    expect(resumeProblem(RESUMABLE)).toBeNull();
    expect(
      resumeProblem(
        'subscription($after:String){recordingStatusChanged(after:$after){...F}} fragment F on RecordingStatusEvent{cursor}',
      ),
    ).toBeNull();
  });

  it('leaves queries and mutations alone, even when a field or a string says "subscription"', () => {
    expect(resumeProblem('{ recordings { totalCount } }')).toBeNull();
    expect(resumeProblem('query Q { subscription: recordings { totalCount } }')).toBeNull();
    expect(
      resumeProblem('mutation { stopRecording(id: "subscription") { __typename } }'),
    ).toBeNull();
  });

  it('refuses a subscription without $after, or without cursor', () => {
    expect(resumeProblem('subscription { recordingStatusChanged { cursor } }')).toContain('$after');
    expect(
      resumeProblem(
        'subscription W($after: String) { recordingStatusChanged(after: $after) { status } }',
      ),
    ).toContain('`cursor`');
    // `$afterward` is another variable; `cursors` another field.
    expect(
      resumeProblem(
        'subscription($afterward: String) { recordingStatusChanged(after: $afterward) { cursor } }',
      ),
    ).toContain('$after');
    expect(
      resumeProblem(
        'subscription($after: String) { recordingStatusChanged(after: $after) { cursors } }',
      ),
    ).toContain('`cursor`');
  });

  it('is not fooled by comments or strings that mention $after or cursor', () => {
    const commented =
      'subscription { # $after cursor\n recordingStatusChanged(statuses: []) { status } }';
    expect(resumeProblem(commented)).toContain('$after');
    const quoted = 'subscription { recordingStatusChanged(meetingId: "$after cursor") { status } }';
    expect(resumeProblem(quoted)).toContain('$after');
    const block =
      'subscription { recordingStatusChanged(meetingId: """$after\ncursor""") { status } }';
    expect(resumeProblem(block)).toContain('$after');
  });

  it('copes with unbalanced braces and empty documents without throwing', () => {
    expect(resumeProblem('')).toBeNull();
    expect(resumeProblem('subscription {{{')).toContain('$after');
    expect(resumeProblem('}}} subscription')).toContain('$after');
  });
});

describe('cursorOf', () => {
  it('takes the root field’s cursor', () => {
    expect(cursorOf({ data: { recordingStatusChanged: { cursor: '0000000000000042' } } })).toBe(
      '0000000000000042',
    );
  });

  it.each([
    ['no result', undefined],
    ['null', null],
    ['errors only', { errors: [{ message: 'boom' }] }],
    ['null data', { data: null }],
    ['a null field', { data: { recordingStatusChanged: null } }],
    ['a number', { data: { recordingStatusChanged: { cursor: 42 } } }],
    ['an empty string', { data: { recordingStatusChanged: { cursor: '' } } }],
    ['an object', { data: { recordingStatusChanged: { cursor: { toString: () => 'x' } } } }],
    ['a string result', 'cursor'],
  ])('finds none in %s', (_name, result) => {
    expect(cursorOf(result)).toBeNull();
  });
});

describe('resumeReplacer', () => {
  const cursors = new Map([['s1', '0000000000000007']]);
  const send = (message: unknown) => JSON.parse(JSON.stringify(message, resumeReplacer(cursors)));

  it('puts the last cursor into a re-sent subscribe, keeping the other variables', () => {
    const message = {
      id: 's1',
      type: 'subscribe',
      payload: { query: RESUMABLE, variables: { meetingId: 'm', after: '0000000000000001' } },
    };
    expect(send(message).payload.variables).toEqual({ meetingId: 'm', after: '0000000000000007' });
    // The subscriber's own payload is not changed.
    expect(message.payload.variables.after).toBe('0000000000000001');
    expect(
      send({ id: 's1', type: 'subscribe', payload: { query: RESUMABLE } }).payload.variables,
    ).toEqual({ after: '0000000000000007' });
  });

  it('leaves every other message as it is', () => {
    const others = [
      { id: 's2', type: 'subscribe', payload: { query: RESUMABLE, variables: { after: 'a' } } },
      { id: 's1', type: 'complete' },
      { type: 'connection_init', payload: { authorization: 'Bearer t' } },
      { type: 'ping' },
      { id: 's1', type: 'subscribe', payload: null },
    ];
    for (const message of others) expect(send(message)).toEqual(message);
  });
});

describe('backoff', () => {
  const settings = { initialDelayMs: 100, maxDelayMs: 1_000 };

  it('doubles from the first delay up to the cap, each within its upper half', () => {
    expect([0, 1, 2, 3, 4, 50].map((n) => backoffDelay(n, settings, () => 0))).toEqual([
      50, 100, 200, 400, 500, 500,
    ]);
    expect([0, 1, 2, 3, 4, 50].map((n) => backoffDelay(n, settings, () => 1))).toEqual([
      100, 200, 400, 800, 1_000, 1_000,
    ]);
    expect(backoffDelay(Number.MAX_SAFE_INTEGER, settings, () => 0.5)).toBe(750);
  });

  it.each([
    [{ initialDelayMs: -1 }, 'retry.initialDelayMs'],
    [{ initialDelayMs: Number.NaN }, 'retry.initialDelayMs'],
    [{ maxDelayMs: Number.POSITIVE_INFINITY }, 'retry.maxDelayMs'],
    [{ initialDelayMs: 2_000, maxDelayMs: 1_000 }, 'must not be less'],
  ])('refuses %o', (options, message) => {
    expect(() => createBackoff(options)).toThrow(message);
  });

  it('cancel ends a pending wait at once', async () => {
    const backoff = createBackoff({ initialDelayMs: 3_600_000, maxDelayMs: 3_600_000 });
    const waited = backoff.wait(0);
    backoff.cancel();
    await waited;
  });
});

describe('createResumableClient options and documents', () => {
  const url = 'ws://127.0.0.1:9/graphql';

  it.each([
    [{ keepAliveMs: -5 }, 'keepAliveMs'],
    [{ keepAliveMs: Number.NaN }, 'keepAliveMs'],
    [{ pongTimeoutMs: 0 }, 'pongTimeoutMs'],
    [{ retry: { maxDelayMs: -1 } }, 'retry.maxDelayMs'],
  ])('refuses %o when created', (options, message) => {
    expect(() => createResumableClient({ url, webSocketImpl: WebSocket, ...options })).toThrow(
      message,
    );
  });

  it('refuses a subscription it could not resume, at once and with the reason', async () => {
    const client = createResumableClient({ url, webSocketImpl: WebSocket });
    const refused = deferred<unknown>();
    client.subscribe(
      { query: 'subscription { recordingStatusChanged { status } }' },
      { next: () => {}, error: refused.resolve, complete: () => {} },
    );
    expect(String(await refused.promise)).toContain('declares `$after: String`');
    await client.dispose();
  });
});
