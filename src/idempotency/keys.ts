import { createHash } from 'node:crypto';
import { ValidationError } from '../errors.js';
import { canonicalJson } from '../util/canonical-json.js';

/**
 * What an idempotency key is: the caller's key (printable ASCII) inside its owner's namespace, and
 * the fingerprint of the request it was first used for.
 */

export const KEY_FIELD = 'input.idempotencyKey';
const KEY_PATTERN = /^[\x20-\x7e]{1,255}$/;
/** Outside the key alphabet, so no key a caller sends can reach into another namespace. */
const SEPARATOR = '\u001f';

/** Refuses a key that is not 1..255 printable ASCII characters. */
export function validateKey(key: string): void {
  if (!KEY_PATTERN.test(key)) {
    throw new ValidationError(KEY_FIELD, 'must be 1 to 255 printable ASCII characters');
  }
}

/**
 * The stored key: the owner's namespace (a digest of the token subject, or the one namespace of
 * callers without a subject), the separator, then the caller's key. Owners come from verified
 * tokens and keys cannot contain the separator, so no caller can name another's key.
 */
export function namespacedKey(owner: string | null | undefined, key: string): string {
  const namespace = owner
    ? `subject:${createHash('sha256').update(owner).digest('hex')}`
    : 'anonymous';
  return `${namespace}${SEPARATOR}${key}`;
}

/**
 * The request's fingerprint. Storage secrets are inside the input, so they count towards it, but
 * only this digest is stored: never the input itself.
 */
export function requestHash(operation: string, input: unknown): string {
  return createHash('sha256')
    .update(`${operation}\n${canonicalJson(input)}`)
    .digest('hex');
}
