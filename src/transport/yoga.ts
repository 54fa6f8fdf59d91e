import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { GraphQLError } from 'graphql';
import { createYoga, maskError, type YogaServerInstance } from 'graphql-yoga';
import { AuthenticationError, type Authenticator } from '../auth/authenticator.js';
import type { Viewer } from '../auth/viewer.js';
import { GatewayError, RateLimitedError, ValidationError } from '../errors.js';
import type { Logger } from '../logger.js';
import { operationMetricsPlugin } from '../metrics/graphql-plugin.js';
import { type Metrics, NO_METRICS } from '../metrics/metrics.js';
import { schema } from '../schema/index.js';
import { bodySizeLimitPlugin } from '../security/body-limit.js';
import { csrfPreventionPlugin } from '../security/csrf.js';
import { yogaLogger } from '../security/error-log.js';
import { publicGraphQLError } from '../security/error-messages.js';
import { DEFAULT_LIMITS, type GraphQLLimits, hardeningPlugins } from '../security/limits.js';
import {
  type PersistedOperations,
  persistedOperationsPlugin,
} from '../security/persisted-operations.js';
import type { UpstreamCallBudget } from '../security/query-budget.js';
import {
  callerKey,
  createMutationRateLimiter,
  type MutationRateLimiter,
} from '../security/rate-limit.js';
import { type SubscriptionSlots, subscriptionSlotPlugin } from '../security/subscription-limits.js';
import { tokenExpiryPlugin } from '../security/token-expiry.js';
import { type ContextDependencies, createContext, type GatewayContext } from './context.js';
import type { GraphiQLTab } from './graphiql.js';
import { renderGraphiQLPage } from './graphiql-page.js';
import { graphqlSsePlugins } from './graphql-sse.js';
import { multipartSubscriptionsPlugin } from './multipart.js';
import type { SubscriptionHooks } from './subscription-groups.js';

export const GRAPHQL_PATH = '/graphql';
const REQUEST_ID = /^[\w.:-]{1,128}$/;

/** The caller's `x-request-id` when it is sane, else a new one; echoed in logs and responses. */
export function requestIdFrom(given: string | null | undefined): string {
  return given && REQUEST_ID.test(given) ? given : randomUUID();
}

// The id the HTTP server gave each request (and echoed), so its operation logs under the same one.
const assignedIds = new WeakMap<IncomingMessage, string>();

/** Gives a request that came through `node:http` its id, once, for the access log and the context. */
export function assignRequestId(req: IncomingMessage): string {
  const given = req.headers['x-request-id'];
  const id = requestIdFrom(typeof given === 'string' ? given : undefined);
  assignedIds.set(req, id);
  return id;
}

/**
 * Expected failures keep their message and gain `extensions.code`; anything else is masked, so no
 * upstream body, stack or secret reaches a client. GraphQL's own errors lose any variable value
 * they quote, and their suggestions when the schema is hidden.
 */
const maskGatewayError =
  (hideSuggestions: boolean) =>
  (error: unknown, message: string): Error => {
    const original = error instanceof GraphQLError ? error.originalError : error;
    // Only GraphQL's own errors: a wrapped unexpected error must still be masked below.
    const own = original === undefined || original instanceof GraphQLError;
    if (error instanceof GraphQLError && own) {
      const shown = publicGraphQLError(error, hideSuggestions);
      if (shown !== error) return shown;
    }
    return maskExpected(error, original, message);
  };

function maskExpected(error: unknown, original: unknown, message: string): Error {
  if (original instanceof GatewayError && error instanceof GraphQLError) {
    return new GraphQLError(original.message, {
      nodes: error.nodes,
      path: error.path,
      extensions: {
        code: original.code,
        ...(original instanceof ValidationError ? { field: original.field } : {}),
        ...(original instanceof RateLimitedError
          ? { retryAfterSeconds: original.retryAfterSeconds }
          : {}),
      },
    });
  }
  // Never the development mode that copies the original error (and its stack) into the answer.
  return maskError(error, message, false);
}

