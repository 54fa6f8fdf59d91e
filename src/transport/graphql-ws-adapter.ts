import type { IncomingMessage } from 'node:http';
import { CloseCode, handleProtocols, makeServer, type ServerOptions } from 'graphql-ws';
import type { WebSocket, WebSocketServer } from 'ws';
import type { Logger } from '../logger.js';
import { createSharedStrings } from './shared-strings.js';

/** What graphql-ws' hooks get as `ctx.extra`: the socket, and its upgrade request until let go. */
export interface SocketExtra {
  readonly socket: WebSocket;
  request: IncomingMessage | undefined;
}

/**
 * graphql-ws' server on a `ws` WebSocketServer: what `graphql-ws/use/ws` does, less what each
 * socket would keep for nothing and with nothing printed to the console.
 *
 * - No keep-alive timers per socket: transport/heartbeat.ts pings every socket from one timer.
 * - One `error` listener shared by all sockets, logging at debug what `ws` itself refused (an
 *   oversized or malformed frame, which it answers by closing) and at warn anything else, so no
 *   client can flood the logs.
 * - Equal incoming messages, and the long strings parsed from them, are kept once
 *   (shared-strings.ts): graphql-ws holds a subscription's `subscribe` message for as long as the
 *   subscription lasts, and a dashboard's viewers all send the same one.
 */
export function serveGraphQLWs(
  wss: WebSocketServer,
  options: ServerOptions<Record<string, unknown> | undefined, SocketExtra>,
  logger: Logger,
): { dispose(): Promise<void> } {
  const strings = createSharedStrings();
  const server = makeServer<Record<string, unknown> | undefined, SocketExtra>({
    ...options,
    jsonMessageReviver: (_key, value) => (typeof value === 'string' ? strings.share(value) : value),
  });
  wss.options.handleProtocols = handleProtocols;

  const internalError = (socket: WebSocket, error: unknown) => {
    logger.error({ err: error }, 'graphql-ws message handling failed');
    socket.close(CloseCode.InternalServerError, 'Internal server error');
  };
  function onSocketError(error: Error & { code?: string }): void {
    const own = typeof error.code === 'string' && error.code.startsWith('WS_ERR_');
    logger[own ? 'debug' : 'warn']({ code: error.code, err: error.message }, 'socket error');
  }
  wss.on('error', (error) => {
    logger.error({ err: error }, 'graphql-ws server failed');
    for (const socket of wss.clients)
      socket.close(CloseCode.InternalServerError, 'Internal server error');
  });
  wss.on('connection', (socket, request) => {
    socket.on('error', onSocketError);
    const closed = server.opened(
      {
        protocol: socket.protocol,
        send: (data) =>
          new Promise<void>((resolve, reject) => {
            if (socket.readyState !== socket.OPEN) return resolve();
            socket.send(data, (error) => (error ? reject(error) : resolve()));
          }),
        close: (code, reason) => socket.close(code, reason),
        onMessage: (handle) =>
          socket.on('message', (data) => {
            handle(strings.share(String(data))).catch((error: unknown) =>
              internalError(socket, error),
            );
          }),
      },
      { socket, request },
    );
    socket.once('close', (code, reason) => {
      closed(code, String(reason)).catch((error: unknown) =>
        logger.error({ err: error }, 'graphql-ws close handling failed'),
      );
    });
  });

  return {
    async dispose() {
      for (const socket of wss.clients) socket.close(1001, 'Going away');
      wss.removeAllListeners();
      await new Promise<void>((resolve, reject) =>
        wss.close((error) => (error ? reject(error) : resolve())),
      );
    },
  };
}
