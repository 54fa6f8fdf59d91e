import { z } from 'zod';
import type { AuthSettings } from './auth/settings.js';
import { DEFAULT_LIMITS, type GraphQLLimits } from './security/limits.js';

/**
 * Every setting the gateway reads, parsed once from the environment. Nothing else in the codebase
 * reads `process.env`. All problems are reported together so a misconfigured deploy fails once.
 */

const DEFAULT_KEY_URL = 'https://api.realtime.cloudflare.com/.well-known/webhooks.json';

/** `*`, a host name or IP literal (IPv6 in brackets), with an optional port. */
const ALLOWED_HOST = /^(\*|(\[[0-9a-f:.]+\]|[a-z0-9_.-]+)(:\d{1,5})?)$/;

const optionalText = z
  .string()
  .trim()
  .transform((value) => (value === '' ? undefined : value))
  .optional();

const port = (fallback: number) => z.coerce.number().int().min(0).max(65535).default(fallback);

const httpUrl = z
  .url({ protocol: /^https?$/, error: 'must be an http(s) URL' })
  .optional()
  .or(z.literal('').transform(() => undefined));

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: port(4000),
  HOST: z.string().trim().min(1).default('127.0.0.1'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  CLOUDFLARE_API_TOKEN: optionalText,
  CLOUDFLARE_ACCOUNT_ID: optionalText,
  REALTIMEKIT_APP_ID: optionalText,
  CLOUDFLARE_BASE_URL: httpUrl,
  REALTIMEKIT_WEBHOOK_PUBLIC_KEY: optionalText,
  REALTIMEKIT_WEBHOOK_KEY_URL: httpUrl,
  WEBHOOK_MAX_BODY_BYTES: z.coerce.number().int().min(1024).max(10_485_760).default(262_144),
  WEBHOOK_CONFIRM_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(5_000),
  WEBHOOK_MAX_IN_FLIGHT: z.coerce.number().int().min(1).max(10_000).default(64),
  GATEWAY_PUBLIC_URL: httpUrl,
  UPSTREAM_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(15_000),
  UPSTREAM_MAX_RETRY_WAIT_MS: z.coerce.number().int().min(0).max(60_000).default(2_000),
  DATA_DIR: z.string().trim().min(1).default('./.data'),
  DATABASE_URL: optionalText,
  REDIS_URL: optionalText,
  EVENT_RETENTION_DAYS: z.coerce.number().positive().max(366).default(7),
  EVENT_POLL_INTERVAL_MS: z.coerce.number().int().min(50).max(60_000).default(1_000),
  SUBSCRIPTION_MAX_BUFFERED_EVENTS: z.coerce.number().int().min(64).max(100_000).default(1_024),
  RECONCILE_INTERVAL_MS: z.coerce.number().int().min(50).max(3_600_000).default(30_000),
  RECONCILE_IDLE_MS: z.coerce.number().int().min(0).max(86_400_000).default(120_000),
  RECONCILE_BUDGET_PER_MINUTE: z.coerce.number().int().min(0).max(1000).default(100),
  AUTH_MODE: z.enum(['none', 'jwt']).optional(),
  AUTH_JWT_SECRET: optionalText,
  AUTH_JWT_PUBLIC_KEY: optionalText,
  AUTH_JWKS_URL: httpUrl,
  AUTH_JWT_ISSUER: optionalText,
  AUTH_JWT_AUDIENCE: optionalText,
  CORS_ORIGINS: z
    .string()
    .trim()
    .default('')
    .transform((value) =>
      value
        .split(',')
        .map((origin) => origin.trim())
        .filter(Boolean),
    )
    .pipe(
      z.array(z.url({ protocol: /^https?$/, error: 'must be http(s) origins, comma-separated' })),
    ),
  ALLOWED_HOSTS: z
    .string()
    .trim()
    .default('')
    .transform((value) =>
      value
        .split(',')
        .map((host) => host.trim().toLowerCase())
        .filter(Boolean),
    )
    .pipe(
      z.array(
        z.string().regex(ALLOWED_HOST, 'must be host names, host:port or *, comma-separated'),
      ),
    ),
  HTTP_HEADERS_TIMEOUT_MS: z.coerce.number().int().min(50).max(600_000).default(10_000),
  HTTP_REQUEST_TIMEOUT_MS: z.coerce.number().int().min(50).max(3_600_000).default(30_000),
  HTTP_BODY_TIMEOUT_MS: z.coerce.number().int().min(50).max(3_600_000).default(10_000),
  PERSISTED_OPERATIONS_FILE: optionalText,
  GRAPHQL_MAX_DEPTH: z.coerce.number().int().min(1).max(100).default(DEFAULT_LIMITS.maxDepth),
  GRAPHQL_MAX_COST: z.coerce.number().int().min(1).max(1_000_000).default(DEFAULT_LIMITS.maxCost),
  GRAPHQL_MAX_UPSTREAM_CALLS_PER_REQUEST: z.coerce
    .number()
    .int()
    .min(1)
    .max(1000)
    .default(DEFAULT_LIMITS.maxUpstreamCalls),
  QUERY_UPSTREAM_CALLS_PER_MINUTE: z.coerce.number().int().min(1).max(1_000_000).default(300),
  GRAPHQL_MAX_ALIASES: z.coerce.number().int().min(0).max(1000).default(DEFAULT_LIMITS.maxAliases),
  GRAPHQL_MAX_DIRECTIVES: z.coerce
    .number()
    .int()
    .min(0)
    .max(1000)
    .default(DEFAULT_LIMITS.maxDirectives),
  GRAPHQL_MAX_TOKENS: z.coerce
    .number()
    .int()
    .min(10)
    .max(100_000)
    .default(DEFAULT_LIMITS.maxTokens),
  GRAPHQL_MAX_BODY_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(10_485_760)
    .default(DEFAULT_LIMITS.maxBodyBytes),
  MUTATIONS_PER_MINUTE: z.coerce.number().int().min(1).max(100_000).default(60),
  IDEMPOTENCY_LEASE_MS: z.coerce.number().int().min(1_000).max(600_000).default(15_000),
  SUBSCRIPTIONS_PER_SOCKET: z.coerce.number().int().min(1).max(10_000).default(100),
  SUBSCRIPTIONS_PER_CLIENT: z.coerce.number().int().min(1).max(1_000_000).default(1_000),
  GRAPHQL_SSE_STREAMS_PER_CLIENT: z.coerce.number().int().min(1).max(100_000).default(100),
  GRAPHQL_SSE_RESERVATION_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(10_000),
  WS_MAX_BUFFERED_BYTES: z.coerce.number().int().min(16_384).max(1_073_741_824).default(1_048_576),
  INTROSPECTION: z.enum(['true', 'false']).optional(),
  GRAPHIQL: z.enum(['true', 'false']).optional(),
  SIMULATOR_TIME_SCALE: z.coerce.number().positive().max(1000).default(1),
  SIMULATOR_PORT: port(0),
  SIMULATOR_RATE_LIMITS: z.enum(['true', 'false']).default('true'),
  METRICS: z.enum(['true', 'false']).optional(),
  METRICS_PORT: z
    .string()
    .trim()
    .regex(/^\d{0,5}$/, 'must be a port number')
    .optional()
    .transform((value) => (value ? Number(value) : undefined))
    .pipe(z.number().int().max(65535).optional()),
  METRICS_TOKEN: optionalText.pipe(
    z.string().min(16, 'must be at least 16 characters').max(1024).optional(),
  ),
  METRICS_MAX_OPERATION_NAMES: z.coerce.number().int().min(1).max(10_000).default(50),
});

