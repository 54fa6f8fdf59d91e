import type { WebSocket, WebSocketServer } from 'ws';

/** How often every socket is pinged; one that has not answered the previous ping is ended. */
export const KEEP_ALIVE_MS = 12_000;

/**
 * One keep-alive for every socket of `wss`, in place of graphql-ws' own, which keeps an interval
 * timer, a pong timer and their closures per socket (about half a kilobyte each, and ten thousand
 * timers for ten thousand dashboards). Each round pings every open socket and terminates those
 * that did not answer the previous round's ping, so a dead peer is dropped within two rounds, as
 * before. Returns the function that stops it.
 */
export function startHeartbeat(wss: WebSocketServer, intervalMs = KEEP_ALIVE_MS): () => void {
  const unanswered = new WeakSet<WebSocket>();
  // One listener function for all sockets (`this` is the socket that answered).
  function answered(this: WebSocket): void {
    unanswered.delete(this);
  }
  wss.on('connection', (socket) => socket.on('pong', answered));
  const timer = setInterval(() => {
    for (const socket of wss.clients) {
      if (socket.readyState !== socket.OPEN) continue;
      if (unanswered.has(socket)) {
        socket.terminate();
        continue;
      }
      unanswered.add(socket);
      socket.ping();
    }
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
