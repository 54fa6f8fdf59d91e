import type { IncomingMessage, ServerResponse } from 'node:http';

/** Why the intake refused a delivery; each has its own counter. */
export type RejectReason = 'unauthorized' | 'malformed' | 'too_large' | 'unavailable' | 'wrong_app';

/** What one request came to: the HTTP answer, and the counter and log line it belongs to. */
export interface Answer {
  status: number;
  outcome:
    | 'accepted'
    | 'duplicate'
    | 'unchanged'
    | 'stale'
    | 'deferred'
    | 'ignored'
    | RejectReason
    | 'method_not_allowed'
    | 'failed';
  /** A short, safe message for refusals; never derived from the request's values. */
  error?: string;
  recordingId?: string;
}

/** A single-valued header, trimmed; null when absent, empty or longer than `maxChars`. */
export function headerValue(req: IncomingMessage, name: string, maxChars = 128): string | null {
  const raw = req.headers[name];
  const value = (Array.isArray(raw) ? raw[0] : raw)?.trim();
  return value && value.length <= maxChars ? value : null;
}

/** Writes `answer` as a small JSON body: `{status}` when handled, `{error}` when refused. */
export function sendAnswer(res: ServerResponse, answer: Answer): void {
  if (res.headersSent) return;
  const body = JSON.stringify(
    answer.error === undefined ? { status: answer.outcome } : { error: answer.error },
  );
  res.statusCode = answer.status;
  res.setHeader('content-type', 'application/json; charset=utf-8');
  res.setHeader('cache-control', 'no-store');
  res.setHeader('content-length', Buffer.byteLength(body));
  if (answer.status === 405) res.setHeader('allow', 'POST');
  // The rest of an oversized body is never read, so the connection cannot be reused.
  if (answer.outcome === 'too_large') res.setHeader('connection', 'close');
  res.end(body);
}
