import { randomBytes, randomUUID } from 'node:crypto';
import { AsyncDisposableStack } from '@whatwg-node/disposablestack';
import { type Authenticator, createAuthenticator } from './auth/authenticator.js';
import { assertServable, ConfigError, type GatewayConfig } from './config.js';
import { type CloudflareClient, createCloudflareClient } from './datasources/cloudflare-client.js';
import { createRealtimeKitDataSource } from './datasources/realtimekit.js';
import type { RealtimeKitDataSource } from './datasources/source.js';
import { createDoorbell } from './events/doorbell.js';
import { createEventFeed, feedLag } from './events/feed.js';
import { openDatabase } from './events/sql/database.js';
import { createSqlEventStore } from './events/sql/store.js';
import type { EventFeed, EventStore } from './events/types.js';
import { createSqlIdempotencyStore } from './idempotency/sql-store.js';
import { createIdempotentStarts } from './idempotency/starts.js';
import type { Logger } from './logger.js';
import { createGatewayMetrics, type GatewayMetrics, uncountedMetrics } from './metrics/registry.js';
import { createStatusConfirmer } from './reconciler/confirm.js';
import { createReconciler } from './reconciler/reconciler.js';
import { createTokenBucket } from './reconciler/token-bucket.js';
import { connectLimitsRedis } from './security/limit-store.js';
import {
  loadPersistedOperations,
  type PersistedOperations,
  persistedOperationNames,
} from './security/persisted-operations.js';
import { createUpstreamCallBudget } from './security/query-budget.js';
import { createMutationRateLimiter } from './security/rate-limit.js';
import { createSubscriptionSlots, type SubscriptionSlots } from './security/subscription-limits.js';
import type { Simulator } from './simulator/index.js';
import { defaultGraphiQLTabs, JWT_HEADERS_PLACEHOLDER } from './transport/graphiql.js';
import { createGatewayYoga, type GatewayYoga } from './transport/yoga.js';
import { createWebhookIntake, type WebhookIntake } from './webhooks/intake.js';
import { createWebhookKeySource } from './webhooks/signature.js';

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
  /** Verifies client tokens (HTTP, SSE and graphql-ws alike). */
  readonly authenticator: Authenticator;
  /** The allow-list, when only persisted operations may run. */
  readonly persistedOperations: PersistedOperations | undefined;
  /** Each client's subscriptions, over every transport. */
  readonly subscriptionSlots: SubscriptionSlots;
  readonly intake: WebhookIntake;
  readonly realtimeKit: RealtimeKitDataSource;
  readonly client: CloudflareClient;
  readonly upstream: Upstream;
  readonly events: EventFeed;
  readonly store: EventStore;
  /** Polls upstream for recordings whose webhooks never came. */
  readonly reconciler: ReturnType<typeof createReconciler>;
  /** The embedded simulator, in simulator mode. */
  readonly simulator: Simulator | undefined;
  /** This gateway's metrics (counting nothing when they are not served). */
  readonly metrics: GatewayMetrics;
  /** Starts background work (reconciler passes, retention); the server calls it once listening. */
  startBackground(): void;
  /**
   * Stops background work, then closes what was opened, newest first: the feed, Redis, the store,
   * the simulator, the database.
   */
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

const PRUNE_EVERY_MS = 3_600_000;

/** Drops events older than the retention, now and every hour after; returns its stop. */
function startRetention(store: EventStore, retentionMs: number, logger: Logger): () => void {
  const prune = () =>
    store
      .prune(new Date(Date.now() - retentionMs).toISOString())
      .then((pruned) => pruned > 0 && logger.info({ pruned }, 'pruned events past retention'))
      .catch((error: unknown) => logger.warn({ err: error }, 'pruning events failed'));
  void prune();
  const timer = setInterval(prune, PRUNE_EVERY_MS);
  timer.unref();
  return () => clearInterval(timer);
}

/**
 * Builds the gateway's parts from a parsed config. Start-up is a stack: everything that can refuse
 * the settings runs before anything is opened; then resources open, each registering its closer as
 * it does, and any failure unwinds what was opened (no simulator left listening, no DATA_DIR lock
 * left behind); background work starts only with `startBackground()`.
 */
