import { complexityFromQuery, type FieldComplexityValue } from '@pothos/plugin-complexity';
import {
  type DocumentNode,
  type GraphQLOutputType,
  type GraphQLSchema,
  getNullableType,
  getOperationAST,
  getVariableValues,
  isListType,
  Kind,
  type OperationDefinitionNode,
  TypeInfo,
  visit,
  visitWithTypeInfo,
} from 'graphql';

/**
 * What an operation may spend, measured before it runs from its document and its variables
 * (`first: $n` counts as what `$n` is), with the complexity plugin's field weights:
 *
 * - cost: 1 per field, plus UPSTREAM_CALL_COST per upstream call the field may make; a list
 *   repeats its selection by its size (`first` on connections, its cap or 10 elsewhere);
 * - upstream calls: what the fields may call RealtimeKit for, by the same multipliers.
 *
 * Both are measured by the same weights in two passes, told apart by the context object handed
 * to the weights (never a request's context: the measure runs before one is needed).
 */

/** Cost of one upstream call, against 1 for a field resolved in memory. */
export const UPSTREAM_CALL_COST = 10;
/** The multiplier of a list whose size nothing states. */
const DEFAULT_LIST_SIZE = 10;

const COST_PASS = Object.freeze({ measure: 'cost' });
const CALLS_PASS = Object.freeze({ measure: 'upstream-calls' });

interface Weight<Args> {
  /** Upstream calls the field may make each time it resolves (one per distinct key, batched). */
  calls?: number;
  /** How many times its selection is resolved. */
  items?: number | ((args: Args) => number);
}

function value(calls: number, pass: object, items: number | undefined): FieldComplexityValue {
  const field = pass === CALLS_PASS ? calls : 1 + calls * UPSTREAM_CALL_COST;
  return items === undefined ? { field } : { field, multiplier: Math.max(0, items) };
}

/**
 * Weights that never read their field's arguments. Every other weight may, so a variable in its
 * arguments is one a measure depends on (see `measuredVariables`).
 */
const argumentFree = new WeakSet<object>();

/** A field's weight for the complexity plugin's `complexity` option. */
export function weigh<Args>({ calls = 0, items }: Weight<Args> = {}) {
  const weight = (args: Args, pass: object): FieldComplexityValue =>
    value(calls, pass, typeof items === 'function' ? items(args) : items);
  if (typeof items !== 'function') argumentFree.add(weight);
  return weight;
}

/** The weight of every field that states none: no upstream call, lists of DEFAULT_LIST_SIZE. */
export function defaultWeight(
  _args: unknown,
  pass: object,
  field: { type: GraphQLOutputType },
): FieldComplexityValue {
  return value(0, pass, isListType(getNullableType(field.type)) ? DEFAULT_LIST_SIZE : undefined);
}
argumentFree.add(defaultWeight);

/** The plugin measures a document's first operation: `document` with `operation` first. */
function chosen(document: DocumentNode, operation: OperationDefinitionNode): DocumentNode {
  const name = operation.name?.value;
  const definitions = document.definitions.filter(
    (definition) =>
      definition.kind === Kind.FRAGMENT_DEFINITION ||
      (definition.kind === Kind.OPERATION_DEFINITION && definition.name?.value === name),
  );
  return { kind: Kind.DOCUMENT, definitions };
}

/**
 * The document without `__typename` and other meta fields, for the upstream-calls pass: the
 * plugin weighs a meta field 1 whatever the pass, and none calls upstream. Kept per document,
 * which yoga's parse cache shares between requests.
 */
const withoutMetaFields = new WeakMap<DocumentNode, DocumentNode>();
function callsDocument(document: DocumentNode): DocumentNode {
  let stripped = withoutMetaFields.get(document);
  if (!stripped) {
    stripped = visit(document, {
      Field: (node) => (node.name.value.startsWith('__') ? null : undefined),
    });
    withoutMetaFields.set(document, stripped);
  }
  return stripped;
}

