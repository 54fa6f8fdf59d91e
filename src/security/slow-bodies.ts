import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * Bounds on what a slow client can hold: a body must arrive within a deadline, and only so many
 * webhook requests are handled at once. Without them, connections that declare a large body and
 * send it a byte at a time keep their buffers (and sockets) for as long as they like.
 */

function hasBody(req: IncomingMessage): boolean {
  const length = req.headers['content-length'];
  return (length !== undefined && length !== '0') || req.headers['transfer-encoding'] !== undefined;
}

/**
 * Cuts a request off when its body has not fully arrived `timeoutMs` after its headers: it gets
 * 408 (when nothing was answered yet) and its connection is closed, which also ends the handler's
 * read (the intake sees an aborted body, yoga an aborted request). `onTimeout` counts it.
 */
export function enforceBodyDeadline(
  req: IncomingMessage,
  res: ServerResponse,
  timeoutMs: number,
  onTimeout: () => void,
): void {
  if (!hasBody(req)) return;
  const timer = setTimeout(() => {
    if (req.complete) return;
    onTimeout();
    if (!res.headersSent) {
      const body = JSON.stringify({
        errors: [
          {
            message: 'The request body took too long to arrive.',
            extensions: { code: 'VALIDATION' },
          },
        ],
      });
      res.writeHead(408, {
        'content-type': 'application/json; charset=utf-8',
        'content-length': Buffer.byteLength(body),
        connection: 'close',
      });
      res.end(body);
    }
    // The rest of the body is never read: the connection cannot carry another request.
    req.socket.destroySoon();
  }, timeoutMs);
  timer.unref();
  const clear = () => clearTimeout(timer);
  req.once('end', clear);
  res.once('close', clear);
}

/** A counter of slots; a request either takes one at once or is refused. */
export interface Slots {
  readonly inUse: number;
  /** Takes a slot, given back when `res` closes (answered or cut off); false when all are taken. */
  tryTake(res: ServerResponse): boolean;
}

/** At most `capacity` holders at once. */
export function createSlots(capacity: number): Slots {
  let inUse = 0;
  return {
    get inUse() {
      return inUse;
    },
    tryTake(res) {
      if (inUse >= capacity) return false;
      inUse += 1;
      res.once('close', () => {
        inUse -= 1;
      });
      return true;
    },
  };
}
