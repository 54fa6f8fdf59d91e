import { createHash } from 'node:crypto';
import type { Server } from 'node:http';
import {
  type DocumentNode,
  type ExecutionArgs,
  GraphQLError,
  getOperationAST,
  Kind,
  type OperationDefinitionNode,
} from 'graphql';
import { type WebSocket, WebSocketServer } from 'ws';
import { AuthenticationError, type Authenticator } from '../auth/authenticator.js';
import { runAt } from '../auth/expiry-timer.js';
import type { Viewer } from '../auth/viewer.js';
import type { EventFeed } from '../events/types.js';
import type { Logger } from '../logger.js';
import { type Metrics, NO_METRICS } from '../metrics/metrics.js';
import { describeOperationError } from '../security/error-log.js';
import { type HostCheck, originAllowed } from '../security/hosts.js';
import { type PersistedOperations, persistedDocument } from '../security/persisted-operations.js';
import { callerKey } from '../security/rate-limit.js';
import {
  type Release,
  type SubscriptionSlots,
  tooManySubscriptions,
} from '../security/subscription-limits.js';
import { canonicalJson } from '../util/canonical-json.js';
import { serveGraphQLWs } from './graphql-ws-adapter.js';
import { startHeartbeat } from './heartbeat.js';
import { hasHttpHint, resultWithoutHttpHints, withoutHttpHints } from './http-hints.js';
import {
  createSubscriptionGroups,
  type MemberSink,
  type SubscriptionHooks,
} from './subscription-groups.js';
import { type GatewayYoga, GRAPHQL_PATH } from './yoga.js';

type Enveloped = ReturnType<GatewayYoga['getEnveloped']>;

/** A subscription's identity for sharing, and where its shared results go. */
interface Shared {
  key: string;
  socket: WebSocket;
  id: string;
}

/** What `onSubscribe` hands graphql-ws; the root value carries the operation's own plugins. */
type ExecuteArgs = ExecutionArgs & {
  rootValue: Pick<Enveloped, 'execute' | 'subscribe' | 'contextFactory'> & { shared?: Shared };
};

/**
 * What the gateway keeps of a socket once it is authenticated: the upgrade request itself (its
 * headers, raw headers and stream state, about 2 KB) is let go, and each operation gets this.
 */
interface SocketState {
  viewer: Viewer;
  /** The budget the per-client subscription limit counts against. */
  client: string;
  address: string;
  /** What the operations' context reads of the handshake: its `x-request-id`, nothing else. */
  request: { headers: { get(name: string): string | null } };
  /** Subscriptions held, by id, from onSubscribe to their end, with their client slot. */
  ids: Map<string, Release>;
}

/** 4403 as graphql-ws uses it: the socket's credentials are not (or no longer) good. */
const TOKEN_EXPIRED = 4403;
/** "Try again later": graphql-ws clients reconnect (and resume by cursor) after it. */
const SLOW_CONSUMER = 1013;
const SLOW_CONSUMER_GRACE_MS = 1_000;

/**
 * Subscribers whose operation would produce the same result for an event share one execution:
 * same document and operation, same variables but for the resume cursor, same visibility.
 */
function shareKey(
  source: string,
  operation: OperationDefinitionNode,
  variables: Readonly<Record<string, unknown>> | null | undefined,
  viewer: Viewer | undefined,
): string {
  const [field] = operation.selectionSet.selections;
  const resume =
    field?.kind === Kind.FIELD
      ? field.arguments?.find((argument) => argument.name.value === 'after')?.value
      : undefined;
  const shared = { ...variables };
  if (resume?.kind === Kind.VARIABLE) delete shared[resume.name.value];
  const visibility = viewer
    ? [[...viewer.scopes].sort(), viewer.meetingIds === null ? '*' : [...viewer.meetingIds].sort()]
    : null;
  return createHash('sha256')
    .update(canonicalJson([source, operation.name?.value ?? null, shared, visibility]))
    .digest('base64');
}

type Handshake = SocketState['request'];
/** Most clients send no `x-request-id`: their sockets share one handshake view. */
const HANDSHAKE_WITHOUT_ID: Handshake = { headers: { get: () => null } };
const handshakeWithId = (id: string): Handshake => ({
  headers: { get: (name) => (name === 'x-request-id' ? id : null) },
});

/**
 * Ends a socket when its token expires: its subscriptions stop with a clear close, and the client
 * reconnects with a fresh token (and resumes with its last cursor).
 */
function closeWhenExpired(socket: WebSocket, viewer: Viewer): void {
  if (viewer.expiresAt === null) return;
  const cancel = runAt(viewer.expiresAt, () =>
    socket.close(TOKEN_EXPIRED, 'Forbidden: token expired'),
  );
  socket.once('close', cancel);
}

