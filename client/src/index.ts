import introspection from './possible-types.js';

export { type BackoffOptions, backoffDelay } from './backoff.js';
export {
  createResumableClient,
  type ResumableClientOptions,
  type TokenProvider,
} from './resumable-client.js';
export { CURSOR_VARIABLE, cursorOf, resumeProblem } from './resume.js';

/**
 * The schema's abstract types and their members, for Apollo's `InMemoryCache({ possibleTypes })`:
 * without them Apollo cannot tell that a `ValidationError` is an `Error`, and drops the fields a
 * `... on Error { code message }` selects.
 */
export const possibleTypes = introspection.possibleTypes;
