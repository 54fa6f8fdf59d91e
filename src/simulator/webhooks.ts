import { type KeyObject, randomUUID, sign } from 'node:crypto';
import type { Logger } from '../logger.js';
import type { FaultBook } from './faults.js';
import type { Scheduler } from './scheduler.js';
import type { MeetingState, RecordingState } from './state.js';
import type { DeliveryChaos } from './types.js';
import { statusUpdatePayload } from './webhook-payload.js';
import type { WebhookRegistry } from './webhook-registry.js';

/** Waits between attempts, before `timeScale`: 5 attempts in all, then the delivery is given up. */
const BACKOFF_MS = [1000, 2000, 4000, 8000];
/** A receiver that hangs counts as a network error, so one bad peer cannot stall `idle()`. */
const ATTEMPT_TIMEOUT_MS = 10_000;

interface Delivery {
  uuid: string;
  webhookId: string;
  url: string;
  body: string;
  signature: string;
  recordingId: string;
  status: string;
}

export interface DispatcherOptions {
  scheduler: Scheduler;
  registry: WebhookRegistry;
  faults: FaultBook;
  privateKey: KeyObject;
  logger: Logger;
}

/**
 * Signs and delivers `recording.statusUpdate` webhooks over real HTTP. One delivery keeps its
 * rtk-uuid across retries, as RealtimeKit's documentation says. Deliveries of one recording to one
 * webhook go through a promise chain so they arrive in order, unless a `delay` fault takes one out
 * of its chain or delivery chaos scatters them all.
 */
export class WebhookDispatcher {
  private readonly chains = new Map<string, Promise<void>>();
  private readonly abort = new AbortController();
  private pending = 0;
  private waiters: Array<() => void> = [];

  constructor(private readonly options: DispatcherOptions) {}

  /** Queues one delivery per subscribed webhook for the recording's current status. */
  statusChanged(recording: RecordingState, meeting: MeetingState): void {
    const targets = this.options.registry.subscribers('recording.statusUpdate');
    if (targets.length === 0 || this.abort.signal.aborted) return;
    const fault = this.options.faults.takeWebhook(recording.status, recording.id);
    const context = { recordingId: recording.id, status: recording.status };
    if (fault?.kind === 'suppress') {
      this.options.logger.info(context, 'simulator: webhook suppressed by fault');
      return;
    }
    // The body is fixed now: a later read of the recording must not change what this one says.
    const body = JSON.stringify(statusUpdatePayload(recording, meeting));
    const signature = sign('sha256', Buffer.from(body), this.options.privateKey).toString('base64');
    const scatter = this.options.faults.chaos;
    for (const target of targets) {
      const delivery: Delivery = {
        uuid: randomUUID(),
        webhookId: target.id,
        url: target.url,
        body,
        signature,
        ...context,
      };
      if (scatter !== null) {
        this.scatter(delivery, scatter.chaos, scatter.random);
      } else if (fault?.kind === 'delay') {
        this.later(delivery, fault.delayMs ?? 0);
      } else {
        const resend = fault?.kind === 'resend' ? (fault.delayMs ?? 0) : null;
        this.inOrder(delivery, fault?.kind === 'duplicate' ? 2 : 1, () => {
          if (resend !== null) this.later({ ...delivery, uuid: randomUUID() }, resend);
        });
      }
    }
  }

  /**
   * Queues `delivery` (`copies` times, same rtk-uuid) behind this recording's earlier ones;
   * `then` runs once it has been sent.
   */
  private inOrder(delivery: Delivery, copies: number, then: () => void): void {
    const key = `${delivery.webhookId}:${delivery.recordingId}`;
    const previous = this.chains.get(key) ?? Promise.resolve();
    const next = this.track(async () => {
      await previous;
      for (let copy = 0; copy < copies; copy++) await this.deliver(delivery);
      then();
    });
    this.chains.set(key, next);
    void next.then(() => {
      if (this.chains.get(key) === next) this.chains.delete(key);
    });
  }

  /** Sends `delivery` after `delayMs` real ms, outside any chain: later deliveries may overtake it. */
  private later(delivery: Delivery, delayMs: number): void {
    this.track(async () => {
      if (await this.options.scheduler.sleepReal(delayMs, this.signal))
        await this.deliver(delivery);
    });
  }

  private scatter(delivery: Delivery, chaos: DeliveryChaos, random: () => number): void {
    const wait = () => Math.floor(random() * (chaos.maxDelayMs ?? 0));
    this.later(delivery, wait());
    if (random() < (chaos.repeatRate ?? 0)) {
      const fresh = random() < (chaos.newUuidRate ?? 0);
      this.later(fresh ? { ...delivery, uuid: randomUUID() } : delivery, wait());
    }
  }

  /** Resolves when nothing is pending or in flight. */
  idle(): Promise<void> {
    if (this.pending === 0) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** Aborts in-flight requests and drops everything queued. */
  stop(): void {
    this.abort.abort();
  }

  private get signal(): AbortSignal {
    return this.abort.signal;
  }

  private track(task: () => Promise<void>): Promise<void> {
    this.pending += 1;
    return task()
      .catch((error: unknown) => this.options.logger.error({ err: error }, 'simulator: delivery'))
      .finally(() => {
        this.pending -= 1;
        if (this.pending === 0) for (const resolve of this.waiters.splice(0)) resolve();
      });
  }

  private async deliver(first: Delivery): Promise<void> {
    const { logger, scheduler } = this.options;
    let delivery = first;
    for (let attempt = 1; attempt <= BACKOFF_MS.length + 1; attempt++) {
      if (this.signal.aborted) return;
      if (attempt > 1 && this.options.faults.chaos?.chaos.newUuidOnRetry) {
        delivery = { ...delivery, uuid: randomUUID() };
      }
      const context = {
        rtkUuid: delivery.uuid,
        recordingId: delivery.recordingId,
        url: delivery.url,
      };
      const outcome = await this.attempt(delivery);
      if (outcome === 'delivered') {
        logger.debug({ ...context, status: delivery.status, attempt }, 'simulator: webhook sent');
        return;
      }
      if (outcome === 'rejected') {
        logger.warn({ ...context, attempt }, 'simulator: webhook refused with 4xx; not retried');
        return;
      }
      const backoff = BACKOFF_MS[attempt - 1];
      if (backoff === undefined) break;
      if (!(await scheduler.sleepReal(backoff * scheduler.timeScale, this.signal))) return;
    }
    logger.error(
      { rtkUuid: delivery.uuid, recordingId: delivery.recordingId, url: delivery.url },
      'simulator: webhook given up after 5 attempts',
    );
  }

  private async attempt(delivery: Delivery): Promise<'delivered' | 'rejected' | 'retry'> {
    try {
      const response = await fetch(delivery.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'rtk-signature': delivery.signature,
          'rtk-uuid': delivery.uuid,
          'rtk-webhook-id': delivery.webhookId,
        },
        body: delivery.body,
        signal: AbortSignal.any([this.signal, AbortSignal.timeout(ATTEMPT_TIMEOUT_MS)]),
      });
      await response.arrayBuffer().catch(() => undefined);
      if (response.status >= 200 && response.status < 300) return 'delivered';
      return response.status >= 500 ? 'retry' : 'rejected';
    } catch (error) {
      if (!this.signal.aborted) {
        this.options.logger.debug({ err: error, url: delivery.url }, 'simulator: webhook failed');
      }
      return 'retry';
    }
  }
}
