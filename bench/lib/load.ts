import type { HttpSpec, ResultMessage, RunMessage } from '../load/http-load.js';
import type { Server } from './context.js';
import { call } from './ipc.js';
import { cpuMeter } from './proc-stats.js';
import type { Proc } from './processes.js';

/** What one server did under HTTP load: its CPU per request and what the clients saw. */
export interface LoadFigures {
  cpuPerRequestMicros: number;
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
}

/** Sends `total` requests at `concurrency`; throws unless every answer was 2xx. */
export function runLoad(
  loader: Proc,
  server: Server,
  requests: HttpSpec[],
  total: number,
  concurrency: number,
) {
  const message: RunMessage = { type: 'run', origin: server.origin, requests, total, concurrency };
  return call<ResultMessage>(loader.child, message, 'result').then((result) => {
    const failed =
      result.count -
      Object.entries(result.statuses)
        .filter(([status]) => status.startsWith('2'))
        .reduce((sum, [, count]) => sum + count, 0);
    if (failed > 0) {
      throw new Error(
        `${failed} of ${result.count} requests failed; first: ${result.firstFailure}`,
      );
    }
    return result;
  });
}

/** Sends `total` requests at `concurrency`, counting the server's CPU (its whole process tree). */
export async function measureLoad(
  loader: Proc,
  server: Server,
  requests: HttpSpec[],
  sizes: { total: number; concurrency: number },
): Promise<LoadFigures> {
  const meter = cpuMeter(server.proc.pid);
  const result = await runLoad(loader, server, requests, sizes.total, sizes.concurrency);
  const cpu = meter.stop();
  return {
    cpuPerRequestMicros: cpu / result.count,
    perSecond: result.count / (result.wallMs / 1000),
    p50Ms: result.p50Ms,
    p99Ms: result.p99Ms,
  };
}
