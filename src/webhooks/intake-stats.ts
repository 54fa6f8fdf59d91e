import type { Answer, RejectReason } from './answer.js';

/** Counters since the intake was created, for metrics and tests. */
export interface WebhookIntakeStats {
  received: number;
  /** Published as an event. */
  accepted: number;
  /** The same delivery (rtk-uuid) again. */
  duplicates: number;
  /** The recording was already in that status. */
  unchanged: number;
  /** Behind the current status: late, or after a final one. */
  stale: number;
  /** Kept for the reconciler: upstream could not confirm a RECORDING ⇄ PAUSED move. */
  deferred: number;
  ignoredEvents: Record<string, number>;
  rejected: Record<RejectReason, number>;
}

// Event names come from a verified sender, but the map still must not grow without bound.
const MAX_IGNORED_KINDS = 64;
const OVERFLOW_KIND = '(other)';

/** The intake's counters: `received` on arrival, then one outcome per answered request. */
export function createIntakeCounters() {
  const totals = { received: 0, accepted: 0, duplicates: 0, unchanged: 0, stale: 0, deferred: 0 };
  const rejected: Record<RejectReason, number> = {
    unauthorized: 0,
    malformed: 0,
    too_large: 0,
    unavailable: 0,
    wrong_app: 0,
  };
  const ignored = new Map<string, number>();

  return {
    received(): void {
      totals.received += 1;
    },
    ignoredEvent(event: string): void {
      const key = ignored.has(event) || ignored.size < MAX_IGNORED_KINDS ? event : OVERFLOW_KIND;
      ignored.set(key, (ignored.get(key) ?? 0) + 1);
    },
    answered({ outcome }: Answer): void {
      if (outcome === 'accepted') totals.accepted += 1;
      else if (outcome === 'duplicate') totals.duplicates += 1;
      else if (outcome === 'unchanged') totals.unchanged += 1;
      else if (outcome === 'stale') totals.stale += 1;
      else if (outcome === 'deferred') totals.deferred += 1;
      else if (outcome in rejected) rejected[outcome as RejectReason] += 1;
    },
    snapshot(): WebhookIntakeStats {
      // fromEntries defines own properties, so an event named `__proto__` stays a plain key.
      return { ...totals, ignoredEvents: Object.fromEntries(ignored), rejected: { ...rejected } };
    },
  };
}
