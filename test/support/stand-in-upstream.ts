import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A stand-in RealtimeKit for behaviour the simulator does not have: a small node:http server in
 * front of the simulator that records every call, forwards it by default, and lets a test answer
 * differently (echo request values in an error, start a recording and then fail, never answer).
 */

/** One call as the stand-in received it; `path` is relative to `/accounts/{a}/realtime/kit/{app}`. */
export interface StandInCall {
  method: string;
  path: string;
  query: string;
  headers: IncomingMessage['headers'];
  /** The raw request body as text ('' when none). */
  raw: string;
  /** The parsed JSON body, or undefined. */
  body: unknown;
}

export interface StandInReply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

/** What a test does with a call: `forward()` asks the simulator and returns its answer. */
export type StandInHandler = (
  call: StandInCall,
  forward: () => Promise<StandInReply>,
) => Promise<StandInReply | 'hang'>;

export interface StandInUpstream {
  /** The SDK base URL (`…/client/v4`) to point a gateway at. */
  readonly baseUrl: string;
  readonly calls: StandInCall[];
  /** Replaces the handler; the default forwards everything. */
  handle(handler: StandInHandler): void;
  /** Back to forwarding everything. */
  reset(): void;
  close(): Promise<void>;
}

const REST = /^\/client\/v4\/accounts\/[^/]+\/realtime\/kit\/[^/]+(\/[^?]*)?(\?.*)?$/;
const forwardAll: StandInHandler = (_call, forward) => forward();

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function parse(text: string): unknown {
  try {
    return text === '' ? undefined : JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Starts a stand-in in front of `targetUrl` (the simulator's `url`, without `/client/v4`). */
export async function startStandInUpstream(targetUrl: string): Promise<StandInUpstream> {
  const calls: StandInCall[] = [];
  let handler = forwardAll;
  const hanging = new Set<ServerResponse>();

  async function answer(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await readBody(req);
    const match = REST.exec(req.url ?? '');
    const call: StandInCall = {
      method: req.method ?? 'GET',
      path: match?.[1] ?? req.url ?? '/',
      query: match?.[2] ?? '',
      headers: req.headers,
      raw,
      body: parse(raw),
    };
    calls.push(call);
    const forward = async (): Promise<StandInReply> => {
      const response = await fetch(`${targetUrl}${req.url}`, {
        method: call.method,
        headers: {
          authorization: req.headers.authorization ?? '',
          'content-type': 'application/json',
        },
        body: raw === '' ? undefined : raw,
      });
      return { status: response.status, body: parse(await response.text()) };
    };
    const reply = await handler(call, forward);
    if (reply === 'hang') {
      // Held until the client gives up (its timeout) or the stand-in closes.
      hanging.add(res);
      res.on('close', () => hanging.delete(res));
      return;
    }
    res.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers });
    res.end(reply.body === undefined ? '' : JSON.stringify(reply.body));
  }

  const server = createServer((req, res) => {
    answer(req, res).catch(() => res.writeHead(599).end());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/client/v4`,
    calls,
    handle(next) {
      handler = next;
    },
    reset() {
      handler = forwardAll;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const res of hanging) res.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
