import type { Client } from 'graphql-ws';

/** Checks a keep-alive setting once, when the client is created. */
export function checkInterval(name: string, value: number, allowZero: boolean): number {
  if (!Number.isFinite(value) || value < 0 || (!allowZero && value === 0)) {
    throw new RangeError(
      `${name} must be a finite number of milliseconds${allowZero ? ', 0 or more' : ', more than 0'}`,
    );
  }
  return value;
}

/**
 * Drops a socket whose pong does not come back in time. A network that vanishes without a close
 * (a laptop lid, a mobile hand-over, a blackholed route) leaves the socket open for minutes;
 * terminating it lets graphql-ws reconnect (4499 is retried), and the subscriptions resume.
 */
export function watchPongs(client: Client, timeoutMs: number): void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const clear = () => {
    clearTimeout(timer);
    timer = undefined;
  };
  client.on('ping', (received) => {
    // The gateway's own pings are answered by graphql-ws; only ours wait for a pong.
    if (received) return;
    clear();
    timer = setTimeout(() => client.terminate(), timeoutMs);
  });
  client.on('pong', (received) => {
    if (received) clear();
  });
  client.on('closed', clear);
}
