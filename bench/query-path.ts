/**
 * Query-path benchmark: CPU per `recording(id)` query through the gateway, against the thinnest
 * possible REST proxy (one SDK call, JSON out) over the same simulator, in the same run.
 * DESIGN target: at most 1.5× the proxy. Run with `npm run bench`; not part of the tests.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createGatewayApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { createLogger } from '../src/logger.js';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2000);
const WARMUP = 200;

async function cpuPerRequest(label: string, request: () => Promise<unknown>): Promise<number> {
  for (let i = 0; i < WARMUP; i += 1) await request();
  const start = process.cpuUsage();
  const wall = performance.now();
  for (let i = 0; i < ROUNDS; i += 1) await request();
  const used = process.cpuUsage(start);
  const micros = (used.user + used.system) / ROUNDS;
  const ms = (performance.now() - wall) / ROUNDS;
  console.log(
    `${label.padEnd(22)} ${micros.toFixed(0).padStart(6)} µs CPU/request  ${ms.toFixed(2)} ms/request`,
  );
  return micros;
}

async function main() {
  const { mkdtempSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const config = loadConfig({
    LOG_LEVEL: 'silent',
    DATA_DIR: mkdtempSync(join(tmpdir(), 'rtk-bench-')),
    RECONCILE_BUDGET_PER_MINUTE: '0',
  });
  const app = await createGatewayApp(config, createLogger({ level: 'silent' }));
  const started = await app.realtimeKit.startRecording({ meetingId: crypto.randomUUID() });
  const id = started.id;

  // The baseline: everything a gateway must do at the least — one upstream read, JSON out.
  const proxy = createServer(async (req, res) => {
    const recording = await app.client.realtimeKit.recordings.getOneRecording(id, {
      account_id: app.upstream.accountId,
      app_id: app.upstream.appId,
    });
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(recording.data));
    req.resume();
  });
  const gateway = createServer(app.yoga);
  for (const server of [proxy, gateway]) {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  }
  const url = (server: typeof proxy) =>
    `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  // The same data the proxy returns: the recording's own fields, no meeting (that costs upstream
  // calls the proxy does not make).
  const query = `query Bench($id: ID!) {
    recording(id: $id) {
      id status outputFileName sessionId invokedTime startedTime stoppedTime recordingDuration
      fileSize downloadUrl audioDownloadUrl downloadUrlExpiry
      startReason { reason caller { name type userId } }
      stopReason { reason caller { name type userId } }
      storageConfig { type bucket region }
    }
  }`;
  const body = JSON.stringify({ query, variables: { id } });

  const baseline = await cpuPerRequest('REST proxy', () =>
    fetch(`${url(proxy)}/recordings/${id}`).then((r) => r.json()),
  );
  const measured = await cpuPerRequest('gateway recording(id)', () =>
    fetch(`${url(gateway)}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    }).then((r) => r.json()),
  );
  const ratio = measured / baseline;
  console.log(`ratio ${ratio.toFixed(2)}× (target ≤ 1.5×) ${ratio <= 1.5 ? 'OK' : 'OVER TARGET'}`);
  for (const server of [proxy, gateway]) server.close();
  await app.close();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