export interface GatewayYogaOptions {
  deps: ContextDependencies;
  logger: Logger;
  /** The tabs GraphiQL opens with on a first visit, and the headers a new tab starts with. */
  graphiql: { defaultTabs: GraphiQLTab[]; defaultHeaders?: string } | false;
  production: boolean;
  introspection: boolean;
  corsOrigins: string[];
  mutationsPerMinute: number;
  /** Shared by replicas when given (see security/limit-store.ts); else one in memory. */
  mutationLimiter?: MutationRateLimiter;
  /** Each caller's budget of upstream calls per minute for queries. */
  queryBudget?: UpstreamCallBudget;
  authenticator: Authenticator;
  /** The allow-list, when only persisted operations may run. */
  persistedOperations?: PersistedOperations;
  limits?: GraphQLLimits;
  /** Counts every operation (see metrics/graphql-plugin.ts). */
  metrics?: Metrics;
  /** Each client's subscriptions, counted with graphql-ws' (see security/subscription-limits.ts). */
  slots: SubscriptionSlots;
  subscriptions: {
    /** Subscriptions one graphql-sse stream may hold, as a graphql-ws socket. */
    perSocket: number;
    /** graphql-sse streams one client may hold. */
    streamsPerClient: number;
    /** How long a reserved graphql-sse stream waits to be opened. */
    reservationTimeoutMs: number;
  };
}

/** What the HTTP server (or the graphql-ws bridge) hands yoga with each request. */
interface ServerContext {
  req?: IncomingMessage;
  clientAddress?: string;
  /** Set by the graphql-ws bridge, which authenticated the socket once in `onConnect`. */
  viewer?: Viewer;
  /** Set by the graphql-ws bridge; its socket is closed when the token expires. */
  transport?: 'graphql-ws';
  /** Set by the graphql-ws bridge for subscriptions it shares (see subscription-groups.ts). */
  subscription?: SubscriptionHooks;
}

/** The viewer of an HTTP or SSE request, from its `Authorization` header; 401 when refused. */
async function viewerOf(authenticator: Authenticator, request: Request): Promise<Viewer> {
  try {
    return await authenticator.authenticate(request.headers.get('authorization'));
  } catch (error) {
    if (!(error instanceof AuthenticationError)) throw error;
    throw new GraphQLError(error.message, {
      extensions: {
        code: 'UNAUTHENTICATED',
        http: { status: 401, headers: { 'www-authenticate': 'Bearer' } },
      },
    });
  }
}

export type GatewayYoga = YogaServerInstance<ServerContext, GatewayContext>;

const overWebSocket = (context: object) => (context as ServerContext).transport === 'graphql-ws';

/**
 * The GraphQL-over-HTTP handler (with SSE, Apollo's multipart subscriptions and graphql-sse's
 * single connection); graphql-ws reuses it through `getEnveloped`.
 */
