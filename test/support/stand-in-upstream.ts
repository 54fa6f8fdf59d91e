import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  createCloudflareClient,
  createRealtimeKitDataSource,
  type RealtimeKitDataSource,
} from '../../src/datasources/realtimekit.js';
import type { RecordingStatus } from '../../src/datasources/types.js';
import { createLogger } from '../../src/logger.js';

const GET_ONE = /^\/client\/v4\/accounts\/[^/]+\/realtime\/kit\/[^/]+\/recordings\/([^/?]+)$/;

/**
 * A stand-in RealtimeKit that answers `GET /recordings/{id}` with whatever status a test scripts,
 * over real HTTP, for tests that feed the intake hand-made deliveries (the simulator only knows
 * recordings it started). Reached through the real SDK and datasource.
 */
export interface StandInUpstream {
  /** The datasource a gateway part would use, over the real `cloudflare` SDK. */
  readonly realtimeKit: RealtimeKitDataSource;
  /** The status upstream holds for `id` from now on. */
  set(id: string, status: RecordingStatus): void;
  /** While true, every call is answered 503. */
  failing: boolean;
  /** Ids looked up, in order. */
  readonly lookups: string[];
  close(): Promise<void>;
}

export async function startStandInUpstream(): Promise<StandInUpstream> {
  const statuses = new Map<string, RecordingStatus>();
  const lookups: string[] = [];
  const upstream = { failing: false };
  const server = createServer((req, res) => {
    const id = GET_ONE.exec(req.url ?? '')?.[1];
    const reply = (status: number, body: unknown) =>
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    if (req.method !== 'GET' || id === undefined) return reply(404, { success: false });
    lookups.push(id);
    if (upstream.failing) {
      return reply(503, { success: false, error: { code: 503, message: 'down' } });
    }
    const status = statuses.get(id);
    if (status === undefined) {
      return reply(404, { success: false, error: { code: 404, message: 'Recording not found' } });
    }
    return reply(200, { success: true, data: { id, status } });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const client = createCloudflareClient({
    apiToken: 'stand-in-token',
    baseUrl: `http://127.0.0.1:${port}/client/v4`,
    timeoutMs: 5_000,
  });
  const realtimeKit = createRealtimeKitDataSource({
    client,
    accountId: 'stand-in-account',
    appId: 'stand-in-app',
    maxRetryWaitMs: 0,
    logger: createLogger({ level: 'silent' }),
    // A failing upstream fails at once: the tests are about what comes after.
    sleep: async () => {},
  });
  return Object.assign(upstream, {
    realtimeKit,
    lookups,
    set(id: string, status: RecordingStatus) {
      statuses.set(id, status);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  });
}
