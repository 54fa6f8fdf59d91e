import type { Scrub } from './scrub.js';

/**
 * Reading RealtimeKit's error messages: from any of its three envelopes, with known secrets
 * scrubbed first, then control characters, echoed credentials and excess length removed.
 */

const MAX_MESSAGE_LENGTH = 300;

type Json = Record<string, unknown>;

export function asRecord(value: unknown): Json | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Json)
    : null;
}

export const noScrub: Scrub = (text) => text;

/**
 * RealtimeKit documents no status for a transition the recording's state forbids (pausing a
 * paused recording, a second recording in a meeting): besides 409, a 400 or 422 that says so in
 * its message is such an answer.
 */
export const WRONG_STATE = new RegExp(
  [
    'already',
    'in (the |an? )?\\w+ state',
    '(invalid|wrong|current|bad) state',
    'state transition',
    'not (currently )?(recording|paused|active|running|in progress)',
    'no active recording',
    'cannot (be )?(pause|resume|stop|paused|resumed|stopped)',
    'is (paused|stopped|uploading|uploaded|errored|finished|ended)',
  ]
    .map((phrase) => `\\b${phrase}\\b`)
    .join('|'),
  'i',
);

function sanitise(text: string): string {
  const cleaned = text
    // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping control characters is the point
    .replace(/[\u0000-\u001f\u007f]+/g, ' ')
    .replace(/\bbearer\s+[^\s"',;]+/gi, 'Bearer [redacted]')
    .replace(/\b(x-auth-(?:key|email)|authorization)\s*[:=]\s*[^\s"',;]+/gi, '$1: [redacted]')
    .trim();
  return cleaned.length > MAX_MESSAGE_LENGTH
    ? `${cleaned.slice(0, MAX_MESSAGE_LENGTH - 1)}…`
    : cleaned;
}

export function text(value: unknown): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value : null;
}

/**
 * The upstream's error message from any of the three envelopes, or null; `scrub` removes known
 * secrets before anything else changes the text.
 */
export function upstreamMessage(body: unknown, scrub: Scrub = noScrub): string | null {
  const envelope = asRecord(body);
  if (!envelope) return null;
  const listed = Array.isArray(envelope.errors)
    ? envelope.errors.map((entry) => text(asRecord(entry)?.message)).filter((m) => m !== null)
    : [];
  const found =
    text(asRecord(envelope.error)?.message) ??
    text(envelope.message) ??
    (listed.length > 0 ? listed.join('; ') : null);
  return found === null ? null : sanitise(scrub(found));
}
