import { constants, createHash, createPublicKey, type KeyObject, verify } from 'node:crypto';
import { z } from 'zod';
import type { Logger } from '../logger.js';

const DEFAULT_REFETCH_COOLDOWN_MS = 60_000;
/** How long to wait before trying again after a key fetch failed while no key is held. */
const MAX_FAILURE_BACKOFF_MS = 1_000;
const FETCH_TIMEOUT_MS = 5_000;
const MAX_SIGNATURE_CHARS = 2_048;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

const keyResponse = z.object({
  success: z.boolean().optional(),
  data: z.object({ publicKey: z.string().max(16_384) }),
});

/** Checks `rtk-signature` values against RealtimeKit's webhook public key. */
export interface WebhookKeySource {
  /** Whether `signatureBase64` signs exactly `body`; throws WebhookKeyUnavailableError without a key. */
  verify(body: Uint8Array, signatureBase64: string): Promise<boolean>;
}

/** No public key could be obtained, so nothing can be verified right now (the intake answers 503). */
export class WebhookKeyUnavailableError extends Error {
  override readonly name = 'WebhookKeyUnavailableError';
}

/** A PEM as it may arrive in JSON or an env var, with `\n` written as two characters. */
function normalisePem(pem: string): string {
  return pem.replace(/\\r/g, '').replace(/\\n/g, '\n').trim();
}

function parseRsaKey(pem: string): KeyObject | null {
  try {
    const key = createPublicKey({ key: normalisePem(pem), format: 'pem' });
    return key.asymmetricKeyType === 'rsa' ? key : null;
  } catch {
    return null;
  }
}

function decodeSignature(signatureBase64: string): Buffer | null {
  const text = signatureBase64.trim();
  if (text.length > MAX_SIGNATURE_CHARS || text.length % 4 === 1 || !BASE64.test(text)) return null;
  return Buffer.from(text, 'base64');
}

function verifyWith(key: KeyObject, body: Uint8Array, signature: Buffer): boolean {
  try {
    return verify('sha256', body, { key, padding: constants.RSA_PKCS1_PADDING }, signature);
  } catch {
    return false;
  }
}

/** A short, non-secret name for a key, so logs show when it changed. */
function fingerprint(key: KeyObject): string {
  const der = key.export({ type: 'spki', format: 'der' });
  return createHash('sha256').update(der).digest('hex').slice(0, 16);
}

/**
 * The webhook key source: a pinned PEM used as is, or a key fetched from `keyUrl`, cached, and
 * fetched again when a signature fails (RealtimeKit does not announce rotations). Re-fetches are
 * coalesced and happen at most once per `refetchCooldownMs`, so forged requests cannot turn the
 * gateway against the key URL.
 */
export function createWebhookKeySource(options: {
  publicKeyPem?: string;
  keyUrl?: string;
  fetch?: typeof fetch;
  logger: Logger;
  refetchCooldownMs?: number;
}): WebhookKeySource {
  const { publicKeyPem, keyUrl, logger } = options;
  if (Boolean(publicKeyPem) === Boolean(keyUrl)) {
    throw new Error('createWebhookKeySource needs exactly one of publicKeyPem and keyUrl');
  }
  if (publicKeyPem) {
    const pinned = parseRsaKey(publicKeyPem);
    // A pinned key is configuration: refuse to start rather than answer 401 to every delivery.
    if (pinned === null)
      throw new Error('the pinned webhook public key is not an RSA public key PEM');
    return {
      async verify(body, signatureBase64) {
        const signature = decodeSignature(signatureBase64);
        return signature !== null && verifyWith(pinned, body, signature);
      },
    };
  }
  const url = keyUrl as string;
  const fetchImpl = options.fetch ?? fetch;
  const cooldownMs = options.refetchCooldownMs ?? DEFAULT_REFETCH_COOLDOWN_MS;
  const failureBackoffMs = Math.min(cooldownMs, MAX_FAILURE_BACKOFF_MS);
  let key: KeyObject | null = null;
  let inflight: Promise<KeyObject | null> | null = null;
  let lastAttemptAt = Number.NEGATIVE_INFINITY;
  let lastRefetchAt = Number.NEGATIVE_INFINITY;

  async function download(): Promise<KeyObject | null> {
    try {
      const response = await fetchImpl(url, {
        headers: { accept: 'application/json' },
        signal: AbortSignal.timeout(FETCH_TIMEOUT_MS),
      });
      if (!response.ok) {
        logger.warn({ keyUrl: url, status: response.status }, 'webhook key fetch failed');
        return null;
      }
      const parsed = keyResponse.safeParse(await response.json());
      const fetched =
        parsed.success && parsed.data.success !== false
          ? parseRsaKey(parsed.data.data.publicKey)
          : null;
      if (fetched === null) {
        logger.warn({ keyUrl: url }, 'webhook key response holds no RSA public key');
        return null;
      }
      logger.info({ keyUrl: url, fingerprint: fingerprint(fetched) }, 'webhook key fetched');
      return fetched;
    } catch (error) {
      logger.warn({ keyUrl: url, err: (error as Error).message }, 'webhook key fetch failed');
      return null;
    }
  }

  function refresh(): Promise<KeyObject | null> {
    if (inflight !== null) return inflight;
    lastAttemptAt = Date.now();
    inflight = download().then((fetched) => {
      inflight = null;
      if (fetched !== null) key = fetched;
      return fetched;
    });
    return inflight;
  }

  return {
    async verify(body, signatureBase64) {
      const signature = decodeSignature(signatureBase64);
      if (signature === null) return false;
      const held = key;
      if (held === null) {
        const retryable = inflight !== null || Date.now() - lastAttemptAt >= failureBackoffMs;
        const fetched = retryable ? await refresh() : null;
        if (fetched === null) {
          throw new WebhookKeyUnavailableError('webhook public key is unavailable');
        }
        return verifyWith(fetched, body, signature);
      }
      if (verifyWith(held, body, signature)) return true;
      if (inflight === null) {
        if (Date.now() - lastRefetchAt < cooldownMs) return false;
        lastRefetchAt = Date.now();
      }
      const fresh = await refresh();
      if (fresh === null || fresh.equals(held)) return false;
      return verifyWith(fresh, body, signature);
    },
  };
}
