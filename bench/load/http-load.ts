import { Agent, request } from 'node:http';
import { type Message, serve } from '../lib/ipc.js';
import { percentile } from '../lib/stats.js';

/**
 * HTTP load generator, run in its own process so its CPU never counts as the server's: keeps
 * `concurrency` requests in flight over keep-alive connections, cycling through `requests`, until
 * `total` have been answered.
 */

export interface HttpSpec {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string;
}

export interface RunMessage extends Message {
  type: 'run';
  origin: string;
  requests: HttpSpec[];
  total: number;
  concurrency: number;
  /** Send every latency back, for figures over several runs. */
  latencies?: boolean;
}

export interface ResultMessage extends Message {
  type: 'result';
  count: number;
  wallMs: number;
  /** Answers by HTTP status; "error" for requests that failed outright. */
  statuses: Record<string, number>;
  /** The first answer that was not 2xx, to say why. */
  firstFailure: string | null;
  p50Ms: number;
  p99Ms: number;
  latencies?: number[];
}

function once(
  origin: string,
  agent: Agent,
  spec: HttpSpec,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve) => {
    const body = spec.body === undefined ? undefined : Buffer.from(spec.body);
    const headers = { ...spec.headers, ...(body ? { 'content-length': String(body.length) } : {}) };
    const req = request(`${origin}${spec.path}`, { agent, method: spec.method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }),
      );
    });
    req.on('error', (error) => resolve({ status: 0, body: error.message }));
    req.end(body);
  });
}

async function run(message: RunMessage): Promise<ResultMessage> {
  const { origin, requests, total, concurrency } = message;
  // Connections of their own per run: the query part alternates servers in rounds, and a
  // connection left idle meanwhile may be closed by its server just as it is reused.
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  let firstFailure: string | null = null;
  let next = 0;
  const started = performance.now();
  const worker = async () => {
    while (next < total) {
      const spec = requests[next % requests.length] as HttpSpec;
      next += 1;
      const sent = performance.now();
      const { status, body } = await once(origin, agent, spec);
      latencies.push(performance.now() - sent);
      const key = status === 0 ? 'error' : String(status);
      statuses[key] = (statuses[key] ?? 0) + 1;
      if ((status < 200 || status >= 300) && firstFailure === null) {
        firstFailure = `${key}: ${body.slice(0, 300)}`;
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  agent.destroy();
  return {
    type: 'result',
    count: latencies.length,
    wallMs: performance.now() - started,
    statuses,
    firstFailure,
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    latencies: message.latencies ? latencies : undefined,
  };
}

serve(async (message) => (message.type === 'run' ? run(message as RunMessage) : undefined));
