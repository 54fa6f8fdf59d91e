import { createCloudflareClient } from '../../src/datasources/cloudflare-client.js';
import { createRealtimeKitDataSource } from '../../src/datasources/realtimekit.js';
import type { RealtimeKitDataSource } from '../../src/datasources/source.js';
import type { RecordingStatus } from '../../src/domain/model.js';
import { silentLogger } from './logs.js';
import { startStandInUpstream } from './stand-in-upstream.js';

const GET_ONE = /^\/recordings\/([^/]+)$/;

/**
 * A RealtimeKit whose `GET /recordings/{id}` answers whatever status a test scripts, for tests that
 * feed the intake hand-made deliveries (the simulator only knows recordings it started). Reached
 * over real HTTP through the real SDK and datasource.
 */
export interface ScriptedStatuses {
  readonly realtimeKit: RealtimeKitDataSource;
  /** The status upstream holds for `id` from now on. */
  set(id: string, status: RecordingStatus): void;
  /** While true, every call is answered 503. */
  failing: boolean;
  /** Ids looked up, in order. */
  readonly lookups: string[];
  close(): Promise<void>;
}

export async function startScriptedStatuses(): Promise<ScriptedStatuses> {
  const statuses = new Map<string, RecordingStatus>();
  const lookups: string[] = [];
  const state = { failing: false };
  // Nothing is forwarded: every call is answered here.
  const standIn = await startStandInUpstream('http://127.0.0.1:9');
  standIn.handle(async (call) => {
    const id = GET_ONE.exec(call.path)?.[1];
    if (call.method !== 'GET' || id === undefined) return { status: 404, body: { success: false } };
    lookups.push(id);
    if (state.failing)
      return { status: 503, body: { success: false, error: { code: 503, message: 'down' } } };
    const status = statuses.get(id);
    if (status === undefined) {
      return {
        status: 404,
        body: { success: false, error: { code: 404, message: 'Recording not found' } },
      };
    }
    return { status: 200, body: { success: true, data: { id, status } } };
  });
  const realtimeKit = createRealtimeKitDataSource({
    client: createCloudflareClient({
      apiToken: 'scripted-token',
      baseUrl: standIn.baseUrl,
      timeoutMs: 5_000,
    }),
    accountId: 'scripted-account',
    appId: 'scripted-app',
    maxRetryWaitMs: 0,
    logger: silentLogger,
    // A failing upstream fails at once: the tests are about what comes after.
    sleep: async () => {},
  });
  return Object.assign(state, {
    realtimeKit,
    lookups,
    set(id: string, status: RecordingStatus) {
      statuses.set(id, status);
    },
    close: () => standIn.close(),
  });
}
