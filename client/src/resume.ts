/** What a subscription needs to be resumed by cursor, and the cursor of each of its results. */

/** The variable the gateway's `recordingStatusChanged(after:)` takes its resume cursor from. */
export const CURSOR_VARIABLE = 'after';

const IGNORED = /"""[\s\S]*?"""|"(?:[^"\\\n]|\\.)*"|#[^\n\r]*/g;

/** The document without comments and string literals, which could otherwise fake a keyword. */
function significant(query: string): string {
  return query.replace(IGNORED, ' ');
}

/** Whether a definition at the top level of the document (outside every brace) is a subscription. */
function hasSubscription(text: string): boolean {
  let top = text;
  while (/\{[^{}]*\}/.test(top)) top = top.replace(/\{[^{}]*\}/g, ' ');
  return /(^|[^\w$])subscription(?!\w)/.test(top);
}

/**
 * Why a subscription document cannot be resumed, or null when it can (or is not a subscription).
 * Without a `$after` variable the resume cursor would go nowhere, and without `cursor` in the
 * selection there is no cursor to resume with: either would lose changes silently on a reconnect.
 */
export function resumeProblem(query: string): string | null {
  const text = significant(query);
  if (!hasSubscription(text)) return null;
  if (!new RegExp(`\\$${CURSOR_VARIABLE}(?!\\w)`).test(text)) {
    return `A resumable subscription declares \`$${CURSOR_VARIABLE}: String\` and passes it as \`${CURSOR_VARIABLE}: $${CURSOR_VARIABLE}\`.`;
  }
  if (!/(^|[^\w$])cursor(?!\w)/.test(text)) {
    return 'A resumable subscription selects the event’s `cursor`.';
  }
  return null;
}

/** The cursor of a subscription result: its root field's `cursor`, when it is a non-empty string. */
export function cursorOf(result: unknown): string | null {
  if (typeof result !== 'object' || result === null) return null;
  const data = (result as { data?: unknown }).data;
  if (typeof data !== 'object' || data === null) return null;
  for (const field of Object.values(data)) {
    if (typeof field !== 'object' || field === null) continue;
    const cursor = (field as { cursor?: unknown }).cursor;
    if (typeof cursor === 'string' && cursor.length > 0) return cursor;
  }
  return null;
}

interface SubscribeMessageShape {
  id: string;
  type: 'subscribe';
  payload: { variables?: Record<string, unknown> | null };
}

function isSubscribeMessage(value: unknown): value is SubscribeMessageShape {
  if (typeof value !== 'object' || value === null) return false;
  const message = value as Partial<SubscribeMessageShape>;
  return (
    message.type === 'subscribe' &&
    typeof message.id === 'string' &&
    typeof message.payload === 'object' &&
    message.payload !== null
  );
}

/**
 * A `JSON.stringify` replacer for outgoing graphql-ws messages: every `subscribe` message of a
 * subscription that has seen a cursor carries that cursor as `after`, so graphql-ws' own
 * re-subscribe after a reconnect resumes where the subscriber left off.
 */
export function resumeReplacer(
  cursors: ReadonlyMap<string, string>,
): (key: string, value: unknown) => unknown {
  return (key, value) => {
    if (key !== '' || !isSubscribeMessage(value)) return value;
    const cursor = cursors.get(value.id);
    if (cursor === undefined) return value;
    const variables = { ...value.payload.variables, [CURSOR_VARIABLE]: cursor };
    return { ...value, payload: { ...value.payload, variables } };
  };
}
