/**
 * Removes known secret values from text the upstream wrote. RealtimeKit's error messages may quote
 * the request back (a storage credential, a header), so every upstream-derived message passes
 * through here first: before control characters are stripped, whitespace is folded or the message
 * is cut short, any of which would leave part of a multi-line key, a password with a tab or a long
 * secret that no exact match can find any more.
 */

/** Text in, the same text with every known secret replaced. */
export type Scrub = (text: string) => string;

export const REDACTED = '[redacted]';

/** The ways an echo may spell a secret: as sent, JSON-escaped, URL-encoded, whitespace folded. */
function spellings(secret: string): string[] {
  const forms = [
    secret,
    JSON.stringify(secret).slice(1, -1),
    encodeURIComponent(secret),
    secret.replace(/\s+/g, ' ').trim(),
  ];
  return forms.filter((form) => form.length > 0);
}

/**
 * A scrubber for `secrets` (absent and empty values are ignored). Longer spellings go first, so a
 * secret that contains another is removed whole.
 */
export function createScrub(secrets: Iterable<string | null | undefined>): Scrub {
  const forms = [
    ...new Set(
      [...secrets].flatMap((secret) =>
        typeof secret === 'string' && secret.length > 0 ? spellings(secret) : [],
      ),
    ),
  ].sort((a, b) => b.length - a.length);
  if (forms.length === 0) return (text) => text;
  return (text) => {
    let out = text;
    for (const form of forms) out = out.replaceAll(form, REDACTED);
    return out;
  };
}
