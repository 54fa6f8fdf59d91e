/**
 * Tolerant readers for loosely typed upstream values. RealtimeKit sends numbers as strings and
 * timestamps with a space instead of `T` or with microseconds; every edge uses these so the rest of
 * the gateway sees one spelling.
 */

const NAIVE_TIMESTAMP =
  /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)(Z|[+-]\d{2}:?\d{2})?$/i;

/**
 * Returns the instant as an ISO-8601 string in UTC with millisecond precision, or null when the
 * value is absent or not a recognisable timestamp. A timestamp without a zone is taken as UTC.
 */
export function toIsoTimestamp(value: unknown): string | null {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
  if (typeof value !== 'string') return null;
  const match = NAIVE_TIMESTAMP.exec(value.trim());
  if (!match) return null;
  const [, date, time, zone] = match;
  // Date.parse understands at most milliseconds; trim longer fractions instead of rounding.
  const clock = (time ?? '').replace(/(\.\d{3})\d+$/, '$1');
  const parsed = Date.parse(`${date}T${clock}${zone ?? 'Z'}`);
  return Number.isNaN(parsed) ? null : new Date(parsed).toISOString();
}

/** A plain JSON object (not null, not an array). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A finite number from a number or a numeric string; null otherwise. */
export function toNumber(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'string' && value.trim() !== '') {
    const parsed = Number(value);
    return Number.isFinite(parsed) ? parsed : null;
  }
  return null;
}

/** A whole number (from a number or a numeric string), or null: for fields typed Int. */
export function toInteger(value: unknown): number | null {
  const number = toNumber(value);
  return number !== null && Number.isSafeInteger(number) ? number : null;
}

/**
 * What Postgres cannot store in text or jsonb: a NUL character, or half of a UTF-16 surrogate pair
 * (JSON can carry both, as `\u0000` and `\ud800`). Unmended, such a field would make the database
 * refuse its delivery on every retry.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: NUL is exactly what is matched.
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/**
 * A non-empty string, or null. What cannot be stored becomes U+FFFD, as a UTF-8 decoder does with
 * bytes it cannot read: the text is upstream's loose data, and its delivery matters more.
 */
export function toText(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value.replace(UNSTORABLE, '\uFFFD') : null;
}

/** A boolean, or null. */
export function toBoolean(value: unknown): boolean | null {
  return typeof value === 'boolean' ? value : null;
}

/** The value when it is one of `allowed`, else null. */
export function toMember<T extends string>(allowed: readonly T[], value: unknown): T | null {
  return typeof value === 'string' && (allowed as readonly string[]).includes(value)
    ? (value as T)
    : null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether `value` is a well-formed UUID (any version), as RealtimeKit ids are. */
export function isUuid(value: string): boolean {
  return UUID.test(value);
}

/**
 * The one spelling of a RealtimeKit id inside the gateway: a UUID in lower case. UUIDs are
 * case-insensitive, so clients, tokens, webhooks and upstream answers may spell one id two ways;
 * every edge passes ids through here so comparisons, cache keys and the event log agree.
 * Anything that is not a UUID is left as it is, for validation to refuse.
 */
export function normaliseId(value: string): string {
  return isUuid(value) ? value.toLowerCase() : value;
}

/** An optional id from an untrusted source, normalised; absent or empty reads as null. */
export function toId(value: unknown): string | null {
  const text = toText(value);
  return text === null ? null : normaliseId(text);
}
