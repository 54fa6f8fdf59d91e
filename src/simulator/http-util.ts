import { type IncomingMessage, type ServerResponse, STATUS_CODES } from 'node:http';

/** What a route handler answers; the server writes it. */
export interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

const DEFAULT_MESSAGES: Record<number, string> = {
  400: 'BAD_REQUEST',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not found',
  405: 'Method not allowed',
  409: 'Conflict',
  413: 'Payload too large',
  429: 'Too many requests',
  500: 'Internal server error',
  502: 'Bad gateway',
  503: 'Service unavailable',
};

/** The RealtimeKit error envelope: `{success:false, error:{code, message}}`. */
export function errorReply(
  status: number,
  message?: string,
  headers?: Record<string, string>,
): Reply {
  const text = message ?? DEFAULT_MESSAGES[status] ?? STATUS_CODES[status] ?? 'Error';
  return { status, body: { success: false, error: { code: status, message: text } }, headers };
}

/** The 400 a malformed path id gets, worded like the upstream's examples. */
export function badId(name: string): Reply {
  return errorReply(400, `BAD_REQUEST: "${name}" must be a valid GUID`);
}

/** `{success:true, data, ...extra}` */
export function ok(data: unknown, extra: Record<string, unknown> = {}, status = 200): Reply {
  return { status, body: { success: true, data, ...extra } };
}

export class BodyTooLargeError extends Error {}

/** Reads the whole request body, refusing more than `limit` bytes. */
export async function readBody(req: IncomingMessage, limit = 1_048_576): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw new BodyTooLargeError();
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/** Writes a reply as JSON (or raw bytes when the body is a Buffer). */
export function send(res: ServerResponse, reply: Reply): void {
  if (res.headersSent || res.destroyed) return;
  const isBuffer = Buffer.isBuffer(reply.body);
  const payload: Buffer | string = isBuffer
    ? (reply.body as Buffer)
    : reply.body === undefined
      ? ''
      : JSON.stringify(reply.body);
  const headers: Record<string, string | number> = {
    ...(isBuffer || reply.body === undefined ? {} : { 'content-type': 'application/json' }),
    ...reply.headers,
    'content-length': Buffer.byteLength(payload),
  };
  res.writeHead(reply.status, headers);
  res.end(payload);
}

/** URLSearchParams as a record; a repeated key becomes an array. */
export function queryRecord(params: URLSearchParams): Record<string, string | string[]> {
  const query: Record<string, string | string[]> = {};
  for (const [key, value] of params) {
    const existing = query[key];
    if (existing === undefined) query[key] = value;
    else query[key] = Array.isArray(existing) ? [...existing, value] : [existing, value];
  }
  return query;
}
