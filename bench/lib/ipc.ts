import type { ChildProcess } from 'node:child_process';

/** A message between the bench and one of its child processes. */
export interface Message {
  type: string;
}

/** Resolves with the next message of `type` from `child`; rejects if the child exits first. */
export function nextMessage<T extends Message>(child: ChildProcess, type: T['type']): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onMessage = (message: Message) => {
      if (message?.type !== type) return;
      cleanup();
      resolve(message as T);
    };
    const onExit = (code: number | null, signal: string | null) => {
      cleanup();
      reject(new Error(`child process exited (${signal ?? code}) before sending "${type}"`));
    };
    const cleanup = () => {
      child.off('message', onMessage);
      child.off('exit', onExit);
    };
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
}

/** Sends `message` and waits for the reply of `replyType`. */
export function call<T extends Message>(
  child: ChildProcess,
  message: Message,
  replyType: T['type'],
): Promise<T> {
  const reply = nextMessage<T>(child, replyType);
  child.send(message);
  return reply;
}

/** In a child: answers the parent's messages; a failed handler exits the child loudly. */
export function serve(handler: (message: Message) => Promise<Message | undefined>): void {
  process.on('message', (message: Message) => {
    handler(message).then(
      (reply) => reply && process.send?.(reply),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  });
}

/** In a child: tells the parent something. */
export function tell<T extends Message>(message: T): void {
  process.send?.(message);
}