/** Rules across variables; checked on the raw environment so they report even beside other errors. */
function crossChecks(source: Record<string, string | undefined>): string[] {
  const trio = ['CLOUDFLARE_API_TOKEN', 'CLOUDFLARE_ACCOUNT_ID', 'REALTIMEKIT_APP_ID'];
  const set = trio.filter((name) => (source[name] ?? '').trim() !== '').length;
  const problems: string[] = [];
  if (set !== 0 && set !== trio.length) {
    problems.push(
      'CLOUDFLARE_API_TOKEN: Cloudflare mode needs CLOUDFLARE_API_TOKEN, CLOUDFLARE_ACCOUNT_ID and REALTIMEKIT_APP_ID together; unset all three for simulator mode',
    );
  }
  const mode = (source.AUTH_MODE ?? '').trim();
  const keys = ['AUTH_JWT_SECRET', 'AUTH_JWT_PUBLIC_KEY', 'AUTH_JWKS_URL'].filter(
    (name) => (source[name] ?? '').trim() !== '',
  );
  if (mode === 'jwt' && keys.length !== 1) {
    problems.push(
      'AUTH_MODE: jwt needs exactly one of AUTH_JWT_SECRET, AUTH_JWT_PUBLIC_KEY or AUTH_JWKS_URL',
    );
  }
  const headers = Number(source.HTTP_HEADERS_TIMEOUT_MS ?? 10_000);
  const request = Number(source.HTTP_REQUEST_TIMEOUT_MS ?? 30_000);
  if (headers > request) {
    problems.push('HTTP_HEADERS_TIMEOUT_MS: must not be longer than HTTP_REQUEST_TIMEOUT_MS');
  }
  const perRequest = Number(
    source.GRAPHQL_MAX_UPSTREAM_CALLS_PER_REQUEST ?? DEFAULT_LIMITS.maxUpstreamCalls,
  );
  if (perRequest > Number(source.QUERY_UPSTREAM_CALLS_PER_MINUTE ?? 300)) {
    // A query at the cap could then never run.
    problems.push(
      'QUERY_UPSTREAM_CALLS_PER_MINUTE: must be at least GRAPHQL_MAX_UPSTREAM_CALLS_PER_REQUEST',
    );
  }
  const metricsPort = (source.METRICS_PORT ?? '').trim();
  if (
    metricsPort !== '' &&
    metricsPort !== '0' &&
    Number(metricsPort) === Number(source.PORT ?? 4000)
  ) {
    problems.push('METRICS_PORT: must differ from PORT');
  }
  return problems;
}

