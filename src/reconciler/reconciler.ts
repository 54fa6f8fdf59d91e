import type { RealtimeKitDataSource } from '../datasources/source.js';
import type { Recording } from '../domain/model.js';
import { GatewayError, RateLimitedError, UpstreamError } from '../errors.js';
import type { EventStore, PendingRecording, StatusUpdate } from '../events/types.js';
import type { Logger } from '../logger.js';
import { type Metrics, NO_METRICS } from '../metrics/metrics.js';
import type { TokenBucket } from './token-bucket.js';

/** What one reconcile run did. */
export interface ReconcileReport {
  /** Recordings looked up upstream and marked checked. */
  checked: number;
  /** Changes found upstream that the store published as events. */
  healed: number;
  /**
   * Pending recordings this pass fetched (at most a minute's budget) but left for a later one: the
   * budget ran out, or upstream stopped the pass.
   */
  skipped: number;
  /** `getRecording` calls made (the datasource may retry a transient failure inside one call). */
  upstreamCalls: number;
}

export interface ReconcilerOptions {
  store: EventStore;
  realtimeKit: RealtimeKitDataSource;
  /** Called after every published event; the feed's doorbell. */
  onEvent: () => void;
  intervalMs: number;
  /** Recordings with no visible change (and no check) for this long are looked up. */
  idleMs: number;
  /**
   * The upstream budget, shared with webhook confirmations (see `confirm.ts`); its per-minute
   * capacity also caps a pass. A budget of 0 turns the reconciler off.
   */
  budget: TokenBucket;
  logger: Logger;
  /** Counts the tokens passes ask of the budget. */
  metrics?: Pick<Metrics, 'checkBudget'>;
  /** The clock (epoch ms); injectable for tests. */
  now?: () => number;
}

export interface Reconciler {
  /** One pass now; joins the pass already running, if any. */
  runOnce(): Promise<ReconcileReport>;
  /** Runs a pass every `intervalMs` (never two at once) until `stop`. */
  start(): void;
  /** Stops the timer and waits for a running pass to finish. */
  stop(): Promise<void>;
}

/** More than this many pending recordings are never fetched from the store in one pass. */
const MAX_BATCH = 500;

/**
 * The reconciler: webhooks can be missed entirely, or arrive when upstream could not confirm them,
 * so recordings the store flagged, and those it believes are still moving but that went quiet, are
 * looked up upstream within the shared budget, and any change found is stored as a RECONCILER
 * event. What upstream says is the truth the store's transition rule decides with, so two replicas
 * healing the same change store it once, and the late webhook for it changes nothing.
 */
export function createReconciler(options: ReconcilerOptions): Reconciler {
  const { store, realtimeKit, onEvent, logger: log } = options;
  const now = options.now ?? Date.now;
  const bucket = options.budget;
  const budget = bucket.perMinute;
  const metrics = options.metrics ?? NO_METRICS;
  let running: Promise<ReconcileReport> | undefined;
  let timer: NodeJS.Timeout | undefined;
  let started = false;

  async function reconcile(): Promise<ReconcileReport> {
    const report: ReconcileReport = { checked: 0, healed: 0, skipped: 0, upstreamCalls: 0 };
    if (budget === 0) return report;
    const startedAt = now();
    const horizon = new Date(startedAt - options.idleMs).toISOString();
    const pending = await store.pendingRecordings({
      idleBefore: horizon,
      checkedBefore: horizon,
      limit: Math.min(budget, MAX_BATCH),
    });
    const checked: PendingRecording[] = [];
    try {
      for (const [index, entry] of pending.entries()) {
        const granted = bucket.take();
        metrics.checkBudget('reconcile', granted);
        if (!granted) {
          report.skipped = pending.length - index;
          break;
        }
        report.upstreamCalls += 1;
        let upstream: Recording | null;
        try {
          upstream = await realtimeKit.getRecording(entry.recordingId);
        } catch (error) {
          if (!stopsRun(error, entry)) {
            checked.push(entry);
            continue;
          }
          report.skipped = pending.length - index;
          break;
        }
        if (upstream && upstream.status !== entry.status && (await record(entry, upstream))) {
          report.healed += 1;
        }
        if (!upstream) {
          log.warn({ recordingId: entry.recordingId }, 'reconciler: recording gone upstream');
        }
        checked.push(entry);
      }
    } finally {
      report.checked = checked.length;
      if (checked.length > 0) await store.markChecked(checked, new Date(now()).toISOString());
    }
    if (pending.length > 0) log.debug({ ...report }, 'reconcile pass');
    return report;
  }

  /** Logs an upstream failure; true when it ends the pass (upstream is refusing or unreachable). */
  function stopsRun(error: unknown, entry: PendingRecording): boolean {
    if (error instanceof RateLimitedError) {
      bucket.pause(error.retryAfterSeconds * 1000);
      log.warn(
        { retryAfterSeconds: error.retryAfterSeconds },
        'reconciler: rate limited upstream, pausing',
      );
      return true;
    }
    if (error instanceof UpstreamError || !(error instanceof GatewayError)) {
      log.warn({ err: error }, 'reconciler: upstream failed, ending pass');
      return true;
    }
    // Anything else (an id upstream would refuse) will not improve by asking again.
    log.warn({ recordingId: entry.recordingId, code: error.code }, 'reconciler: lookup refused');
    return false;
  }

  async function record(entry: PendingRecording, upstream: Recording): Promise<boolean> {
    const update: StatusUpdate = {
      deliveryId: null,
      webhookId: null,
      bodyHash: null,
      receivedAt: new Date(now()).toISOString(),
      organizationId: null,
      source: 'RECONCILER',
      recording: { ...upstream, meetingId: upstream.meetingId ?? entry.meetingId },
      upstream: { status: upstream.status, revision: entry.revision },
    };
    let outcome = await store.accept(update);
    if (outcome.kind === 'unconfirmed') {
      // A delivery was stored since this pass read the recording: what upstream said may predate
      // it. Queue the recording for the next pass rather than publish an old answer.
      outcome = await store.accept({ ...update, upstream: { status: null, revision: 0 } });
    }
    if (outcome.kind !== 'published') return false;
    log.info(
      { recordingId: entry.recordingId, from: entry.status, to: upstream.status },
      'reconciler: healed a missed status change',
    );
    onEvent();
    return true;
  }

  function runOnce(): Promise<ReconcileReport> {
    running ??= reconcile().finally(() => {
      running = undefined;
    });
    return running;
  }

  function schedule(): void {
    if (!started) return;
    timer = setTimeout(() => {
      timer = undefined;
      runOnce()
        .catch((error: unknown) => log.error({ err: error }, 'reconciler: pass failed'))
        .finally(schedule);
    }, options.intervalMs);
    timer.unref();
  }

  return {
    runOnce,
    start() {
      if (started || budget === 0) return;
      started = true;
      schedule();
    },
    async stop() {
      started = false;
      if (timer) clearTimeout(timer);
      timer = undefined;
      await running?.catch(() => undefined);
    },
  };
}
