import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  type EventFeed,
  type EventStore,
  type StatusUpdate,
  StoreUnavailableError,
} from '../events/types.js';
import type { Logger } from '../logger.js';
import { type Metrics, NO_METRICS } from '../metrics/metrics.js';
import {
  acceptConfirmed,
  type SettledOutcome,
  type StatusConfirmer,
} from '../reconciler/confirm.js';
import { type Answer, headerValue, type RejectReason, sendAnswer } from './answer.js';
import { createIntakeCounters, type WebhookIntakeStats } from './intake-stats.js';
import { parseWebhookPayload, type WebhookPayload, WebhookPayloadError } from './normalise.js';
import { BodyAbortedError, BodyTooLargeError, readRawBody } from './read-body.js';
import { createRefusalLog } from './refusal-log.js';
import { type WebhookKeySource, WebhookKeyUnavailableError } from './signature.js';

/** The `POST /webhooks/realtimekit` handler. */
export interface WebhookIntake {
  handle(req: IncomingMessage, res: ServerResponse): Promise<void>;
  stats(): WebhookIntakeStats;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

const refuse = (outcome: RejectReason, status: number, error: string): Answer => ({
  outcome,
  status,
  error,
});

/**
 * The webhook intake: caps and reads the raw body, verifies its signature, and only then parses,
 * stores and publishes. Nothing unverified is stored or published, and every answer is a short JSON
 * body that never echoes the request.
 */
export function createWebhookIntake(deps: {
  keys: WebhookKeySource;
  store: EventStore;
  /** Rung after a published outcome so live subscribers hear of it at once. */
  events: Pick<EventFeed, 'notify'>;
  /** Orders a RECORDING ⇄ PAUSED delivery by asking upstream, within the shared budget. */
  confirmer: StatusConfirmer;
  logger: Logger;
  maxBodyBytes: number;
  appId?: string;
  /** How often refusals that keep coming are summarised at warn (see refusal-log.ts). */
  refusalSummaryMs?: number;
  /** Counts every request by what it came to. */
  metrics?: Pick<Metrics, 'webhook'>;
}): WebhookIntake {
  const { keys, store, events, confirmer, logger, maxBodyBytes } = deps;
  const metrics = deps.metrics ?? NO_METRICS;
  const appId = deps.appId?.toLowerCase();
  const counters = createIntakeCounters();
  const refusals = createRefusalLog(logger, deps.refusalSummaryMs);

  async function decide(req: IncomingMessage, deliveryId: string | null): Promise<Answer> {
    if (req.method !== 'POST') {
      return { outcome: 'method_not_allowed', status: 405, error: 'use POST' };
    }
    let body: Buffer;
    try {
      body = await readRawBody(req, maxBodyBytes);
    } catch (error) {
      if (error instanceof BodyTooLargeError) return refuse('too_large', 413, 'body too large');
      throw error;
    }
    const signature = req.headers['rtk-signature'];
    if (typeof signature !== 'string' || signature.trim() === '') {
      return refuse('unauthorized', 401, 'missing signature');
    }
    try {
      const verified = await keys.verify(body, signature);
      if (!verified) return refuse('unauthorized', 401, 'invalid signature');
    } catch (error) {
      if (!(error instanceof WebhookKeyUnavailableError)) throw error;
      return refuse('unavailable', 503, 'signature key unavailable, retry later');
    }

    let text: string;
    try {
      text = utf8.decode(body);
    } catch {
      return refuse('malformed', 400, 'body is not valid UTF-8');
    }
    let payload: WebhookPayload;
    try {
      payload = parseWebhookPayload(text);
    } catch (error) {
      if (!(error instanceof WebhookPayloadError)) throw error;
      return refuse('malformed', 400, error.message);
    }
    if (payload.kind === 'other') {
      counters.ignoredEvent(payload.event);
      return { outcome: 'ignored', status: 200 };
    }
    const { organizationId, recording } = payload;
    if (appId && organizationId && organizationId.toLowerCase() !== appId) {
      return refuse('wrong_app', 403, 'webhook belongs to another app');
    }

    const update: StatusUpdate = {
      deliveryId,
      webhookId: headerValue(req, 'rtk-webhook-id'),
      bodyHash: createHash('sha256').update(body).digest('hex'),
      receivedAt: new Date().toISOString(),
      organizationId,
      source: 'WEBHOOK',
      recording,
    };
    let accepted: SettledOutcome;
    try {
      // Upstream is asked outside the log's lock, only when the store needs it.
      accepted = await acceptConfirmed(store, update, confirmer);
    } catch (error) {
      if (!(error instanceof StoreUnavailableError)) throw error;
      return refuse('unavailable', 503, 'event store unavailable, retry later');
    }
    const recordingId = recording.id;
    if (accepted.kind !== 'published') return { outcome: accepted.kind, status: 200, recordingId };
    // Subscribers get the event from the store, not from here: the feed reads what was committed.
    events.notify();
    return { outcome: 'accepted', status: 200, recordingId };
  }

  return {
    async handle(req, res) {
      counters.received();
      const rtkUuid = headerValue(req, 'rtk-uuid');
      let answer: Answer;
      try {
        answer = await decide(req, rtkUuid);
      } catch (error) {
        if (error instanceof BodyAbortedError) {
          // Unless the body deadline answered it (and counted it) first.
          if (!res.headersSent) metrics.webhook('aborted');
          logger.info({ rtkUuid, outcome: 'aborted' }, 'webhook request aborted');
          return;
        }
        logger.error({ rtkUuid, err: error }, 'webhook intake failed');
        answer = { outcome: 'failed', status: 500, error: 'internal error' };
      }
      counters.answered(answer);
      metrics.webhook(answer.outcome);
      const { outcome, status, recordingId } = answer;
      // Refusals (401, 400, 403, 405, 413, and 503 while a key or the store is away) can be had
      // by anyone, unsigned: they are counted, not logged one warn line each.
      if (status >= 400 && outcome !== 'failed') refusals.refused({ rtkUuid, outcome, status });
      else
        logger[status < 400 ? 'info' : 'error'](
          { rtkUuid, outcome, status, recordingId },
          'webhook handled',
        );
      sendAnswer(res, answer);
    },
    stats: () => counters.snapshot(),
  };
}