export type UpstreamMode = 'cloudflare' | 'simulator';

export interface GatewayConfig {
  env: 'development' | 'production' | 'test';
  port: number;
  host: string;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  mode: UpstreamMode;
  /** Cloudflare credentials; in simulator mode these are filled in when the simulator starts. */
  cloudflare: {
    apiToken: string | undefined;
    accountId: string | undefined;
    appId: string | undefined;
    baseUrl: string | undefined;
  };
  upstream: {
    /** Per-attempt timeout of an upstream call. */
    timeoutMs: number;
    /** The longest a Retry-After may hold a request before it fails as RATE_LIMITED. */
    maxRetryWaitMs: number;
  };
  webhook: {
    /** A pinned PEM public key; when set, no key is fetched. */
    publicKeyPem: string | undefined;
    /** Where to fetch the key from when none is pinned (unset in simulator mode: the simulator's). */
    keyUrl: string | undefined;
    maxBodyBytes: number;
    /** How long a RECORDING ⇄ PAUSED delivery waits for upstream to confirm it before deferring. */
    confirmTimeoutMs: number;
    /** Webhook requests handled at once; more get 503 at once (RealtimeKit retries 5xx). */
    maxInFlight: number;
    /** The gateway's public base URL, for registering the intake with RealtimeKit. */
    publicUrl: string | undefined;
  };
  storage: { dataDir: string; databaseUrl: string | undefined; redisUrl: string | undefined };
  events: {
    /** How long published events (and so resumable cursors) are kept. */
    retentionMs: number;
    /** How often the tailer looks for new events should a doorbell ring be lost. */
    pollIntervalMs: number;
    /**
     * Live events one subscription may have waiting for its consumer; past it the subscription
     * ends with an error its client resumes from by cursor.
     */
    maxBuffered: number;
  };
  reconciler: {
    intervalMs: number;
    /** A recording idle (no status change) this long is checked upstream. */
    idleMs: number;
    /**
     * Upstream calls per minute spent checking recordings: confirming RECORDING ⇄ PAUSED webhooks
     * and reconciler passes share it (RealtimeKit allows 1000/60 s). 0 turns both off.
     */
    budgetPerMinute: number;
  };
  /** `rateLimits`: answer over RealtimeKit's per-token limits with 429, as RealtimeKit does. */
  simulator: { timeScale: number; port: number; rateLimits: boolean };
  /** Client authentication; `none` unless set. */
  auth: AuthSettings;
  /** Whether AUTH_MODE was given: serving in Cloudflare mode requires it (see `assertServable`). */
  authModeExplicit: boolean;
  http: {
    /** Browser origins allowed by CORS; none means no cross-origin access. */
    corsOrigins: string[];
    /** Mutations a client (token subject, else IP) may run per minute. */
    mutationsPerMinute: number;
    /** Upstream calls a client's queries (token subject, else IP) may cause per minute. */
    queryUpstreamCallsPerMinute: number;
    /** Off in production unless turned on explicitly. */
    introspection: boolean;
    graphiql: boolean;
    /** When set, only the operations in this allow-list file run. */
    persistedOperationsFile: string | undefined;
    /**
     * Per-operation limits (depth, cost, upstream calls, aliases, directives, tokens) and the body
     * size cap.
     */
    limits: GraphQLLimits;
    /**
     * `Host` values served (`host`, `host:port` or `*`); empty means the default: loopback names
     * with the port when listening on loopback, any host otherwise.
     */
    allowedHosts: string[];
    /** How long a client may take to send its headers, its whole request, and one body. */
    timeouts: { headersMs: number; requestMs: number; bodyMs: number };
  };
  idempotency: {
    /**
     * How long a start's claim holds its idempotency key unless renewed (every third of it while
     * the start runs); a retry after that, on any replica, takes the key over.
     */
    leaseMs: number;
  };
  subscriptions: {
    /** Subscriptions one graphql-ws socket (or graphql-sse stream) may hold at once. */
    perSocket: number;
    /** Subscriptions one client (token subject, else address) may hold across every transport. */
    perClient: number;
    /** graphql-sse single-connection streams (reserved or open) one client may hold. */
    streamsPerClient: number;
    /** How long a reserved graphql-sse stream waits to be opened before it is dropped. */
    reservationTimeoutMs: number;
    /** Unsent bytes a socket may hold before it is closed as a slow consumer (1013). */
    maxBufferedBytes: number;
  };
  metrics: {
    /**
     * Whether `/metrics` is served: by default yes, except in production on the main port without
     * a token (see `closedByDefault`); `METRICS` decides when set.
     */
    serve: boolean;
    /** Off only because production would otherwise expose it on the main port unprotected. */
    closedByDefault: boolean;
    /** A port of its own (0: any free one); the main port then does not serve it. */
    port: number | undefined;
    /** When set, scrapes must send `Authorization: Bearer <token>`. */
    token: string | undefined;
    /** Distinct GraphQL operation names with a label of their own; later ones are `(other)`. */
    maxOperationNames: number;
  };
}

