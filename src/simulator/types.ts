import type { Logger } from '../logger.js';
import type { RecordingStatus } from './contract.js';
import type { RateLimits } from './rate-limits.js';

export type { RateLimits, RecordingStatus };

/** How to start a simulator. Every field is optional. */
export interface SimulatorOptions {
  /** Multiplies every lifecycle and retry delay; default 1; 0.01 makes them 100× shorter. */
  timeScale?: number;
  /** Default 0: any free port. */
  port?: number;
  /** Default '127.0.0.1'. */
  host?: string;
  /** Default: silent. */
  logger?: Logger;
  /** RSA private key (PKCS8 PEM) that signs webhooks; a 2048-bit key is generated when absent. */
  privateKeyPem?: string;
  /** When set, the only bearer token accepted. */
  apiToken?: string;
  /**
   * Per-token REST limits, answered with 429 and `Retry-After` as RealtimeKit does; default
   * RealtimeKit's own (250 requests per 10 s, 1000 recordings requests per minute); `false` turns
   * them off. Wall-clock windows, whatever `timeScale` says.
   */
  rateLimits?: RateLimits | false;
}

/** One REST call the simulator answered. */
export interface SimulatorCall {
  method: string;
  /** The path after the `/accounts/{a}/realtime/kit/{app}` prefix, e.g. `/recordings/abc`. */
  path: string;
  query: Record<string, string | string[]>;
  body: unknown;
  status: number;
  at: number;
}

/** Makes matching REST calls fail or slow down. */
export interface RestFault {
  method?: string;
  /** Matched against `SimulatorCall.path`; a string must match exactly. */
  path?: string | RegExp;
  status?: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** Real milliseconds, never scaled. A delay without a status delays the real answer. */
  delayMs?: number;
  /** How many calls it applies to; default 1. */
  times?: number;
}

/**
 * duplicate: deliver the matching delivery twice (same body, same rtk-uuid); resend: deliver it,
 * then again `delayMs` later under a new rtk-uuid (RealtimeKit may retry with a new one); suppress:
 * never deliver it; delay: hold it `delayMs` so later ones overtake it; fail: the next started
 * recording goes ERRORED instead of RECORDING. A match is one status change, so with several
 * webhooks registered the fault applies to that change's delivery to each of them.
 */
export interface WebhookFault {
  kind: 'duplicate' | 'resend' | 'suppress' | 'delay' | 'fail';
  status?: RecordingStatus;
  recordingId?: string;
  /** Real milliseconds, never scaled. */
  delayMs?: number;
  /** How many deliveries (or recordings, for `fail`) it applies to; default 1. */
  times?: number;
}

/**
 * Every delivery scattered in time, as RealtimeKit's "no ordering guarantee; duplicates are
 * possible" allows: each waits a random 0..`maxDelayMs` real ms (so later ones overtake it), and
 * some are sent again later. Random choices come from `seed`, so a run can be replayed.
 */
export interface DeliveryChaos {
  /** The longest a delivery waits before its first attempt (real ms); default 0. */
  maxDelayMs?: number;
  /** Chance (0..1) that a delivery is sent a second time, after its own random wait; default 0. */
  repeatRate?: number;
  /** Chance (0..1) that such a repeat carries a new rtk-uuid rather than the original's. */
  newUuidRate?: number;
  /** Retries after a failed attempt (5xx, network) carry a new rtk-uuid; default false. */
  newUuidOnRetry?: boolean;
  /** Seed of the random choices; default 1. */
  seed?: number;
}

/**
 * Fault injection, also reachable over HTTP: `POST {url}/__simulator/faults` with
 * `{"rest": fault | fault[], "webhook": fault | fault[], "deliveries": chaos | null}` (JSON has no
 * RegExp, so a path pattern is sent as `"pathPattern": "<source>"`), and `DELETE` to clear.
 */
export interface SimulatorFaults {
  rest(fault: RestFault): void;
  webhook(fault: WebhookFault): void;
  /** Scatters every delivery from now on; null delivers in order again. */
  deliveries(chaos: DeliveryChaos | null): void;
  clear(): void;
}

/** A running simulator. */
export interface Simulator {
  /** `http://127.0.0.1:PORT` */
  readonly url: string;
  /** `${url}/client/v4`: the SDK's `baseURL`. */
  readonly baseUrl: string;
  /** `${url}/.well-known/webhooks.json` */
  readonly keyUrl: string;
  readonly publicKeyPem: string;
  /** Every REST call received, in order. */
  readonly calls: SimulatorCall[];
  readonly faults: SimulatorFaults;
  /** Resolves when no webhook delivery is pending or in flight (delivered, or given up). */
  idle(): Promise<void>;
  /**
   * The statuses a recording really went through, in order (empty for an unknown id): the truth
   * a test compares what subscribers saw with, whatever the deliveries did.
   */
  statusHistory(recordingId: string): RecordingStatus[];
  /** Closes the server and cancels all timers; idempotent. */
  stop(): Promise<void>;
}
