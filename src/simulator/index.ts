import { createPrivateKey, createPublicKey, generateKeyPair, type KeyObject } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { promisify } from 'node:util';
import { createLogger } from '../logger.js';
import { FaultBook } from './faults.js';
import { Lifecycle } from './lifecycle.js';
import { REALTIMEKIT_RATE_LIMITS, RestRateLimiter } from './rate-limits.js';
import { Scheduler } from './scheduler.js';
import { createRequestListener } from './server.js';
import { SimulatorStore } from './store.js';
import type { RecordingStatus, Simulator, SimulatorCall, SimulatorOptions } from './types.js';
import { WebhookRegistry } from './webhook-registry.js';
import { WebhookDispatcher } from './webhooks.js';

export type {
  DeliveryChaos,
  RateLimits,
  RecordingStatus,
  RestFault,
  Simulator,
  SimulatorCall,
  SimulatorFaults,
  SimulatorOptions,
  WebhookFault,
} from './types.js';

/**
 * Starts an embedded RealtimeKit simulator on a loopback port: the Recordings REST surface under
 * `${baseUrl}/accounts/{account_id}/realtime/kit/{app_id}`, signed webhooks, and fault injection.
 */
export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  const timeScale = options.timeScale ?? 1;
  if (!Number.isFinite(timeScale) || timeScale < 0) {
    throw new RangeError('timeScale must be a finite number >= 0');
  }
  const host = options.host ?? '127.0.0.1';
  const rateLimiter =
    options.rateLimits === false
      ? undefined
      : new RestRateLimiter(options.rateLimits ?? REALTIMEKIT_RATE_LIMITS);
  const logger = options.logger ?? createLogger({ level: 'silent', name: 'rtk-simulator' });
  const privateKey = await loadPrivateKey(options.privateKeyPem);
  const publicKeyPem = createPublicKey(privateKey)
    .export({ type: 'spki', format: 'pem' })
    .toString();

  const scheduler = new Scheduler(timeScale);
  const faults = new FaultBook();
  const registry = new WebhookRegistry();
  const store = new SimulatorStore();
  const dispatcher = new WebhookDispatcher({ scheduler, registry, faults, privateKey, logger });
  let url = '';
  const histories = new Map<string, RecordingStatus[]>();
  const lifecycle = new Lifecycle(store, {
    scheduler,
    downloadBase: () => url,
    onStatusChange: (recording, meeting) => {
      const history = histories.get(recording.id) ?? [];
      history.push(recording.status);
      histories.set(recording.id, history);
      dispatcher.statusChanged(recording, meeting);
    },
    takeFailFault: () => faults.takeFail(),
  });
  const calls: SimulatorCall[] = [];
  const abort = new AbortController();
  // Cloudflare accepts URLs of up to 32 KB (a long `search`); Node's default header limit is 16 KB.
  const server = createServer(
    { maxHeaderSize: 32 * 1024 },
    createRequestListener({
      services: { store, lifecycle, registry },
      faults,
      scheduler,
      calls,
      apiToken: options.apiToken,
      rateLimiter,
      publicKeyPem,
      logger,
      signal: abort.signal,
    }),
  );
  await listen(server, options.port ?? 0, host);
  const { port } = server.address() as AddressInfo;
  url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  logger.info({ url, timeScale }, 'RealtimeKit simulator listening');

  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopping ??= new Promise<void>((resolve) => {
      abort.abort();
      dispatcher.stop();
      scheduler.stop();
      server.close(() => resolve());
      // Keep-alive sockets (the SDK's, a receiver's) would otherwise hold close() open.
      server.closeAllConnections();
    });
    return stopping;
  };

  return {
    url,
    baseUrl: `${url}/client/v4`,
    keyUrl: `${url}/.well-known/webhooks.json`,
    publicKeyPem,
    calls,
    faults,
    idle: () => dispatcher.idle(),
    statusHistory: (recordingId) => [...(histories.get(recordingId.toLowerCase()) ?? [])],
    stop,
  };
}

async function loadPrivateKey(pem: string | undefined): Promise<KeyObject> {
  if (pem) return createPrivateKey(pem);
  const { privateKey } = await promisify(generateKeyPair)('rsa', { modulusLength: 2048 });
  return privateKey;
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}