export interface OperationMeasure {
  cost: number;
  upstreamCalls: number;
}

/**
 * The variables a document's measure depends on: those in the arguments of fields whose weight
 * may read them (a list's size from `first`), in any of its operations and fragments. Every other
 * variable (an id, a filter) changes what runs, never what it may spend.
 */
function measuredVariables(schema: GraphQLSchema, document: DocumentNode): string[] {
  const names = new Set<string>();
  const typeInfo = new TypeInfo(schema);
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Field(node) {
        const weight = typeInfo.getFieldDef()?.extensions?.complexity;
        // The plugin hands arguments only to a weight that is a function.
        if (typeof weight !== 'function' || argumentFree.has(weight)) return;
        for (const argument of node.arguments ?? []) {
          visit(argument, { Variable: (variable) => void names.add(variable.name.value) });
        }
      },
    }),
  );
  return [...names].sort();
}

/** Measures kept per document, per operation and values of its measured variables. */
interface Measures {
  variables: readonly string[];
  byKey: Map<string, OperationMeasure>;
}

/** Measures one document keeps at most (the oldest goes first). */
const MEASURES_PER_DOCUMENT = 64;
/** Keys longer than this are measured every time rather than kept. */
const MAX_KEY_CHARS = 512;

/**
 * Kept per document, which yoga's parse cache shares between requests, so a document's measures
 * go when it does; within one, bounded.
 */
const measured = new WeakMap<DocumentNode, Measures>();

function measuresOf(schema: GraphQLSchema, document: DocumentNode): Measures {
  let measures = measured.get(document);
  if (!measures) {
    measures = { variables: measuredVariables(schema, document), byKey: new Map() };
    measured.set(document, measures);
  }
  return measures;
}

/** Where a measure is kept: the operation and its measured variables' values; null, not kept. */
function keyOf(
  operation: OperationDefinitionNode,
  variables: readonly string[],
  values: Record<string, unknown>,
): string | null {
  let encoded: string;
  try {
    encoded = JSON.stringify(variables.map((name) => values[name] ?? null));
  } catch {
    return null; // a value JSON cannot spell (a BigInt, say) is simply measured every time
  }
  const key = `${operation.name?.value ?? ''}\u0000${encoded}`;
  return key.length <= MAX_KEY_CHARS ? key : null;
}

/**
 * The cost and upstream calls of the operation `operationName` names (the only one when it names
 * none). Null when execution would refuse the operation or its variables itself, before any
 * resolver runs; anything else that stops the measure is thrown, so nothing runs unmeasured.
 *
 * The complexity passes run once per document, operation and values of the variables the measure
 * depends on (`measuredVariables`): `recording(id: $id)` is measured once, whatever the id.
 */
export function measureOperation(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | null | undefined,
  variables: Record<string, unknown> | null | undefined,
): OperationMeasure | null {
  const operation = getOperationAST(document, operationName);
  if (!operation) return null;
  const values = variables ?? {};
  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], values);
  if (coerced.errors) return null;
  const measures = measuresOf(schema, document);
  const key = keyOf(operation, measures.variables, coerced.coerced);
  const kept = key === null ? undefined : measures.byKey.get(key);
  if (kept) return kept;
  const options = { schema, variables: values };
  // Frozen: a kept measure is handed to every request that asks again.
  const measure = Object.freeze({
    cost: complexityFromQuery(chosen(document, operation), { ...options, ctx: COST_PASS })
      .complexity,
    upstreamCalls: complexityFromQuery(chosen(callsDocument(document), operation), {
      ...options,
      ctx: CALLS_PASS,
    }).complexity,
  });
  if (key !== null) {
    if (measures.byKey.size >= MEASURES_PER_DOCUMENT) {
      const oldest = measures.byKey.keys().next().value;
      if (oldest !== undefined) measures.byKey.delete(oldest);
    }
    measures.byKey.set(key, measure);
  }
  return measure;
}
