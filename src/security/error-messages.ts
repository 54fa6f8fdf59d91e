import { GraphQLError } from 'graphql';

/**
 * What GraphQL's own error messages give away: "Did you mean …?" suggestions name fields, types
 * and enum values (the schema, as introspection would), and variable coercion errors quote the
 * whole offending value (storage credentials included). These rewrite both out of a message.
 */

const SUGGESTION = /\s*Did you mean [^?]*\?/g;

/** `message` without any "Did you mean …?" sentence. */
export function withoutSuggestions(message: string): string {
  return message.replace(SUGGESTION, '').trim();
}

const VARIABLE_PREFIX = /^Variable "\$([_A-Za-z][_0-9A-Za-z]*)" got invalid value /;
// A built-in scalar's or enum's complaint quotes the value it was given: "…value: <the value>".
const SCALAR_VALUE =
  /^((?:Expected type "[^"]+"\. )?(?:Enum "[^"]+"|[A-Za-z]+) cannot represent [^:]*): .*$/s;
const ENUM_VALUE =
  /^((?:Expected type "[^"]+"\. )?)Value .* does not exist in ("[_0-9A-Za-z]+" enum\.)/s;

/**
 * A variable coercion error ("Variable "$input" got invalid value {…} at "input.x"; reason")
 * rebuilt without the value: the variable, the path and the reason remain. Null for any other
 * error. The value is never needed to fix the call, and it may hold the caller's secrets.
 */
function variableErrorMessage(error: GraphQLError, hideSuggestions: boolean): string | null {
  const name = VARIABLE_PREFIX.exec(error.message)?.[1];
  const reason = error.originalError;
  if (name === undefined || !(reason instanceof GraphQLError)) return null;
  const head = error.message.endsWith(`; ${reason.message}`)
    ? error.message.slice(0, -(reason.message.length + 2))
    : null;
  if (head === null) return null;
  const path = new RegExp(` at "(${name}[^"]*)"$`).exec(head)?.[1];
  let detail = reason.message
    .replace(SCALAR_VALUE, '$1.')
    .replace(ENUM_VALUE, '$1Value does not exist in $2');
  if (hideSuggestions) detail = withoutSuggestions(detail);
  return `Variable "$${name}" got an invalid value${path ? ` at "${path}"` : ''}; ${detail}`;
}

/**
 * `error` as a client may see it: variable values left out always, suggestions too when
 * `hideSuggestions`. The same error when nothing had to change.
 */
export function publicGraphQLError(error: GraphQLError, hideSuggestions: boolean): GraphQLError {
  const rebuilt = variableErrorMessage(error, hideSuggestions);
  const message = rebuilt ?? (hideSuggestions ? withoutSuggestions(error.message) : error.message);
  if (message === error.message) return error;
  return new GraphQLError(message, {
    nodes: error.nodes,
    source: error.source,
    positions: error.positions,
    path: error.path,
    extensions: error.extensions,
  });
}