export function createGatewayYoga(options: GatewayYogaOptions): GatewayYoga {
  // Charged by each mutation field (see schema/mutation-limit.ts).
  const deps: ContextDependencies = {
    ...options.deps,
    mutations:
      options.mutationLimiter ??
      createMutationRateLimiter({ pointsPerMinute: options.mutationsPerMinute }),
  };
  const hideSuggestions = options.production && !options.introspection;
  const limits = options.limits ?? DEFAULT_LIMITS;
  const graphqlSse = graphqlSsePlugins({
    authenticator: options.authenticator,
    logger: options.logger,
    streamsPerClient: options.subscriptions.streamsPerClient,
    subscriptionsPerStream: options.subscriptions.perSocket,
    reservationTimeoutMs: options.subscriptions.reservationTimeoutMs,
    maxBodyBytes: limits.maxBodyBytes,
    persistedOperations: options.persistedOperations,
  });
  // The page is the same for every visit: built on the first (about 9 MB), then kept.
  let graphiqlPage: Promise<string> | undefined;
  return createYoga<ServerContext, GatewayContext>({
    schema,
    graphqlEndpoint: GRAPHQL_PATH,
    context: async ({ request, req, clientAddress, viewer, subscription }) =>
      createContext(deps, {
        requestId:
          (req && assignedIds.get(req)) ?? requestIdFrom(request.headers.get('x-request-id')),
        viewer: viewer ?? (await viewerOf(options.authenticator, request)),
        clientAddress: clientAddress ?? req?.socket.remoteAddress ?? 'unknown',
        subscription,
      }),
    plugins: [
      // First, so operations that later plugins stop as execution begins are counted too.
      operationMetricsPlugin<GatewayContext & ServerContext>(
        options.metrics ?? NO_METRICS,
        (context) =>
          context.subscription?.role === 'group'
            ? 'shared'
            : context.transport === 'graphql-ws'
              ? 'graphql-ws'
              : 'http',
      ),
      csrfPreventionPlugin(),
      // Before every plugin that may refuse an operation: see graphql-sse.ts.
      ...graphqlSse.first,
      // graphql-ws counts its own subscriptions, in the same slots.
      subscriptionSlotPlugin((context) => {
        if (overWebSocket(context)) return null;
        const { viewer, clientAddress } = context as GatewayContext;
        return options.slots.take(callerKey(viewer.subject, clientAddress));
      }),
      multipartSubscriptionsPlugin(),
      ...(options.persistedOperations
        ? [persistedOperationsPlugin(options.persistedOperations)]
        : []),
      ...hardeningPlugins({
        limits,
        production: options.production,
        introspection: options.introspection,
        budget: options.queryBudget,
      }),
      tokenExpiryPlugin(overWebSocket),
      graphqlSse.last,
      // Last: it wraps whichever request parser the plugins above chose.
      bodySizeLimitPlugin(limits.maxBodyBytes),
    ],
    // Cross-origin browsers get in only from listed origins.
    cors:
      options.corsOrigins.length > 0
        ? {
            origin: options.corsOrigins,
            credentials: true,
            // PUT and DELETE: graphql-sse's single connection (see graphql-sse.ts).
            methods: ['GET', 'POST', 'PUT', 'DELETE'],
          }
        : false,
    maskedErrors: { maskError: maskGatewayError(hideSuggestions), isDev: false },
    batching: false,
    // Bodies are capped by bodySizeLimitPlugin (above), which counts only bodies of no declared
    // length: yoga's own cap pipes every body through a counting stream.
    maxRequestBodySize: false,
    // No file uploads: multipart is only a way to post without a CORS preflight.
    multipart: false,
    landingPage: false,
    healthCheckEndpoint: '/healthz',
    logging: yogaLogger(options.logger),
    graphiql: options.graphiql
      ? {
          title: 'rtk-gateway',
          // Over SSE each subscription is a request of its own, so it carries the Headers of the
          // tab that runs it (a JWT, say), as queries and mutations do; GraphiQL would open its
          // graphql-ws socket without them.
          subscriptionsProtocol: 'SSE',
          // Subscriptions too: a GET would carry the document in its URL, under the URL limits.
          method: 'POST',
          defaultTabs: options.graphiql.defaultTabs,
          ...(options.graphiql.defaultHeaders === undefined
            ? {}
            : { defaultHeaders: options.graphiql.defaultHeaders }),
        }
      : false,
    renderGraphiQL: (graphiql) => {
      if (graphiqlPage === undefined) {
        graphiqlPage = renderGraphiQLPage(graphiql);
        // A failed build is not kept: the next visit tries again.
        graphiqlPage.catch(() => {
          graphiqlPage = undefined;
        });
      }
      return graphiqlPage;
    },
  });
}
