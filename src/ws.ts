import type { Server } from 'node:http';
import { type ExecutionArgs, GraphQLError } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { type WebSocket, WebSocketServer } from 'ws';
import { AuthenticationError, type Authenticator } from './auth/authenticator.js';
import { runAt } from './auth/expiry-timer.js';
import type { Viewer } from './auth/viewer.js';
import type { Logger } from './logger.js';
import { describeOperationError } from './security/error-log.js';
import { type HostCheck, originAllowed } from './security/hosts.js';
import { type PersistedOperations, persistedDocument } from './security/persisted-operations.js';
import { type GatewayYoga, GRAPHQL_PATH } from './yoga.js';

type Enveloped = ReturnType<GatewayYoga['getEnveloped']>;
type ExecuteArgs = ExecutionArgs & { rootValue: Pick<Enveloped, 'execute' | 'subscribe'> };

/** 4403 as graphql-ws uses it: the socket's credentials are not (or no longer) good. */
const TOKEN_EXPIRED = 4403;

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

/** A graphql-ws endpoint on the same HTTP server and path as GraphQL over HTTP. */
export interface GraphQLWebSocketServer {
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
}

/**
 * Serves graphql-ws on `server` at the GraphQL path. Every operation runs through
 * `yoga.getEnveloped`, so the same plugins (masking, limits, auth) apply as over HTTP. A handshake
 * from a host name or a browser origin that is not allowed is refused with 403 before any socket
 * exists: CORS does not apply to WebSockets, so a page on any site could otherwise open one.
 */
export function attachGraphQLWebSocket(options: GraphQLWebSocketOptions): GraphQLWebSocketServer {
  const { server, yoga, authenticator, logger, persistedOperations } = options;
  // Each socket authenticates once, in connection_init; its operations run as that viewer.
  const viewers = new WeakMap<object, Viewer>();
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
  const disposable = useServer(
    {
      execute: (args) => (args as ExecuteArgs).rootValue.execute(args),
      subscribe: (args) => (args as ExecuteArgs).rootValue.subscribe(args),
      onConnect: async (ctx) => {
        const authorization = ctx.connectionParams?.authorization;
        try {
          const viewer = await authenticator.authenticate(
            typeof authorization === 'string' ? authorization : null,
          );
          viewers.set(ctx.extra.socket, viewer);
          closeWhenExpired(ctx.extra.socket, viewer);
          return true;
        } catch (error) {
          if (error instanceof AuthenticationError) return false; // 4403 Forbidden
          throw error;
        }
      },
      onSubscribe: async (ctx, _id, payload) => {
        const headers = new Headers();
        for (const [name, value] of Object.entries(ctx.extra.request.headers)) {
          if (typeof value === 'string') headers.set(name, value);
        }
        const { schema, execute, subscribe, contextFactory, parse, validate } = yoga.getEnveloped({
          request: { headers },
          params: payload,
          socket: ctx.extra.socket,
          clientAddress: ctx.extra.request.socket.remoteAddress ?? 'unknown',
          viewer: viewers.get(ctx.extra.socket),
          transport: 'graphql-ws',
        });
        let document: ReturnType<typeof parse>;
        try {
          document = parse(
            persistedOperations ? persistedDocument(persistedOperations, payload) : payload.query,
          );
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
        const args: ExecuteArgs = {
          schema,
          document,
          operationName: payload.operationName,
          variableValues: payload.variables,
          contextValue: await contextFactory(),
          rootValue: { execute, subscribe },
        };
        return args;
      },
      onError: (_ctx, _id, _payload, errors) => {
        // Codes only: GraphQL's messages may quote the document's literals.
        logger.debug(
          { errors: errors.map((error) => describeOperationError(error).entry) },
          'graphql-ws operation error',
        );
      },
    },
    wss,
  );
  // graphql-ws prints every socket error to stderr; a client sending an oversized or malformed
  // frame (which ws answers by closing, 1009 or 1002) must not be able to flood it.
  wss.on('connection', (socket) => {
    socket.removeAllListeners('error');
    socket.on('error', (error: Error & { code?: string }) => {
      const own = typeof error.code === 'string' && error.code.startsWith('WS_ERR_');
      logger[own ? 'debug' : 'warn']({ code: error.code, err: error.message }, 'socket error');
    });
  });
  return {
    async close() {
      await disposable.dispose();
    },
  };
}
