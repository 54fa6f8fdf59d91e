import type { WebSocket, WebSocketServer } from 'ws';

/** How often every socket is pinged; one that has not answered the previous ping is ended. */
export const KEEP_ALIVE_MS = 12_000;
/**
 * Sockets pinged in one go before the event loop gets a turn: ten thousand pings at once hold it
 * for a good part of a second (they delayed fan-out deliveries), where graphql-ws' per-socket
 * timers were spread over time.
 */
const PINGS_PER_TURN = 256;

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
  let stopped = false;
  const round = (sockets: WebSocket[], from: number) => {
    for (const socket of sockets.slice(from, from + PINGS_PER_TURN)) {
      if (stopped || socket.readyState !== socket.OPEN) continue;
      if (unanswered.has(socket)) {
        socket.terminate();
        continue;
      }
      unanswered.add(socket);
      socket.ping();
    }
    if (!stopped && from + PINGS_PER_TURN < sockets.length) {
      setImmediate(round, sockets, from + PINGS_PER_TURN);
    }
  };
  const timer = setInterval(() => round([...wss.clients], 0), intervalMs);
  timer.unref();
  return () => {
    stopped = true;
    clearInterval(timer);
  };
}
