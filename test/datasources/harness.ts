import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import { createCloudflareClient } from '../../src/datasources/cloudflare-client.js';
import { createRealtimeKitDataSource } from '../../src/datasources/realtimekit.js';
import type { RealtimeKitDataSource } from '../../src/datasources/source.js';
import type { Recording } from '../../src/domain/model.js';
import { createLogger } from '../../src/logger.js';
import type { Simulator, SimulatorCall } from '../../src/simulator/index.js';

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
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      logs.push(String(chunk));
      done();
    },
  });
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
    logger: createLogger({ level: 'debug' }, sink),
    sleep: async (ms) => {
      sleeps.push(ms);
    },
  });
  return { source, sleeps, logs };
}

/** A meeting nobody else in the test run uses (the simulator creates it on first sight). */
export function freshMeetingId(): string {
  return randomUUID();
}

/** The calls made since `from`, as `METHOD path` strings. */
export function callsSince(simulator: Simulator, from: number): string[] {
  return simulator.calls.slice(from).map((call: SimulatorCall) => `${call.method} ${call.path}`);
}

/** Polls until the recording reaches `status` (the simulator moves it on after scaled timers). */
export async function waitForStatus(
  source: RealtimeKitDataSource,
  id: string,
  status: Recording['status'],
): Promise<Recording> {
  for (let tries = 0; tries < 200; tries++) {
    const recording = await source.getRecording(id);
    if (recording?.status === status) return recording;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`recording ${id} never reached ${status}`);
}
