import { GraphQLError } from 'graphql';
import type { YogaLogger } from 'graphql-yoga';
import { GatewayError } from '../errors.js';
import type { Logger } from '../logger.js';

type Level = 'debug' | 'info' | 'warn' | 'error';

/** Failures the caller caused; an attacker can produce them at will, so they stay below warn. */
const UPSTREAM_CODES: ReadonlySet<string> = new Set(['UPSTREAM']);

function rootCause(error: unknown): unknown {
  let current = error;
  while (current instanceof GraphQLError && current.originalError) current = current.originalError;
  return current;
}

/**
 * A failed operation's error as a log entry, and how loud it is. Never the document or the
 * variables: a GraphQL error prints its source excerpt (inline storage credentials included),
 * and GraphQL's own messages may quote literals and variable values, so those are logged by code
 * only. Expected client errors go to debug; upstream refusals to warn; only what an operator must
 * act on (an unexpected failure) to error.
 */
export function describeOperationError(error: unknown): { level: Level; entry: object } {
  const path = error instanceof GraphQLError ? error.path : undefined;
  const cause = rootCause(error);
  if (cause instanceof GatewayError) {
    return {
      level: UPSTREAM_CODES.has(cause.code) ? 'warn' : 'debug',
      entry: { code: cause.code, message: cause.message, path },
    };
  }
  if (cause instanceof GraphQLError) {
    const code = cause.extensions.code;
    return { level: 'debug', entry: { code: typeof code === 'string' ? code : 'GRAPHQL', path } };
  }
  if (cause instanceof Error) {
    return {
      level: 'error',
      entry: { err: { type: cause.name, message: cause.message, stack: cause.stack }, path },
    };
  }
  return { level: 'error', entry: { err: { type: typeof cause } } };
}

/**
 * yoga's logger, over the gateway's: text is logged as text, errors through
 * {@link describeOperationError} (yoga logs every error it masks at error level, and prints it
 * whole, source excerpt included, when it is turned into a string).
 */
export function yogaLogger(logger: Logger): YogaLogger {
  const log =
    (asked: Level) =>
    (...args: unknown[]) => {
      const texts = args.filter((arg) => typeof arg === 'string');
      const errors = args.filter((arg) => typeof arg === 'object' && arg !== null);
      for (const error of errors) {
        const { level, entry } = describeOperationError(error);
        logger[level](entry, 'operation failed');
      }
      if (texts.length > 0) logger[asked](texts.join(' '));
    };
  return { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') };
}
