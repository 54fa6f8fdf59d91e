import { createHash } from 'node:crypto';
import type { RealtimeKitDataSource } from './datasources/realtimekit.js';
import type {
  Recording,
  StartRecordingInput,
  StartTrackRecordingInput,
} from './datasources/types.js';
import { ConflictError, ValidationError } from './errors.js';
import type { IdempotencyStore } from './events/types.js';
import type { Logger } from './logger.js';

export interface IdempotentStartsOptions {
  store: IdempotencyStore;
  realtimeKit: RealtimeKitDataSource;
  /** How long a key remembers its result; default 24 h. */
  ttlMs?: number;
  /** How often a repeat asks again while another replica runs the request; default 200 ms. */
  pollMs?: number;
  /** How long a repeat waits for another replica before giving up as CONFLICT; default 20 s. */
  waitMs?: number;
  /** The clock (epoch ms) the key's expiry is counted from; injectable for tests. */
  now?: () => number;
  /** Where a result that could not be remembered is reported; nothing else is logged. */
  logger?: Logger;
}

/** Starts that run upstream once per idempotency key, however often and wherever they repeat. */
export interface IdempotentStarts {
  /** `owner` (a token subject) gives each caller its own key space; null shares one. */
  startRecording(
    input: StartRecordingInput,
    key?: string | null,
    owner?: string | null,
  ): Promise<Recording>;
  startTrackRecording(
    input: StartTrackRecordingInput,
    key?: string | null,
    owner?: string | null,
  ): Promise<Recording>;
}

const DAY_MS = 24 * 60 * 60 * 1000;
const FIELD = 'input.idempotencyKey';
const KEY_PATTERN = /^[\x20-\x7e]{1,255}$/;

/**
 * JSON with object keys sorted and empty (null/undefined) members dropped, so the same request
 * hashes the same however a client ordered or spelled its absent fields.
 */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const members = Object.entries(value)
      .filter(([, member]) => member !== null && member !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([name, member]) => `${JSON.stringify(name)}:${canonicalJson(member)}`);
    return `{${members.join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

/**
 * The request's fingerprint. Storage secrets are inside the input, so they count towards it, but
 * only this digest is stored: never the input itself.
 */
export function requestHash(operation: string, input: unknown): string {
  return createHash('sha256')
    .update(`${operation}\n${canonicalJson(input)}`)
    .digest('hex');
}

function validateKey(key: string): void {
  if (!KEY_PATTERN.test(key)) {
    throw new ValidationError(FIELD, 'must be 1 to 255 printable ASCII characters');
  }
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Idempotent recording starts. Upstream does not deduplicate starts, so a key is claimed in the
 * shared store before the one upstream call; repeats in this process join the call in flight, and
 * repeats on other replicas wait for its stored result.
 */
export function createIdempotentStarts(options: IdempotentStartsOptions): IdempotentStarts {
  const { store, realtimeKit, logger } = options;
  const ttlMs = options.ttlMs ?? DAY_MS;
  const pollMs = options.pollMs ?? 200;
  const waitMs = options.waitMs ?? 20_000;
  const now = options.now ?? Date.now;
  const inFlight = new Map<string, { hash: string; result: Promise<Recording> }>();

  async function claimAndRun(
    key: string,
    hash: string,
    call: () => Promise<Recording>,
  ): Promise<Recording> {
    const giveUpAt = performance.now() + waitMs;
    for (;;) {
      const claim = await store.claim(key, hash, new Date(now() + ttlMs).toISOString());
      switch (claim.state) {
        case 'done':
          return claim.recording;
        case 'mismatch':
          throw new ValidationError(FIELD, 'was used for a different request');
        case 'claimed':
          return runClaimed(key, call);
        case 'pending':
          if (performance.now() >= giveUpAt) {
            throw new ConflictError('a request with this idempotency key is still running');
          }
          await sleep(pollMs);
      }
    }
  }

  async function runClaimed(key: string, call: () => Promise<Recording>): Promise<Recording> {
    let recording: Recording;
    try {
      recording = await call();
    } catch (error) {
      // Nothing started upstream, so a retry with the same key may try again.
      await store.release(key).catch((releaseError: unknown) => {
        logger?.error({ err: releaseError }, 'idempotency: could not release a failed key');
      });
      throw error;
    }
    try {
      await store.complete(key, recording);
    } catch (error) {
      // The recording exists upstream; failing now would invite a retry that starts a second one.
      // Repeats see the key as pending until it expires.
      logger?.error({ err: error }, 'idempotency: could not remember a started recording');
    }
    return recording;
  }

  function run(
    operation: string,
    input: unknown,
    given: string | null | undefined,
    owner: string | null | undefined,
    call: () => Promise<Recording>,
  ): Promise<Recording> {
    if (given === null || given === undefined) return call();
    validateKey(given);
    // Two callers who pick the same key must not share a result.
    const key = owner
      ? `${createHash('sha256').update(owner).digest('hex').slice(0, 32)}:${given}`
      : given;
    const hash = requestHash(operation, input);
    const joined = inFlight.get(key);
    if (joined) {
      if (joined.hash !== hash) {
        return Promise.reject(new ValidationError(FIELD, 'was used for a different request'));
      }
      return joined.result;
    }
    const result = claimAndRun(key, hash, call).finally(() => inFlight.delete(key));
    inFlight.set(key, { hash, result });
    return result;
  }

  return {
    async startRecording(input, key, owner) {
      return run('startRecording', input, key, owner, () => realtimeKit.startRecording(input));
    },
    async startTrackRecording(input, key, owner) {
      return run('startTrackRecording', input, key, owner, () =>
        realtimeKit.startTrackRecording(input),
      );
    },
  };
}