export interface WebSocketStats {
  connections: number;
  subscriptions: number;
  sharedExecutions: number;
  registered: number;
}

/** A graphql-ws endpoint on the same HTTP server and path as GraphQL over HTTP. */
export interface GraphQLWebSocketServer {
  /** Open sockets, subscriptions served now and the shared executions serving them. */
  stats(): WebSocketStats;
  /** Closes every socket (1001 Going Away) and stops accepting new ones. */
  close(): Promise<void>;
}

export interface GraphQLWebSocketOptions {
  server: Server;
  yoga: GatewayYoga;
  authenticator: Authenticator;
  logger: Logger;
  persistedOperations?: PersistedOperations;
  /** The largest message a client may send: the same cap as an HTTP body. */
  maxPayloadBytes: number;
  /** Whether the handshake's `Host` names this gateway. */
  hostAllowed: HostCheck;
  /** Browser origins allowed besides the gateway's own (CORS_ORIGINS). */
  corsOrigins: readonly string[];
  /** The live feed, whose position a shared subscriber joins at. */
  events: Pick<EventFeed, 'position'>;
  /** Each client's subscriptions, counted with those of the other transports. */
  slots: SubscriptionSlots;
  limits: {
    /** Subscriptions one socket may hold at once. */
    perSocket: number;
    /** Unsent bytes a socket may hold before it is closed as a slow consumer. */
    maxBufferedBytes: number;
  };
  /** Counts subscriptions refused by those limits. */
  metrics?: Pick<Metrics, 'rateLimited'>;
}

/**
 * Serves graphql-ws on `server` at the GraphQL path. Every operation runs through
 * `yoga.getEnveloped`, so the same plugins (masking, limits, auth) apply as over HTTP. A handshake
 * from a host name or a browser origin that is not allowed is refused with 403 before any socket
 * exists: CORS does not apply to WebSockets, so a page on any site could otherwise open one.
 */
