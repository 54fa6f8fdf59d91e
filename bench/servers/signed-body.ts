import { constants, createPublicKey, verify } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * What every baseline intake must do at the least, as the gateway does: read the raw bytes under a
 * cap and check RealtimeKit's RSA-SHA256 signature over exactly those bytes.
 */

const MAX_BODY_BYTES = 262_144;

/** The body, or null when it is over the cap. */
function readBody(req: IncomingMessage): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on('end', () => resolve(size <= MAX_BODY_BYTES ? Buffer.concat(chunks) : null));
    req.on('error', reject);
  });
}

/** A verifier for the PEM in `BENCH_WEBHOOK_PUBLIC_KEY`. */
function signatureVerifier(): (body: Buffer, signature: unknown) => boolean {
  const pem = process.env.BENCH_WEBHOOK_PUBLIC_KEY;
  if (!pem) throw new Error('BENCH_WEBHOOK_PUBLIC_KEY is not set');
  const key = createPublicKey(pem);
  return (body, signature) =>
    typeof signature === 'string' &&
    verify(
      'sha256',
      body,
      { key, padding: constants.RSA_PKCS1_PADDING },
      Buffer.from(signature, 'base64'),
    );
}

/** What a verified `recording.statusUpdate` says of its recording. */
export interface StatusUpdate {
  recordingId: string;
  meetingId: string | null;
  status: string;
}

/** The recording a verified `recording.statusUpdate` is about, or null when it is not one. */
function statusUpdateOf(body: Buffer): StatusUpdate | null {
  try {
    const json = JSON.parse(body.toString('utf8')) as {
      event?: unknown;
      recording?: { id?: unknown; meetingId?: unknown; status?: unknown };
    };
    const { id, meetingId, status } = json.recording ?? {};
    if (json.event !== 'recording.statusUpdate' || typeof id !== 'string') return null;
    if (typeof status !== 'string') return null;
    return { recordingId: id, meetingId: typeof meetingId === 'string' ? meetingId : null, status };
  } catch {
    return null;
  }
}

/**
 * The intake every baseline starts with: reads the body under the cap, checks its signature and
 * reads the status update out of it, answering 413, 401 or 400 itself when one fails (then null).
 */
export function webhookReader(): (
  req: IncomingMessage,
  res: ServerResponse,
) => Promise<{ body: Buffer; update: StatusUpdate } | null> {
  const verified = signatureVerifier();
  return async (req, res) => {
    const body = await readBody(req);
    if (body === null) return refuse(res, 413);
    if (!verified(body, req.headers['rtk-signature'])) return refuse(res, 401);
    const update = statusUpdateOf(body);
    if (update === null) return refuse(res, 400);
    return { body, update };
  };
}

function refuse(res: ServerResponse, status: number): null {
  res.writeHead(status).end();
  return null;
}
