/**
 * Who is calling, as the rest of the gateway sees it: plain data read from verified token claims.
 * Nothing here verifies anything; `authenticator.ts` only builds a Viewer from a token it trusts.
 */

export const SCOPES = ['recordings:read', 'recordings:write'] as const;
export type Scope = (typeof SCOPES)[number];

/** The claim that restricts a token to a list of meeting ids; absent means all meetings. */
export const MEETING_IDS_CLAIM = 'meeting_ids';

export interface Viewer {
  /** The token's `sub`, or null when anonymous or the token has none. */
  subject: string | null;
  scopes: ReadonlySet<Scope>;
  /** Meeting ids the caller may touch, lower-cased; null means all meetings. */
  meetingIds: ReadonlySet<string> | null;
  /** When the token stops being valid, in epoch milliseconds; null when it never expires. */
  expiresAt: number | null;
  anonymous: boolean;
}

/** The viewer of every request under `AUTH_MODE=none`: both scopes, every meeting. */
export const ANONYMOUS_FULL_ACCESS: Viewer = Object.freeze({
  subject: null,
  scopes: new Set<Scope>(SCOPES),
  meetingIds: null,
  expiresAt: null,
  anonymous: true,
});

/** A claim has the wrong shape; the token is refused rather than read generously. */
export class MalformedClaimsError extends Error {
  override readonly name = 'MalformedClaimsError';
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const KNOWN_SCOPES: ReadonlySet<string> = new Set(SCOPES);

function isKnownScope(value: string): value is Scope {
  return KNOWN_SCOPES.has(value);
}

/**
 * Scopes from `scope` (space-separated string, OAuth style) and/or `scopes` (array of strings).
 * Unknown scopes are dropped; a claim of the wrong type throws {@link MalformedClaimsError}.
 */
export function scopesFromClaims(payload: Readonly<Record<string, unknown>>): ReadonlySet<Scope> {
  const granted = new Set<Scope>();
  const { scope, scopes } = payload;
  if (scope !== undefined) {
    if (typeof scope !== 'string') throw new MalformedClaimsError('scope is not a string');
    for (const part of scope.split(' ')) if (isKnownScope(part)) granted.add(part);
  }
  if (scopes !== undefined) {
    if (!Array.isArray(scopes) || !scopes.every((item) => typeof item === 'string')) {
      throw new MalformedClaimsError('scopes is not an array of strings');
    }
    for (const part of scopes) if (isKnownScope(part)) granted.add(part);
  }
  return granted;
}

/**
 * The meeting restriction from {@link MEETING_IDS_CLAIM}: null when absent, otherwise the set of
 * lower-cased ids (an empty array allows no meeting). Anything but an array of UUID strings throws
 * {@link MalformedClaimsError}.
 */
export function meetingIdsFromClaims(
  payload: Readonly<Record<string, unknown>>,
): ReadonlySet<string> | null {
  const claim = payload[MEETING_IDS_CLAIM];
  if (claim === undefined) return null;
  if (!Array.isArray(claim)) throw new MalformedClaimsError(`${MEETING_IDS_CLAIM} is not an array`);
  const ids = new Set<string>();
  for (const item of claim) {
    if (typeof item !== 'string' || !UUID.test(item)) {
      throw new MalformedClaimsError(`${MEETING_IDS_CLAIM} holds a value that is not a UUID`);
    }
    ids.add(item.toLowerCase());
  }
  return ids;
}

/** A Viewer from a verified claims set; throws {@link MalformedClaimsError} on malformed claims. */
export function viewerFromClaims(payload: Readonly<Record<string, unknown>>): Viewer {
  const { sub, exp } = payload;
  if (sub !== undefined && typeof sub !== 'string') {
    throw new MalformedClaimsError('sub is not a string');
  }
  return {
    subject: sub ?? null,
    scopes: scopesFromClaims(payload),
    meetingIds: meetingIdsFromClaims(payload),
    expiresAt: typeof exp === 'number' ? exp * 1000 : null,
    anonymous: false,
  };
}