/** Thrown when the environment is invalid; `problems` lists every bad setting. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
  }
}

/** Parses the environment (by default `process.env`) into a typed config, or throws ConfigError. */
export function loadConfig(
  source: Record<string, string | undefined> = process.env,
): GatewayConfig {
  const parsed = envSchema.safeParse(source);
  // Messages name the variable and the rule, never the value: it may be a secret.
  const problems = [
    ...(parsed.success
      ? []
      : parsed.error.issues.map(
          (issue) => `${issue.path.join('.') || 'environment'}: ${issue.message}`,
        )),
    ...crossChecks(source),
  ];
  if (!parsed.success || problems.length > 0) throw new ConfigError(problems);
  const env = parsed.data;
  const mode: UpstreamMode = env.CLOUDFLARE_API_TOKEN ? 'cloudflare' : 'simulator';
  return {
    env: env.NODE_ENV,
    port: env.PORT,
    host: env.HOST,
    logLevel: env.LOG_LEVEL,
    mode,
    cloudflare: {
      apiToken: env.CLOUDFLARE_API_TOKEN,
      accountId: env.CLOUDFLARE_ACCOUNT_ID,
      appId: env.REALTIMEKIT_APP_ID,
      baseUrl: env.CLOUDFLARE_BASE_URL,
    },
    upstream: {
      timeoutMs: env.UPSTREAM_TIMEOUT_MS,
      maxRetryWaitMs: env.UPSTREAM_MAX_RETRY_WAIT_MS,
    },
    webhook: {
      publicKeyPem: env.REALTIMEKIT_WEBHOOK_PUBLIC_KEY,
      keyUrl:
        env.REALTIMEKIT_WEBHOOK_KEY_URL ?? (mode === 'cloudflare' ? DEFAULT_KEY_URL : undefined),
      maxBodyBytes: env.WEBHOOK_MAX_BODY_BYTES,
      confirmTimeoutMs: env.WEBHOOK_CONFIRM_TIMEOUT_MS,
      maxInFlight: env.WEBHOOK_MAX_IN_FLIGHT,
      publicUrl: env.GATEWAY_PUBLIC_URL,
    },
    storage: { dataDir: env.DATA_DIR, databaseUrl: env.DATABASE_URL, redisUrl: env.REDIS_URL },
    events: {
      retentionMs: env.EVENT_RETENTION_DAYS * 86_400_000,
      pollIntervalMs: env.EVENT_POLL_INTERVAL_MS,
      maxBuffered: env.SUBSCRIPTION_MAX_BUFFERED_EVENTS,
    },
    reconciler: {
      intervalMs: env.RECONCILE_INTERVAL_MS,
      idleMs: env.RECONCILE_IDLE_MS,
      budgetPerMinute: env.RECONCILE_BUDGET_PER_MINUTE,
    },
    simulator: {
      timeScale: env.SIMULATOR_TIME_SCALE,
      port: env.SIMULATOR_PORT,
      rateLimits: env.SIMULATOR_RATE_LIMITS === 'true',
    },
    authModeExplicit: env.AUTH_MODE !== undefined,
    auth: {
      mode: env.AUTH_MODE ?? 'none',
      secret: env.AUTH_JWT_SECRET,
      publicKeyPem: env.AUTH_JWT_PUBLIC_KEY,
      jwksUrl: env.AUTH_JWKS_URL,
      issuer: env.AUTH_JWT_ISSUER,
      audience: env.AUTH_JWT_AUDIENCE,
    },
    http: {
      corsOrigins: env.CORS_ORIGINS,
      mutationsPerMinute: env.MUTATIONS_PER_MINUTE,
      queryUpstreamCallsPerMinute: env.QUERY_UPSTREAM_CALLS_PER_MINUTE,
      introspection: (env.INTROSPECTION ?? String(env.NODE_ENV !== 'production')) === 'true',
      graphiql: (env.GRAPHIQL ?? String(env.NODE_ENV !== 'production')) === 'true',
      persistedOperationsFile: env.PERSISTED_OPERATIONS_FILE,
      limits: {
        maxDepth: env.GRAPHQL_MAX_DEPTH,
        maxCost: env.GRAPHQL_MAX_COST,
        maxUpstreamCalls: env.GRAPHQL_MAX_UPSTREAM_CALLS_PER_REQUEST,
        maxAliases: env.GRAPHQL_MAX_ALIASES,
        maxDirectives: env.GRAPHQL_MAX_DIRECTIVES,
        maxTokens: env.GRAPHQL_MAX_TOKENS,
        maxBodyBytes: env.GRAPHQL_MAX_BODY_BYTES,
      },
      allowedHosts: env.ALLOWED_HOSTS,
      timeouts: {
        headersMs: env.HTTP_HEADERS_TIMEOUT_MS,
        requestMs: env.HTTP_REQUEST_TIMEOUT_MS,
        bodyMs: env.HTTP_BODY_TIMEOUT_MS,
      },
    },
    idempotency: { leaseMs: env.IDEMPOTENCY_LEASE_MS },
    subscriptions: {
      perSocket: env.SUBSCRIPTIONS_PER_SOCKET,
      perClient: env.SUBSCRIPTIONS_PER_CLIENT,
      streamsPerClient: env.GRAPHQL_SSE_STREAMS_PER_CLIENT,
      reservationTimeoutMs: env.GRAPHQL_SSE_RESERVATION_TIMEOUT_MS,
      maxBufferedBytes: env.WS_MAX_BUFFERED_BYTES,
    },
    metrics: metricsSettings(env),
  };
}

