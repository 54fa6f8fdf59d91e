import { readFileSync } from 'node:fs';
import { usePersistedOperations } from '@graphql-yoga/plugin-persisted-operations';
import { GraphQLError, Kind, parse } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { z } from 'zod';

/** The allow-list: operation id (e.g. a SHA-256 hash) → GraphQL document text. */
export type PersistedOperations = ReadonlyMap<string, string>;

const fileSchema = z.record(z.string().min(1).max(256), z.string().min(1).max(100_000));

/** Reads an allow-list file (`{ "<id>": "query …" }`); a malformed file stops the start-up. */
export function loadPersistedOperations(path: string): PersistedOperations {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new Error(`PERSISTED_OPERATIONS_FILE: cannot read ${path}: ${(error as Error).message}`);
  }
  const checked = fileSchema.safeParse(parsed);
  if (!checked.success) {
    throw new Error(`PERSISTED_OPERATIONS_FILE: ${path} must map operation ids to documents`);
  }
  return new Map(Object.entries(checked.data));
}

/** The names of the allow-list's operations: the only names an operation can run under. */
export function persistedOperationNames(operations: PersistedOperations): Set<string> {
  const names = new Set<string>();
  for (const document of operations.values()) {
    let definitions: ReturnType<typeof parse>['definitions'];
    try {
      definitions = parse(document, { noLocation: true }).definitions;
    } catch {
      continue; // Refused when it is run, as before.
    }
    for (const definition of definitions) {
      if (definition.kind === Kind.OPERATION_DEFINITION && definition.name) {
        names.add(definition.name.value);
      }
    }
  }
  return names;
}

/**
 * Only allow-listed operations run over HTTP and SSE; the client sends the id as
 * `extensions.persistedQuery.sha256Hash` (or `documentId`), never a document.
 */
export function persistedOperationsPlugin(operations: PersistedOperations): Plugin {
  return usePersistedOperations({
    allowArbitraryOperations: false,
    getPersistedOperation: (key) => operations.get(key) ?? null,
  });
}

/** The same rule for graphql-ws, whose messages do not pass through yoga's request parsing. */
export function persistedDocument(
  operations: PersistedOperations,
  payload: { query?: unknown; extensions?: Record<string, unknown> | null },
): string {
  const persisted = payload.extensions?.persistedQuery as { sha256Hash?: unknown } | undefined;
  const id = typeof persisted?.sha256Hash === 'string' ? persisted.sha256Hash : undefined;
  if (id === undefined) {
    throw new GraphQLError('A persisted operation id is required.', {
      extensions: { code: 'PERSISTED_QUERY_ID_REQUIRED' },
    });
  }
  const document = operations.get(id);
  if (document === undefined) {
    throw new GraphQLError('This operation is not in the allow-list.', {
      extensions: { code: 'PERSISTED_QUERY_NOT_IN_LIST' },
    });
  }
  return document;
}