export function attachGraphQLWebSocket(options: GraphQLWebSocketOptions): GraphQLWebSocketServer {
  const { server, yoga, authenticator, logger, persistedOperations, limits } = options;
  const metrics = options.metrics ?? NO_METRICS;
  // Each socket authenticates once, in connection_init; its operations run as that viewer.
  const sockets = new WeakMap<object, SocketState>();
  const groups = createSubscriptionGroups({ position: () => options.events.position, logger });
  function reserve(state: SocketState, id: string): GraphQLError | null {
    if (state.ids.size >= limits.perSocket) {
      return tooManySubscriptions(
        `At most ${limits.perSocket} subscriptions per connection; complete some first.`,
      );
    }
    const taken = options.slots.take(state.client);
    if (taken instanceof GraphQLError) return taken;
    state.ids.set(id, taken);
    return null;
  }

  function release(socket: WebSocket, id?: string): void {
    const state = sockets.get(socket);
    if (state === undefined) return;
    const ids = id === undefined ? [...state.ids.keys()] : [id];
    for (const done of ids) {
      state.ids.get(done)?.();
      state.ids.delete(done);
    }
  }

  /** Sends a shared result; a socket that stopped reading is closed, not buffered without end. */
  function sinkFor(socket: WebSocket, id: string): MemberSink {
    const prefix = `{"id":${JSON.stringify(id)},"type":"next","payload":`;
    return {
      next(payload) {
        if (socket.readyState !== socket.OPEN) return;
        if (socket.bufferedAmount > limits.maxBufferedBytes) {
          logger.info({ buffered: socket.bufferedAmount }, 'graphql-ws slow consumer closed');
          socket.close(SLOW_CONSUMER, 'Try again later: resume with your last cursor');
          // The close frame waits behind what the client does not read: do not wait with it.
          setTimeout(() => socket.terminate(), SLOW_CONSUMER_GRACE_MS).unref();
          return;
        }
        socket.send(`${prefix}${payload}}`);
      },
    };
  }

  const wss = new WebSocketServer({
    server,
    path: GRAPHQL_PATH,
    maxPayload: options.maxPayloadBytes,
    verifyClient: ({ origin, req }, done) => {
      const host = req.headers.host;
      if (options.hostAllowed(host) && originAllowed(origin, host, options.corsOrigins)) {
        done(true);
        return;
      }
      logger.debug({ origin, host }, 'graphql-ws handshake refused');
      done(false, 403, 'Forbidden');
    },
  });
  const disposable = serveGraphQLWs(
    wss,
    {
      execute: (args) => (args as ExecuteArgs).rootValue.execute(args),
      subscribe: (args) => {
        const { rootValue } = args as ExecuteArgs;
        const { shared } = rootValue;
        if (shared === undefined) return rootValue.subscribe(args);
        const run = async (subscription: SubscriptionHooks) =>
          rootValue.subscribe({
            ...args,
            contextValue: await rootValue.contextFactory({ subscription }),
          });
        // graphql-ws keeps these arguments as long as the subscription lasts; once it has started,
        // its root value (this operation's plugins, and through them the context its own stream
        // used until it joined the group) is not needed again.
        return groups
          .subscribe(shared.key, run, run, sinkFor(shared.socket, shared.id))
          .finally(() => {
            (args as { rootValue?: unknown }).rootValue = undefined;
          });
      },
      onConnect: async (ctx) => {
        const authorization = ctx.connectionParams?.authorization;
        try {
          const viewer = await authenticator.authenticate(
            typeof authorization === 'string' ? authorization : null,
          );
          const { request, socket } = ctx.extra;
          const address = request?.socket.remoteAddress ?? 'unknown';
          const given = request?.headers['x-request-id'];
          sockets.set(socket, {
            viewer,
            client: callerKey(viewer.subject, address),
            address,
            request: typeof given === 'string' ? handshakeWithId(given) : HANDSHAKE_WITHOUT_ID,
            ids: new Map(),
          });
          // graphql-ws never reads it again; nothing else holds it once this reference is gone.
          ctx.extra.request = undefined;
          closeWhenExpired(socket, viewer);
          return true;
        } catch (error) {
          if (error instanceof AuthenticationError) return false; // 4403 Forbidden
          throw error;
        }
      },
      onSubscribe: async (ctx, id, payload) => {
        const socket = ctx.extra.socket;
        const state = sockets.get(socket);
        // graphql-ws refuses a subscribe before connection_init is acknowledged.
        if (state === undefined) return [new GraphQLError('Not connected.')];
        const { schema, execute, subscribe, contextFactory, parse, validate } = yoga.getEnveloped({
          request: state.request,
          params: payload,
          socket,
          clientAddress: state.address,
          viewer: state.viewer,
          transport: 'graphql-ws',
        });
        let document: DocumentNode;
        let source: string;
        try {
          source = persistedOperations
            ? persistedDocument(persistedOperations, payload)
            : payload.query;
          document = parse(source);
        } catch (error) {
          if (error instanceof GraphQLError) return [error];
          throw error;
        }
        let errors: readonly GraphQLError[];
        try {
          errors = validate(schema, document);
        } catch (error) {
          // Limit plugins (depth, cost, aliases…) refuse by throwing, as they do over HTTP.
          if (error instanceof GraphQLError) return [error];
          throw error;
        }
        if (errors.length > 0) return errors;
        const operation = getOperationAST(document, payload.operationName);
        const common = {
          schema,
          document,
          operationName: payload.operationName,
          variableValues: payload.variables,
        };
        if (operation?.operation !== 'subscription') {
          const rootValue = { execute, subscribe, contextFactory };
          return {
            ...common,
            contextValue: await contextFactory(),
            rootValue,
          } satisfies ExecuteArgs;
        }
        const refused = reserve(state, id);
        if (refused) {
          metrics.rateLimited('subscriptions');
          return [refused];
        }
        // Each run builds its own context (see the subscribe option above).
        const shared = {
          key: shareKey(source, operation, payload.variables, state.viewer),
          socket,
          id,
        };
        return {
          ...common,
          contextValue: undefined,
          rootValue: { execute, subscribe, contextFactory, shared },
        } satisfies ExecuteArgs;
      },
      onComplete: (ctx, id) => release(ctx.extra.socket, id),
      onClose: (ctx) => release(ctx.extra.socket),
      onNext: (_ctx, _id, _payload, _args, result) => {
        // graphql-ws sends the result as it is when given nothing back.
        const shown = resultWithoutHttpHints(result);
        return shown === result ? undefined : shown;
      },
      onError: (_ctx, _id, _payload, errors) => {
        // Codes only: GraphQL's messages may quote the document's literals.
        logger.debug(
          { errors: errors.map((error) => describeOperationError(error).entry) },
          'graphql-ws operation error',
        );
        return errors.some(hasHttpHint) ? withoutHttpHints(errors) : undefined;
      },
    },
    logger,
  );
  const stopHeartbeat = startHeartbeat(wss);
  return {
    stats: () => ({
      connections: wss.clients.size,
      subscriptions: groups.subscribers,
      sharedExecutions: groups.groups,
      registered: groups.registered,
    }),
    async close() {
      stopHeartbeat();
      await disposable.dispose();
    },
  };
}
