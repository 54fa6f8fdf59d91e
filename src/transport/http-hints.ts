import { type ExecutionResult, GraphQLError, type GraphQLFormattedError } from 'graphql';

/**
 * yoga reads `extensions.http` of an error for the HTTP answer (a 429 for a limit) and strips it
 * from what it sends; these strip it where the gateway serialises results itself (graphql-ws,
 * graphql-sse's stream, Apollo's multipart parts), where it means nothing.
 */

/** Whether an error carries yoga's `http` hint. */
export const hasHttpHint = (error: unknown): boolean =>
  error instanceof GraphQLError && error.extensions.http !== undefined;

/** Errors as a client sees them: formatted, without the `http` hint. */
export function withoutHttpHints(errors: readonly unknown[]): GraphQLFormattedError[] {
  return errors.map((error) => {
    if (!(error instanceof GraphQLError)) return error as GraphQLFormattedError;
    const { http: _http, ...extensions } = error.extensions;
    return { ...error.toJSON(), extensions };
  });
}

/** `result`, its errors without the `http` hint; the same object when none has it. */
export function resultWithoutHttpHints<T extends ExecutionResult>(
  result: T,
): T | (Omit<T, 'errors'> & { errors: GraphQLFormattedError[] }) {
  if (!result.errors?.some(hasHttpHint)) return result;
  return { ...result, errors: withoutHttpHints(result.errors) };
}
