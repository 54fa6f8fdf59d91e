import type {
  ConnectedMessage,
  ConnectMessage,
  ProgressMessage,
  ReportMessage,
} from '../load/ws-clients.js';
import type { BenchContext } from './context.js';
import { call, type Message, nextMessage } from './ipc.js';
import type { Proc } from './processes.js';

/** Subscribers spread over several client processes, driven as one. */
export interface Subscribers {
  /** Resolves once every socket has received at least one message. */
  readonly ready: Promise<void>;
  /** Resolves once every open socket has received the message about recording `key`. */
  delivered(key: string): Promise<void>;
  report(): Promise<ReportMessage[]>;
  stop(): Promise<void>;
}

/** Opens `count` sockets to `url` from `processes` client processes and subscribes each. */
export async function openSubscribers(
  context: BenchContext,
  options: Omit<ConnectMessage, 'type' | 'count'> & { count: number; processes: number },
): Promise<Subscribers> {
  const { count, processes, ...connect } = options;
  const clients: Proc[] = [];
  const done = new Map<string, number>();
  const waiters = new Map<string, () => void>();
  for (let index = 0; index < Math.min(processes, count); index += 1) {
    const proc = context.fork(`ws-clients-${index}`, 'bench/load/ws-clients.ts');
    proc.child.on('message', (message: Message) => {
      if (message.type !== 'progress') return;
      const { key } = message as ProgressMessage;
      const heard = (done.get(key) ?? 0) + 1;
      done.set(key, heard);
      if (heard === clients.length) waiters.get(key)?.();
    });
    clients.push(proc);
  }
  const ready = Promise.all(clients.map((proc) => nextMessage(proc.child, 'ready'))).then(() => {});
  // Swallowed here, seen by whoever awaits `ready`.
  ready.catch(() => {});
  const shares = clients.map(
    (_, index) => Math.floor(count / clients.length) + (index < count % clients.length ? 1 : 0),
  );
  const connected = await Promise.all(
    clients.map((proc, index) =>
      call<ConnectedMessage>(
        proc.child,
        { ...connect, type: 'connect', count: shares[index] } as ConnectMessage,
        'connected',
      ),
    ),
  );
  const failures = connected.reduce((sum, reply) => sum + reply.failures, 0);
  if (failures > 0) {
    const first = connected.find((reply) => reply.firstFailure)?.firstFailure;
    throw new Error(`${failures} of ${count} sockets could not subscribe; first: ${first}`);
  }
  return {
    ready,
    delivered(key) {
      if ((done.get(key) ?? 0) === clients.length) return Promise.resolve();
      return new Promise((resolve) => waiters.set(key, resolve));
    },
    report: () =>
      Promise.all(
        clients.map((proc) => call<ReportMessage>(proc.child, { type: 'report' }, 'report')),
      ),
    stop: async () => {
      await Promise.all(clients.map((proc) => proc.stop()));
    },
  };
}

/** Several groups of subscribers driven as one. */
export function together(groups: readonly Subscribers[]): Subscribers {
  return {
    ready: Promise.all(groups.map((group) => group.ready)).then(() => {}),
    delivered: (key) => Promise.all(groups.map((group) => group.delivered(key))).then(() => {}),
    report: async () => (await Promise.all(groups.map((group) => group.report()))).flat(),
    stop: async () => {
      await Promise.all(groups.map((group) => group.stop()));
    },
  };
}
