import { randomBytes, randomUUID } from 'node:crypto';
import type Cloudflare from 'cloudflare';
import { ConfigError, type GatewayConfig } from './config.js';
import {
  createCloudflareClient,
  createRealtimeKitDataSource,
  type RealtimeKitDataSource,
} from './datasources/realtimekit.js';
import { createEventBus } from './events/bus.js';
import { createMemoryEventStore } from './events/memory-store.js';
import type { EventBus, EventStore } from './events/types.js';
import { defaultGraphiQLDocument } from './graphiql.js';
import type { Logger } from './logger.js';
import { type Simulator, startSimulator } from './simulator/index.js';
import { createWebhookIntake, type WebhookIntake } from './webhooks/intake.js';
import { createWebhookKeySource } from './webhooks/signature.js';
import { createGatewayYoga, type GatewayYoga } from './yoga.js';

/** Where the gateway's upstream is and who it is there. */
export interface Upstream {
  apiToken: string;
  accountId: string;
  appId: string;
  baseUrl: string | undefined;
  keyUrl: string | undefined;
}

/** Everything the gateway is made of, before any HTTP listener: tests drive it in process. */
export interface GatewayApp {
  readonly yoga: GatewayYoga;
  readonly intake: WebhookIntake;
  readonly realtimeKit: RealtimeKitDataSource;
  readonly client: Cloudflare;
  readonly upstream: Upstream;
  readonly events: EventBus;
  readonly store: EventStore;
  /** The embedded simulator, in simulator mode. */
  readonly simulator: Simulator | undefined;
  /** Closes the bus, the store and the simulator, in that order. */
  close(): Promise<void>;
}

function simulatedUpstream(simulator: Simulator): Upstream {
  return {
    apiToken: randomBytes(24).toString('hex'),
    accountId: randomBytes(16).toString('hex'),
    appId: randomUUID(),
    baseUrl: simulator.baseUrl,
    keyUrl: simulator.keyUrl,
  };
}

function cloudflareUpstream(config: GatewayConfig): Upstream {
  const { apiToken, accountId, appId, baseUrl } = config.cloudflare;
  if (!apiToken || !accountId || !appId) throw new ConfigError(['Cloudflare mode is incomplete']);
  return { apiToken, accountId, appId, baseUrl, keyUrl: config.webhook.keyUrl };
}

/** Builds the gateway's parts from a parsed config; in simulator mode starts the simulator. */
export async function createGatewayApp(config: GatewayConfig, logger: Logger): Promise<GatewayApp> {
  const simulator =
    config.mode === 'simulator'
      ? await startSimulator({
          timeScale: config.simulator.timeScale,
          port: config.simulator.port,
          logger: logger.child({ component: 'simulator' }),
        })
      : undefined;
  const upstream = simulator ? simulatedUpstream(simulator) : cloudflareUpstream(config);
  const client = createCloudflareClient({
    apiToken: upstream.apiToken,
    baseUrl: upstream.baseUrl,
    timeoutMs: config.upstream.timeoutMs,
  });
  const realtimeKit = createRealtimeKitDataSource({
    client,
    accountId: upstream.accountId,
    appId: upstream.appId,
    maxRetryWaitMs: config.upstream.maxRetryWaitMs,
    logger: logger.child({ component: 'realtimekit' }),
  });
  const store = createMemoryEventStore();
  const events = createEventBus();
  const intake = createWebhookIntake({
    keys: createWebhookKeySource({
      publicKeyPem: config.webhook.publicKeyPem,
      keyUrl: config.webhook.publicKeyPem ? undefined : upstream.keyUrl,
      logger: logger.child({ component: 'webhook-key' }),
    }),
    store,
    bus: events,
    logger: logger.child({ component: 'webhooks' }),
    maxBodyBytes: config.webhook.maxBodyBytes,
    appId: upstream.appId,
  });
  const yoga = createGatewayYoga({
    deps: { realtimeKit, events, logger },
    logger: logger.child({ component: 'graphql' }),
    graphiql:
      config.env === 'production'
        ? false
        : { defaultQuery: defaultGraphiQLDocument(randomUUID(), config.mode) },
  });
  return {
    yoga,
    intake,
    realtimeKit,
    client,
    upstream,
    events,
    store,
    simulator,
    async close() {
      await events.close();
      await store.close();
      await simulator?.stop();
    },
  };
}
