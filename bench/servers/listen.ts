import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tell } from '../lib/ipc.js';

/** Listens on a free loopback port, tells the bench `{ type: 'ready', port }`, stops on SIGTERM. */
export function listenAndReport(server: Server, close: () => Promise<void> = async () => {}): void {
  server.listen(0, '127.0.0.1', () => {
    tell({ type: 'ready', port: (server.address() as AddressInfo).port });
  });
  process.once('SIGTERM', () => {
    server.closeAllConnections();
    server.close();
    close().finally(() => process.exit(0));
  });
}
