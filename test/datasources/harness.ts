import { randomUUID } from 'node:crypto';
import { expect, vi } from 'vitest';
import { createCloudflareClient } from '../../src/datasources/cloudflare-client.js';
import { createRealtimeKitDataSource } from '../../src/datasources/realtimekit.js';
import type { RealtimeKitDataSource } from '../../src/datasources/source.js';
import type { Recording } from '../../src/domain/model.js';
import type { Simulator, SimulatorCall } from '../../src/simulator/index.js';
import { captureLogs } from '../support/logs.js';
import { eventually } from '../support/time.js';

/** Shared setup for the datasource tests that run through the real SDK against the simulator. */

export const ACCOUNT_ID = 'acc0123456789abcdef0123456789abcd';
export const APP_ID = '2a95132c15732412d22c1476fa83f27a';
export const API_TOKEN = 'rtk-test-token-DO-NOT-LOG-4f2b9c';

export interface Harness {
  source: RealtimeKitDataSource;
  /** Every wait the retry policy asked for, in order; the injected sleep does not really wait. */
  sleeps: number[];
  /** Every log line the datasource wrote, raw JSON text. */
  logs: string[];
}

/** A datasource over a fresh SDK client pointed at `simulator` (or a stand-in in front of it). */
export function createHarness(
  simulator: Simulator,
  options: { timeoutMs?: number; maxRetryWaitMs?: number; baseUrl?: string } = {},
): Harness {
  const sleeps: number[] = [];
  const logs = captureLogs('debug');
  const client = createCloudflareClient({
    apiToken: API_TOKEN,
    baseUrl: options.baseUrl ?? simulator.baseUrl,
    timeoutMs: options.timeoutMs ?? 5_000,
  });
  const source = createRealtimeKitDataSource({
    client,
    accountId: ACCOUNT_ID,
    appId: APP_ID,
    maxRetryWaitMs: options.maxRetryWaitMs ?? 1_000,
    logger: logs.logger,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
  });
  return { source, sleeps, logs: logs.lines };
}

/** A meeting nobody else in the test run uses (the simulator creates it on first sight). */
export function freshMeetingId(): string {
  return randomUUID();
}

/** The calls made since `from`, as `METHOD path` strings. */
export function callsSince(simulator: Simulator, from: number): string[] {
  return simulator.calls.slice(from).map((call: SimulatorCall) => `${call.method} ${call.path}`);
}

/**
 * Asks upstream until the recording reaches `status` (the simulator moves it on after scaled
 * timers); fails only at a ceiling a loaded machine does not reach.
 */
export function waitForStatus(
  source: Pick<RealtimeKitDataSource, 'getRecording'>,
  id: string,
  status: Recording['status'],
): Promise<Recording> {
  return vi.waitFor(async () => {
    const recording = await source.getRecording(id);
    expect(recording?.status, `recording ${id}`).toBe(status);
    return recording as Recording;
  }, eventually);
}
