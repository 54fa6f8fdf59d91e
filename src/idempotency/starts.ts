import type { StartRecordingInput, StartTrackRecordingInput } from '../domain/inputs.js';
import type { Recording } from '../domain/model.js';
import { ConflictError, UpstreamError, ValidationError } from '../errors.js';
import { NO_METRICS } from '../metrics/metrics.js';
import { KEY_FIELD, namespacedKey, requestHash, validateKey } from './keys.js';
import { holdingLease } from './lease.js';
import { isUnknownOutcome, recordingsStartedSince, unknownOutcomeError } from './outcome.js';
import { DEFAULT_LEASE_MS } from './sql-store.js';
import type { IdempotentStarts, IdempotentStartsOptions } from './types.js';

const DAY_MS = 24 * 60 * 60 * 1000;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

interface Attempt {
  key: string;
  hash: string;
  meetingId: string;
  call: () => Promise<Recording>;
}

/** An attempt holding its key: `token` names its claim. */
interface Claimed extends Attempt {
  token: string;
}

/**
 * Idempotent recording starts. Upstream does not deduplicate starts, so a key is claimed in the
 * shared store before the one upstream call; repeats in this process join the call in flight, and
 * repeats on other replicas wait for its stored result. A start whose outcome is unknown keeps its
 * key, and the next repeat looks upstream for the recording it may have started before it may
 * start again; so does a repeat that finds the key's claim lapsed (its replica died mid-start).
 */
export function createIdempotentStarts(options: IdempotentStartsOptions): IdempotentStarts {
  const { store, realtimeKit, logger } = options;
  const ttlMs = options.ttlMs ?? DAY_MS;
  const pollMs = options.pollMs ?? 200;
  const waitMs = options.waitMs ?? 20_000;
  const now = options.now ?? Date.now;
  const leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
  const metrics = options.metrics ?? NO_METRICS;
  const inFlight = new Map<string, { hash: string; result: Promise<Recording> }>();

  async function claimAndRun(attempt: Attempt): Promise<Recording> {
    const giveUpAt = performance.now() + waitMs;
    for (;;) {
      const expiresAt = new Date(now() + ttlMs).toISOString();
      const claim = await store.claim(attempt.key, attempt.hash, expiresAt, leaseMs);
      switch (claim.state) {
        case 'done':
          metrics.idempotentStart('replayed');
          return claim.recording;
        case 'mismatch':
          metrics.idempotentStart('mismatch');
          throw new ValidationError(KEY_FIELD, 'was used for a different request');
        case 'claimed':
          metrics.idempotentStart('started');
          return holding({ ...attempt, token: claim.token }, runClaimed);
        case 'unknown': {
          const taken = await store.takeOver(attempt.key, attempt.hash, leaseMs);
          if (taken) {
            const claimed = { ...attempt, token: taken.token };
            return holding(claimed, (held) => resolveUnknown(held, taken.firstClaimedAt));
          }
          break; // another caller is resolving it: wait for its answer
        }
        case 'pending':
          break;
      }
      if (performance.now() >= giveUpAt) {
        metrics.idempotentStart('conflict');
        throw new ConflictError('a request with this idempotency key is still running');
      }
      await sleep(pollMs);
    }
  }

  function holding(
    attempt: Claimed,
    run: (attempt: Claimed) => Promise<Recording>,
  ): Promise<Recording> {
    return holdingLease({ store, key: attempt.key, token: attempt.token, leaseMs }, logger, () =>
      run(attempt),
    );
  }

  /** Holding the key of an earlier attempt whose outcome is unknown: adopt, refuse, or start. */
  async function resolveUnknown(attempt: Claimed, since: string): Promise<Recording> {
    let started: Recording[];
    try {
      started = await recordingsStartedSince(realtimeKit, attempt.meetingId, since);
    } catch (error) {
      await keepUnknown(attempt);
      if (!(error instanceof UpstreamError)) throw error;
      throw new UpstreamError(
        'Could not tell whether the earlier start with this idempotency key happened; retry later',
      );
    }
    const [only, ...others] = started;
    if (only && others.length === 0) {
      metrics.idempotentStart('adopted');
      await remember(attempt, only);
      return only;
    }
    if (only) {
      metrics.idempotentStart('conflict');
      await keepUnknown(attempt);
      throw new ConflictError(
        'The earlier start with this idempotency key may have happened, and several recordings run in the meeting: use a new key to start another',
      );
    }
    metrics.idempotentStart('started');
    return runClaimed(attempt);
  }

  async function runClaimed(attempt: Claimed): Promise<Recording> {
    let recording: Recording;
    try {
      recording = await attempt.call();
    } catch (error) {
      if (isUnknownOutcome(error)) {
        await keepUnknown(attempt);
        // An unexpected error stays as it is, to be masked and logged as one.
        throw error instanceof UpstreamError ? unknownOutcomeError(error) : error;
      }
      // Nothing started upstream, so a retry with the same key may try again.
      await store.release(attempt.key, attempt.token).catch((releaseError: unknown) => {
        logger?.error({ err: releaseError }, 'idempotency: could not release a failed key');
      });
      throw error;
    }
    await remember(attempt, recording);
    return recording;
  }

  async function remember({ key, token }: Claimed, recording: Recording): Promise<void> {
    try {
      if (!(await store.complete(key, token, recording))) {
        // Another replica took the key over: the claim lapsed while this start ran.
        logger?.warn(
          { recordingId: recording.id },
          'idempotency: a start outlived its lease; its key holds what the retry found',
        );
      }
    } catch (error) {
      // The recording exists upstream; failing now would invite a retry that starts a second one.
      // Once the lease lapses, a repeat looks upstream and finds it.
      logger?.error({ err: error }, 'idempotency: could not remember a started recording');
    }
  }

  async function keepUnknown({ key, token }: Claimed): Promise<void> {
    // Should this fail too, the key stays pending until its lease lapses, and the retry after that
    // resolves it as unknown: it looks before starting again.
    await store.markUnknown(key, token).catch((error: unknown) => {
      logger?.error({ err: error }, 'idempotency: could not mark a key unknown');
    });
  }

  function run(
    operation: string,
    input: StartRecordingInput | StartTrackRecordingInput,
    given: string | null | undefined,
    owner: string | null | undefined,
    call: () => Promise<Recording>,
  ): Promise<Recording> {
    if (given === null || given === undefined) return call();
    validateKey(given);
    const key = namespacedKey(owner, given);
    const hash = requestHash(operation, input);
    const joined = inFlight.get(key);
    if (joined) {
      const same = joined.hash === hash;
      metrics.idempotentStart(same ? 'joined' : 'mismatch');
      if (!same) {
        return Promise.reject(new ValidationError(KEY_FIELD, 'was used for a different request'));
      }
      return joined.result;
    }
    const attempt = { key, hash, meetingId: input.meetingId, call };
    const result = claimAndRun(attempt).finally(() => inFlight.delete(key));
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