export async function createGatewayApp(config: GatewayConfig, logger: Logger): Promise<GatewayApp> {
  assertServable(config);
  const settledUpstream = config.mode === 'cloudflare' ? cloudflareUpstream(config) : undefined;
  const persistedOperations = config.http.persistedOperationsFile
    ? loadPersistedOperations(config.http.persistedOperationsFile)
    : undefined;
  const authenticator = createAuthenticator(config.auth, logger.child({ component: 'auth' }));
  const metrics = config.metrics.serve
    ? createGatewayMetrics({
        maxOperationNames: config.metrics.maxOperationNames,
        knownOperationNames: persistedOperations && persistedOperationNames(persistedOperations),
      })
    : uncountedMetrics();
  if (config.auth.mode === 'none' && config.mode === 'cloudflare') {
    logger.warn(
      'AUTH_MODE=none: anyone who can reach this port can start and stop every recording of the app',
    );
  }

  const stack = new AsyncDisposableStack();
  try {
    // The embedded database is the slowest part to open: it opens while the rest starts.
    const opening = openDatabase({
      databaseUrl: config.storage.databaseUrl,
      dataDir: config.storage.dataDir,
      logger: logger.child({ component: 'database' }),
    });
    // Observed at once, so a refusal while the simulator starts is not an unhandled rejection:
    // `await opening` below rethrows it.
    const openedOrNot = opening.catch(() => undefined);
    stack.defer(async () => {
      await (await openedOrNot)?.close();
    });
    const simulator =
      config.mode === 'simulator'
        ? stack.adopt(
            // Loaded only in simulator mode: a gateway in front of RealtimeKit never runs it.
            await (await import('./simulator/index.js')).startSimulator({
              timeScale: config.simulator.timeScale,
              port: config.simulator.port,
              rateLimits: config.simulator.rateLimits ? undefined : false,
              logger: logger.child({ component: 'simulator' }),
            }),
            (started) => started.stop(),
          )
        : undefined;
    const upstream = simulator ? simulatedUpstream(simulator) : (settledUpstream as Upstream);
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
      secrets: [config.auth.secret],
      metrics,
    });
    const database = await opening;
    const store = createSqlEventStore(database, {
      logger: logger.child({ component: 'events' }),
      metrics,
    });
    stack.defer(() => store.close());
    const doorbell = createDoorbell({
      redisUrl: config.storage.redisUrl,
      logger: logger.child({ component: 'doorbell' }),
    });
    stack.defer(() => doorbell.close());
    const events = await createEventFeed({
      store,
      doorbell: doorbell.target,
      pollIntervalMs: config.events.pollIntervalMs,
      maxBuffered: config.events.maxBuffered,
      logger: logger.child({ component: 'feed' }),
      metrics,
    });
    stack.defer(() => events.close());
    // One budget of upstream checks, spent by webhook confirmations first-come and the reconciler.
    const checkBudget = createTokenBucket(config.reconciler.budgetPerMinute);
    metrics.observe({
      feedLag: () => feedLag(store, events),
      checkBudgetAvailable: () => checkBudget.available(),
    });
    const intake = createWebhookIntake({
      keys: createWebhookKeySource({
        publicKeyPem: config.webhook.publicKeyPem,
        keyUrl: config.webhook.publicKeyPem ? undefined : upstream.keyUrl,
        logger: logger.child({ component: 'webhook-key' }),
      }),
      store,
      events,
      confirmer: createStatusConfirmer({
        realtimeKit,
        budget: checkBudget,
        timeoutMs: config.webhook.confirmTimeoutMs,
        logger: logger.child({ component: 'webhook-confirm' }),
        metrics,
      }),
      logger: logger.child({ component: 'webhooks' }),
      maxBodyBytes: config.webhook.maxBodyBytes,
      appId: upstream.appId,
      metrics,
    });
    const reconciler = createReconciler({
      store,
      realtimeKit,
      onEvent: () => events.notify(),
      intervalMs: config.reconciler.intervalMs,
      idleMs: config.reconciler.idleMs,
      budget: checkBudget,
      logger: logger.child({ component: 'reconciler' }),
      metrics,
    });
    let stopRetention = () => {};
    stack.defer(async () => {
      stopRetention();
      await reconciler.stop();
    });
    const starts = createIdempotentStarts({
      store: createSqlIdempotencyStore(database, {
        logger: logger.child({ component: 'idempotency' }),
      }),
      realtimeKit,
      leaseMs: config.idempotency.leaseMs,
      logger: logger.child({ component: 'idempotency' }),
      metrics,
    });
    // Per-caller limits count in Redis when there is one, so replicas share them.
    const limitsRedis = config.storage.redisUrl
      ? connectLimitsRedis(config.storage.redisUrl, logger.child({ component: 'limits' }))
      : undefined;
    if (limitsRedis) stack.defer(() => limitsRedis.close());
    const queryBudget = createUpstreamCallBudget({
      callsPerMinute: config.http.queryUpstreamCallsPerMinute,
      redis: limitsRedis?.client,
      logger: logger.child({ component: 'query-budget' }),
      metrics,
    });
    const mutationLimiter = createMutationRateLimiter({
      pointsPerMinute: config.http.mutationsPerMinute,
      redis: limitsRedis?.client,
      metrics,
    });
    // A replica that served before reaching Redis would count its first callers alone.
    await limitsRedis?.settled;
    const maxUpstreamCalls = config.http.limits.maxUpstreamCalls;
    const subscriptionSlots = createSubscriptionSlots(config.subscriptions.perClient);
    const yoga = createGatewayYoga({
      deps: { realtimeKit, events, store, starts, logger, maxUpstreamCalls },
      logger: logger.child({ component: 'graphql' }),
      graphiql: config.http.graphiql
        ? {
            defaultTabs: defaultGraphiQLTabs(randomUUID(), {
              mode: config.mode,
              auth: config.auth.mode,
            }),
            ...(config.auth.mode === 'jwt' ? { defaultHeaders: JWT_HEADERS_PLACEHOLDER } : {}),
          }
        : false,
      production: config.env === 'production',
      introspection: config.http.introspection,
      corsOrigins: config.http.corsOrigins,
      mutationsPerMinute: config.http.mutationsPerMinute,
      mutationLimiter,
      queryBudget,
      authenticator,
      persistedOperations,
      limits: config.http.limits,
      metrics,
      slots: subscriptionSlots,
      subscriptions: config.subscriptions,
    });
    const opened = stack.move();
    return {
      yoga,
      authenticator,
      persistedOperations,
      subscriptionSlots,
      intake,
      realtimeKit,
      client,
      upstream,
      events,
      store,
      simulator,
      reconciler,
      metrics,
      startBackground() {
        reconciler.start();
        stopRetention = startRetention(store, config.events.retentionMs, logger);
      },
      close: () => (opened.disposed ? Promise.resolve() : opened.disposeAsync()),
    };
  } catch (error) {
    await stack.disposeAsync();
    throw error;
  }
}
