import type { RealtimeKitDataSource } from '../datasources/source.js';
import type { StartRecordingInput, StartTrackRecordingInput } from '../domain/inputs.js';
import type { Recording } from '../domain/model.js';
import type { Logger } from '../logger.js';
import type { Metrics } from '../metrics/metrics.js';
import type { IdempotencyKeyStore } from './sql-store.js';

export interface IdempotentStartsOptions {
  store: IdempotencyKeyStore;
  realtimeKit: RealtimeKitDataSource;
  /** How long a key remembers its result; default 24 h. */
  ttlMs?: number;
  /** How often a repeat asks again while another replica runs the request; default 200 ms. */
  pollMs?: number;
  /** How long a repeat waits for another replica before giving up as CONFLICT; default 20 s. */
  waitMs?: number;
  /**
   * How long a claim holds its key unless renewed (it is renewed every third of it while the start
   * runs); a retry after that takes the key over. Default 15 s.
   */
  leaseMs?: number;
  /** The clock (epoch ms) the key's expiry is counted from; injectable for tests. */
  now?: () => number;
  /** Where a result that could not be remembered is reported; nothing else is logged. */
  logger?: Logger;
  /** Counts what each keyed start came to (hits: replayed, joined, adopted). */
  metrics?: Pick<Metrics, 'idempotentStart'>;
}

/** Starts that run upstream once per idempotency key, however often and wherever they repeat. */
export interface IdempotentStarts {
  /** `owner` (a token subject) gives each caller its own key space; null is the anonymous one. */
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
