import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '../logger.js';
import { type FaultBook, faultReply, faultsJson } from './faults.js';
import {
  BodyTooLargeError,
  errorReply,
  ok,
  queryRecord,
  type Reply,
  readBody,
  send,
} from './http-util.js';
import type { RestRateLimiter } from './rate-limits.js';
import type { Services } from './route-types.js';
import { dispatch } from './routes.js';
import type { Scheduler } from './scheduler.js';
import type { SimulatorCall } from './types.js';

const REST_PREFIX = /^\/client\/v4\/accounts\/([^/]+)\/realtime\/kit\/([^/]+)(\/.*)?$/;
const MALFORMED = Symbol('malformed JSON');
const CONTENT_TYPES: Record<string, string> = {
  mp4: 'video/mp4',
  mp3: 'audio/mpeg',
  aac: 'audio/aac',
  webm: 'audio/webm',
};

export interface ServerDeps {
  services: Services;
  faults: FaultBook;
  scheduler: Scheduler;
  calls: SimulatorCall[];
  apiToken: string | undefined;
  /** Absent when rate limits are off. */
  rateLimiter: RestRateLimiter | undefined;
  publicKeyPem: string;
  logger: Logger;
  /** Aborted by stop(), so delayed answers do not hold the server open. */
  signal: AbortSignal;
}

/** The node:http request listener: REST surface, public key, downloads and fault control. */
export function createRequestListener(deps: ServerDeps) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    handle(deps, req, res).catch((error: unknown) => {
      deps.logger.error({ err: error }, 'simulator: request failed');
      send(res, errorReply(500));
    });
  };
}

async function handle(deps: ServerDeps, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://simulator.invalid');
  const method = (req.method ?? 'GET').toUpperCase();
  const rest = REST_PREFIX.exec(url.pathname);
  if (rest) return send(res, await handleRest(deps, req, method, url, rest[2] ?? '', rest[3]));
  if (url.pathname === '/.well-known/webhooks.json') {
    return send(res, method === 'GET' ? ok({ publicKey: deps.publicKeyPem }) : errorReply(405));
  }
  if (url.pathname === '/__simulator/faults') return send(res, await control(deps, req, method));
  if (url.pathname.startsWith('/downloads/') && method === 'GET') {
    return send(res, download(deps, url.pathname));
  }
  send(res, errorReply(404, `No route for ${method} ${url.pathname}`));
}

async function handleRest(
  deps: ServerDeps,
  req: IncomingMessage,
  method: string,
  url: URL,
  appId: string,
  rawPath: string | undefined,
): Promise<Reply> {
  const path = rawPath ?? '/';
  const query = queryRecord(url.searchParams);
  const call: SimulatorCall = { method, path, query, body: undefined, status: 0, at: Date.now() };
  // Recorded on arrival, so `calls` keeps arrival order even when answers are delayed.
  deps.calls.push(call);
  const reply = await answerRest(deps, req, call, decodeURIComponent(appId));
  call.status = reply.status;
  return reply;
}

async function answerRest(
  deps: ServerDeps,
  req: IncomingMessage,
  call: SimulatorCall,
  appId: string,
): Promise<Reply> {
  let body: unknown;
  try {
    body = parseJson(await readBody(req));
  } catch (error) {
    if (error instanceof BodyTooLargeError) return errorReply(413);
    throw error;
  }
  call.body = body === MALFORMED ? undefined : body;
  const token = bearer(req.headers.authorization);
  if (token === null || (deps.apiToken !== undefined && token !== deps.apiToken)) {
    return { status: 401, body: { message: 'Unauthorized' } };
  }
  const waitSeconds = await deps.rateLimiter?.take(token, call.path);
  if (waitSeconds) {
    return errorReply(429, undefined, { 'retry-after': String(waitSeconds) });
  }
  const fault = deps.faults.takeRest(call.method, call.path);
  if (fault?.delayMs) await deps.scheduler.sleepReal(fault.delayMs, deps.signal);
  if (fault?.status !== undefined) return faultReply({ ...fault, status: fault.status });
  if (body === MALFORMED) return errorReply(400, 'BAD_REQUEST: request body is not valid JSON');
  return dispatch(call.method, call.path, { appId, query: call.query, body }, deps.services);
}

function bearer(header: string | undefined): string | null {
  return /^Bearer\s+(\S+)\s*$/i.exec(header ?? '')?.[1] ?? null;
}

function parseJson(raw: Buffer): unknown {
  if (raw.length === 0) return undefined;
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch {
    return MALFORMED;
  }
}

async function control(deps: ServerDeps, req: IncomingMessage, method: string): Promise<Reply> {
  if (method === 'DELETE') {
    deps.faults.clear();
    return ok({ cleared: true });
  }
  if (method !== 'POST') return errorReply(405, undefined, { allow: 'POST, DELETE' });
  const body = parseJson(await readBody(req));
  if (body === MALFORMED) return errorReply(400, 'BAD_REQUEST: request body is not valid JSON');
  const parsed = faultsJson.safeParse(body ?? {});
  if (!parsed.success) {
    return errorReply(400, `BAD_REQUEST: ${parsed.error.issues[0]?.message ?? 'invalid fault'}`);
  }
  try {
    deps.faults.applyJson(parsed.data);
  } catch (error) {
    return errorReply(400, `BAD_REQUEST: ${(error as Error).message}`);
  }
  return ok({ armed: true });
}

/** A few bytes for every download link handed out, so links work in a demo. */
function download(deps: ServerDeps, pathname: string): Reply {
  const [, , recordingId = '', ...rest] = pathname.split('/');
  const file = decodeURIComponent(rest.join('/'));
  const recording = deps.services.store.get(decodeURIComponent(recordingId));
  if (recording?.status !== 'UPLOADED' || !file) return errorReply(404);
  const extension = file.split('.').pop() ?? '';
  return {
    status: 200,
    body: Buffer.from(`RealtimeKit simulator: ${file} of recording ${recording.id}\n`),
    headers: {
      'content-type': CONTENT_TYPES[extension] ?? 'application/octet-stream',
      'content-disposition': `attachment; filename="${file.replace(/"/g, '')}"`,
    },
  };
}
