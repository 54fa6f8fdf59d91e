import type { HttpSpec, ResultMessage, RunMessage } from '../load/http-load.js';
import type { Server } from './context.js';
import { call } from './ipc.js';
import { cpuMeter } from './proc-stats.js';
import type { Proc } from './processes.js';
import { percentile } from './stats.js';

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
  latencies = false,
) {
  const message: RunMessage = {
    type: 'run',
    origin: server.origin,
    requests,
    total,
    concurrency,
    latencies,
  };
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
  return figures([await measureRound(loader, server, requests, sizes.total, sizes.concurrency)]);
}

/** One measured stretch of load on one server: its CPU, and what the clients saw. */
interface Round {
  cpu: number;
  count: number;
  wallMs: number;
  latencies: number[];
}

async function measureRound(
  loader: Proc,
  server: Server,
  requests: HttpSpec[],
  total: number,
  concurrency: number,
): Promise<Round> {
  const meter = cpuMeter(server.proc.pid);
  const result = await runLoad(loader, server, requests, total, concurrency, true);
  return {
    cpu: meter.stop(),
    count: result.count,
    wallMs: result.wallMs,
    ...{ latencies: result.latencies ?? [] },
  };
}

function figures(rounds: Round[]): LoadFigures {
  const cpu = rounds.reduce((sum, round) => sum + round.cpu, 0);
  const count = rounds.reduce((sum, round) => sum + round.count, 0);
  const wallMs = rounds.reduce((sum, round) => sum + round.wallMs, 0);
  const latencies = rounds.flatMap((round) => round.latencies);
  return {
    cpuPerRequestMicros: cpu / count,
    perSecond: count / (wallMs / 1000),
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
  };
}

/**
 * Measures several servers under the same load, `total` requests each, in `rounds` turns taken
 * one after another (each server's CPU counted over its own turns only), so that the load other
 * processes put on a shared machine, which moves from second to second, falls on all of them
 * alike rather than on whichever was measured while it peaked.
 */
export async function measureInTurns(
  loader: Proc,
  servers: Array<{ server: Server; requests: HttpSpec[] }>,
  sizes: { total: number; concurrency: number; rounds: number },
): Promise<LoadFigures[]> {
  const perRound = Math.ceil(sizes.total / sizes.rounds);
  const rounds = servers.map((): Round[] => []);
  for (let round = 0; round < sizes.rounds; round += 1) {
    for (const [index, { server, requests }] of servers.entries()) {
      rounds[index]?.push(
        await measureRound(loader, server, requests, perRound, sizes.concurrency),
      );
    }
  }
  return rounds.map(figures);
}
