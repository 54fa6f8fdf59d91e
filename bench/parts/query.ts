import Cloudflare from 'cloudflare';
import type { BenchContext, Server, Upstream } from '../lib/context.js';
import { send } from '../lib/http.js';
import { type LoadFigures, measureInTurns, runLoad } from '../lib/load.js';
import { type Row, row } from '../lib/report.js';
import { intSetting } from '../lib/settings.js';
import { micros, millis, perSecond, times } from '../lib/stats.js';
import type { HttpSpec } from '../load/http-load.js';

/**
 * Query path: server CPU per `recording(id)` query through the gateway against a thin REST proxy
 * (one SDK call, JSON out) over the same upstream, under the same load from another process. A
 * bare graphql-yoga server making the same call is measured in the same turns, to tell the
 * framework's share of the gateway's cost from the gateway's own.
 */

// The recording's own fields, as the proxy returns them; no `meeting` (more upstream calls).
const QUERY = `query Bench($id: ID!) {
  recording(id: $id) {
    id status outputFileName sessionId invokedTime startedTime stoppedTime recordingDuration
    fileSize downloadUrl audioDownloadUrl downloadUrlExpiry
    startReason { reason caller { name type userId } }
    stopReason { reason caller { name type userId } }
    storageConfig { type bucket region }
  }
}`;

async function createRecordings(upstream: Upstream, count: number): Promise<string[]> {
  const client = new Cloudflare({ apiToken: upstream.apiToken, baseURL: upstream.baseUrl });
  const ids: string[] = [];
  for (let index = 0; index < count; index += 1) {
    const started = await client.realtimeKit.recordings.startRecordings(upstream.appId, {
      account_id: upstream.accountId,
      meeting_id: crypto.randomUUID(),
    });
    if (!started.data?.id) throw new Error('the simulator started no recording');
    ids.push(started.data.id);
  }
  return ids;
}

/** The query for `id`, as the load sends it to a GraphQL server. */
const graphqlRequest = (id: string): HttpSpec => ({
  method: 'POST',
  path: '/graphql',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ query: QUERY, variables: { id } }),
});

/** One request through each server, checked, so a run of errors is never measured as speed. */
async function check(servers: Record<'proxy' | 'yoga' | 'gateway', Server>, id: string) {
  const viaProxy = JSON.parse((await send(`${servers.proxy.origin}/recordings/${id}`)).text) as {
    id?: string;
  };
  if (viaProxy.id !== id) throw new Error('the REST proxy did not return the recording');
  for (const name of ['yoga', 'gateway'] as const) {
    const { path, ...init } = graphqlRequest(id);
    const { text } = await send(`${servers[name].origin}${path}`, init);
    const answer = JSON.parse(text) as {
      data?: { recording?: { id?: string } };
      errors?: unknown;
    };
    if (answer.data?.recording?.id !== id || answer.errors !== undefined) {
      throw new Error(`${name} did not return the recording: ${text.slice(0, 300)}`);
    }
  }
}

export async function queryPart(context: BenchContext): Promise<Row[]> {
  const sizes = {
    concurrency: intSetting('BENCH_QUERY_CONCURRENCY'),
    total: intSetting('BENCH_QUERY_REQUESTS'),
    warmup: intSetting('BENCH_QUERY_WARMUP'),
    rounds: intSetting('BENCH_QUERY_ROUNDS'),
  };
  const upstream = await context.upstream();
  // At least twice the concurrency: requests in flight never ask for the same recording, so the
  // gateway's sharing of identical in-flight reads does not make it look cheaper than it is.
  const count = Math.max(intSetting('BENCH_QUERY_RECORDINGS'), sizes.concurrency * 2);
  const ids = await createRecordings(upstream, count);
  const sdkSettings = {
    BENCH_UPSTREAM_URL: upstream.baseUrl,
    BENCH_API_TOKEN: upstream.apiToken,
    BENCH_ACCOUNT_ID: upstream.accountId,
    BENCH_APP_ID: upstream.appId,
  };
  const proxy = await context.startBaseline(
    'rest-proxy',
    'bench/servers/rest-proxy.ts',
    sdkSettings,
  );
  const yoga = await context.startBaseline('bare-yoga', 'bench/servers/bare-yoga.ts', sdkSettings);
  const gateway = await context.startGateway('gateway-query');
  const loader = context.fork('http-load', 'bench/load/http-load.ts');
  try {
    await check({ proxy, yoga, gateway }, ids[0] as string);
    const viaProxy: HttpSpec[] = ids.map((id) => ({
      method: 'GET',
      path: `/recordings/${id}`,
      headers: {},
    }));
    const viaGraphql = ids.map(graphqlRequest);
    // Warm-up long enough for the JIT: a server's CPU per request still falls for thousands of
    // requests, and the gateway, with more code to compile, falls for longer.
    await runLoad(loader, proxy, viaProxy, sizes.warmup, sizes.concurrency);
    await runLoad(loader, yoga, viaGraphql, sizes.warmup, sizes.concurrency);
    await runLoad(loader, gateway, viaGraphql, sizes.warmup, sizes.concurrency);
    const [baseline, framework, project] = (await measureInTurns(
      loader,
      [
        { server: proxy, requests: viaProxy },
        { server: yoga, requests: viaGraphql },
        { server: gateway, requests: viaGraphql },
      ],
      sizes,
    )) as [LoadFigures, LoadFigures, LoadFigures];
    const traffic = (figures: typeof project) =>
      `${perSecond(figures.perSecond)}, ${millis(figures.p50Ms)} / ${millis(figures.p99Ms)}`;
    return [
      row(
        `\`recording(id)\` query, server CPU per request (${sizes.concurrency} connections)`,
        {
          project: micros(project.cpuPerRequestMicros),
          baseline: `thin REST proxy ${micros(baseline.cpuPerRequestMicros)}`,
          ratio: project.cpuPerRequestMicros / baseline.cpuPerRequestMicros,
        },
        { max: 1.5, label: '≤ 1.5×' },
      ),
      row('same, requests/s, latency p50 / p99', {
        project: traffic(project),
        baseline: traffic(baseline),
        ratio: project.perSecond / baseline.perSecond,
      }),
      row('same, CPU per request against bare graphql-yoga making the same call', {
        project: micros(project.cpuPerRequestMicros),
        baseline: `bare yoga ${micros(framework.cpuPerRequestMicros)} (${times(
          framework.cpuPerRequestMicros / baseline.cpuPerRequestMicros,
        )} the proxy)`,
        ratio: project.cpuPerRequestMicros / framework.cpuPerRequestMicros,
      }),
    ];
  } finally {
    await Promise.all([loader.stop(), proxy.proc.stop(), yoga.proc.stop(), gateway.proc.stop()]);
  }
}