/**
 * `/metrics` tells anyone who can read it the traffic, the operation names and the webhook flow.
 * In production the main port is usually public, so there it needs `METRICS_TOKEN`, a port of
 * its own (`METRICS_PORT`, kept off the public network) or an explicit `METRICS=true`.
 */
function metricsSettings(env: z.infer<typeof envSchema>): GatewayConfig['metrics'] {
  const closedByDefault =
    env.NODE_ENV === 'production' && env.METRICS_PORT === undefined && !env.METRICS_TOKEN;
  return {
    serve: env.METRICS === undefined ? !closedByDefault : env.METRICS === 'true',
    closedByDefault: env.METRICS === undefined && closedByDefault,
    port: env.METRICS_PORT,
    token: env.METRICS_TOKEN,
    maxOperationNames: env.METRICS_MAX_OPERATION_NAMES,
  };
}

/**
 * Refuses to serve the Cloudflare token to anyone who can reach the port unless that was chosen:
 * in Cloudflare mode AUTH_MODE must be set (jwt, or none explicitly). Scripts such as
 * `webhooks:register` do not serve, so this is checked where the server starts, not in loadConfig.
 */
export function assertServable(config: GatewayConfig): void {
  if (config.mode === 'cloudflare' && !config.authModeExplicit) {
    throw new ConfigError([
      'AUTH_MODE: Cloudflare mode needs client authentication: AUTH_MODE=jwt (with a key setting), or AUTH_MODE=none to let anyone who reaches the port use the Cloudflare token',
    ]);
  }
}
