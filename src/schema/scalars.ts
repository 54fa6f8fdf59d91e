import { GraphQLError, Kind } from 'graphql';
import { toIsoTimestamp } from '../util/normalise.js';
import { builder } from './builder.js';

function parseDateTime(value: unknown): string {
  const iso = typeof value === 'string' ? toIsoTimestamp(value) : null;
  if (iso === null) {
    throw new GraphQLError('DateTime must be an ISO-8601 timestamp, e.g. 2026-11-22T10:00:00Z', {
      extensions: { code: 'VALIDATION' },
    });
  }
  return iso;
}

builder.scalarType('DateTime', {
  description: 'An instant in time, as an ISO-8601 string in UTC (`2026-11-22T10:00:00.000Z`).',
  serialize: (value) => value,
  parseValue: parseDateTime,
  parseLiteral: (ast) => parseDateTime(ast.kind === Kind.STRING ? ast.value : undefined),
});
