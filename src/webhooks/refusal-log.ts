import type { Logger } from '../logger.js';

/** One refused webhook request, as logged: never anything the request carried but its id. */
export interface Refusal {
  rtkUuid: string | null;
  outcome: string;
  status: number;
}

/** How often refusals that keep coming are summarised; the default of `createRefusalLog`. */
export const REFUSAL_SUMMARY_MS = 60_000;

/**
 * The log of refused webhook requests. Anyone who can reach the intake can post unsigned,
 * oversized or malformed bodies, so refusals must not reach warn one line each: the first after
 * a quiet interval is logged at warn at once (an operator learns that something is refused), the
 * rest at debug, and while they keep coming their counts by outcome are summarised at warn once
 * per interval.
 */
export function createRefusalLog(logger: Logger, intervalMs = REFUSAL_SUMMARY_MS) {
  /** Counts since the last warn line; null when the last interval passed without a refusal. */
  let counts: Map<string, number> | null = null;

  function summarise(): void {
    if (counts === null || counts.size === 0) {
      counts = null;
      return;
    }
    logger.warn(
      { refused: Object.fromEntries(counts), intervalMs },
      'webhook requests refused meanwhile',
    );
    counts = new Map();
    schedule();
  }
  function schedule(): void {
    setTimeout(summarise, intervalMs).unref();
  }

  return {
    refused(refusal: Refusal): void {
      if (counts === null) {
        logger.warn(refusal, 'webhook refused; further refusals are summarised once per interval');
        counts = new Map();
        schedule();
        return;
      }
      logger.debug(refusal, 'webhook refused');
      counts.set(refusal.outcome, (counts.get(refusal.outcome) ?? 0) + 1);
    },
  };
}
