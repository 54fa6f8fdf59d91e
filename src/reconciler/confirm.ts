import type { RealtimeKitDataSource } from '../datasources/source.js';
import type { RecordingStatus } from '../domain/model.js';
import { GatewayError, RateLimitedError } from '../errors.js';
import type { AcceptOutcome, EventStore, StatusUpdate } from '../events/types.js';
import type { Logger } from '../logger.js';
import { type Metrics, NO_METRICS } from '../metrics/metrics.js';
import type { TokenBucket } from './token-bucket.js';

/** Asks upstream where a recording is now, to order a RECORDING ⇄ PAUSED delivery. */
export interface StatusConfirmer {
  /**
   * The recording's current status upstream, or null when it cannot be had now (budget spent,
   * upstream refusing, unreachable, slower than the deadline, or no such recording). With checks
   * turned off (a budget of 0) it answers `claimed`: arrival order is then trusted.
   */
  confirm(recordingId: string, claimed: RecordingStatus): Promise<RecordingStatus | null>;
}

export interface StatusConfirmerOptions {
  realtimeKit: Pick<RealtimeKitDataSource, 'getRecording'>;
  /** Shared with the reconciler: one GET costs one token. */
  budget: TokenBucket;
  /** The longest a webhook answer waits for upstream; RealtimeKit's delivery is held meanwhile. */
  timeoutMs: number;
  logger: Logger;
  /** Counts the tokens confirmations ask of the budget. */
  metrics?: Pick<Metrics, 'checkBudget'>;
}

const TIMED_OUT = Symbol('timed out');

/**
 * One GET of the recording per confirmation, within the shared budget and a deadline. Failures are
 * expected (upstream down, budget spent) and answered with null, so the caller can defer; they are
 * logged once per outage, not once per delivery.
 */
export function createStatusConfirmer(options: StatusConfirmerOptions): StatusConfirmer {
  const { realtimeKit, budget, timeoutMs, logger } = options;
  const metrics = options.metrics ?? NO_METRICS;
  let failing = false;

  function failed(reason: string, extra: Record<string, unknown> = {}): null {
    if (!failing) {
      logger.warn(
        { reason, ...extra },
        'cannot confirm RECORDING/PAUSED deliveries with upstream; deferring them to the reconciler',
      );
    }
    failing = true;
    return null;
  }

  async function lookUp(recordingId: string): Promise<RecordingStatus | null | typeof TIMED_OUT> {
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<typeof TIMED_OUT>((resolve) => {
      timer = setTimeout(() => resolve(TIMED_OUT), timeoutMs);
    });
    try {
      const found = await Promise.race([realtimeKit.getRecording(recordingId), deadline]);
      return found === TIMED_OUT || found === null ? found : found.status;
    } finally {
      clearTimeout(timer);
    }
  }

  return {
    async confirm(recordingId, claimed) {
      if (budget.perMinute === 0) return claimed;
      const granted = budget.take();
      metrics.checkBudget('confirm', granted);
      if (!granted) return failed('budget');
      let status: RecordingStatus | null | typeof TIMED_OUT;
      try {
        status = await lookUp(recordingId);
      } catch (error) {
        if (error instanceof RateLimitedError) {
          budget.pause(error.retryAfterSeconds * 1000);
          return failed('rate-limited', { retryAfterSeconds: error.retryAfterSeconds });
        }
        return failed('upstream', {
          code: error instanceof GatewayError ? error.code : 'UNEXPECTED',
        });
      }
      if (status === TIMED_OUT) return failed('timeout', { timeoutMs });
      if (status === null) {
        logger.info({ recordingId }, 'upstream has no such recording; delivery deferred');
        return null;
      }
      if (failing) logger.info('confirming RECORDING/PAUSED deliveries with upstream again');
      failing = false;
      return status;
    },
  };
}

/** How often one delivery may ask upstream before it is deferred to the reconciler. */
const MAX_QUESTIONS = 3;

/** What `acceptConfirmed` can end with: everything but a pending question. */
export type SettledOutcome = Exclude<AcceptOutcome, { kind: 'unconfirmed' }>;

/**
 * Accepts `update`, answering the store's questions with upstream's status. A question comes back
 * when another delivery of the recording was stored while upstream was being asked (the answer may
 * predate it); after a few rounds of that the delivery is deferred rather than asking forever.
 */
export async function acceptConfirmed(
  store: Pick<EventStore, 'accept'>,
  update: StatusUpdate,
  confirmer: StatusConfirmer,
): Promise<SettledOutcome> {
  let outcome = await store.accept(update);
  for (let asked = 0; outcome.kind === 'unconfirmed'; asked += 1) {
    const status =
      asked < MAX_QUESTIONS
        ? await confirmer.confirm(update.recording.id, update.recording.status)
        : null;
    outcome = await store.accept({ ...update, upstream: { status, revision: outcome.revision } });
  }
  return outcome;
}
