import type { Logger } from '../logger.js';
import { type Metrics, NO_METRICS } from '../metrics/metrics.js';
import type { CloudflareClient } from './cloudflare-client.js';
import { createReads } from './realtimekit-reads.js';
import { createWrites } from './realtimekit-writes.js';
import type { RealtimeKitDataSource } from './source.js';
import { createUpstreamCaller } from './upstream-call.js';

export interface RealtimeKitDataSourceOptions {
  client: CloudflareClient;
  accountId: string;
  appId: string;
  /** The longest Retry-After a read waits for before failing as RATE_LIMITED. */
  maxRetryWaitMs: number;
  logger: Logger;
  /**
   * Other secrets of the process (JWT secrets) that an upstream message must never repeat; the
   * client's API token is always among them.
   */
  secrets?: ReadonlyArray<string | null | undefined>;
  /** Injectable for tests. */
  sleep?: (ms: number) => Promise<void>;
  /** Where each upstream request and retry is counted. */
  metrics?: Metrics;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Builds the datasource over one SDK client; share it across requests, since it shares reads. */
export function createRealtimeKitDataSource(
  options: RealtimeKitDataSourceOptions,
): RealtimeKitDataSource {
  const caller = createUpstreamCaller({
    maxRetryWaitMs: options.maxRetryWaitMs,
    logger: options.logger,
    sleep: options.sleep ?? defaultSleep,
    metrics: options.metrics ?? NO_METRICS,
    secrets: [options.client.apiToken, ...(options.secrets ?? [])].filter(
      (secret): secret is string => typeof secret === 'string' && secret.length > 0,
    ),
  });
  const scope = {
    client: options.client,
    accountId: options.accountId,
    appId: options.appId,
    caller,
  };
  return { ...createReads(scope), ...createWrites(scope) };
}
