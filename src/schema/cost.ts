import { complexityFromQuery, type FieldComplexityValue } from '@pothos/plugin-complexity';
import {
  BREAK,
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
 * arguments is one a measure depends on (see `measureReadsVariables`).
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
 * Whether a variable's value can change the document's measure: one in the arguments of a field
 * whose weight may read them (a list's size from `first`), in any of its operations and
 * fragments. Every other variable (an id, a filter on a field that is not a list) changes what
 * runs, never what it may spend.
 */
function measureReadsVariables(schema: GraphQLSchema, document: DocumentNode): boolean {
  const typeInfo = new TypeInfo(schema);
  let reads = false;
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Field(node) {
        const weight = typeInfo.getFieldDef()?.extensions?.complexity;
        // The plugin hands arguments only to a weight that is a function.
        if (typeof weight !== 'function' || argumentFree.has(weight)) return undefined;
        for (const argument of node.arguments ?? []) {
          visit(argument, {
            Variable: () => {
              reads = true;
              return BREAK;
            },
          });
        }
        return reads ? BREAK : undefined;
      },
    }),
  );
  return reads;
}

/**
 * What a document's operations measure, kept per document, for documents whose measure depends on
 * no variable's value (null: it does, so it is measured every time). Yoga's parse cache shares a
 * document between requests and bounds how many it keeps; what is kept here goes with the
 * document, and holds one measure per operation the document spells out: nothing a client can
 * grow by sending new values.
 */
const kept = new WeakMap<DocumentNode, Map<string, OperationMeasure> | null>();

function keptFor(schema: GraphQLSchema, document: DocumentNode) {
  let measures = kept.get(document);
  if (measures === undefined) {
    measures = measureReadsVariables(schema, document) ? null : new Map();
    kept.set(document, measures);
  }
  return measures;
}

/**
 * The cost and upstream calls of the operation `operationName` names (the only one when it names
 * none). Null when execution would refuse the operation or its variables itself, before any
 * resolver runs; anything else that stops the measure is thrown, so nothing runs unmeasured.
 *
 * The complexity passes run once per document and operation when no variable can change the
 * measure (`measureReadsVariables`): `recording(id: $id)` is measured once, whatever the id; a page
 * of `first: $n` is measured every time.
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
  const measures = keptFor(schema, document);
  const name = operation.name?.value ?? '';
  const known = measures?.get(name);
  if (known) return known;
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
  measures?.set(name, measure);
  return measure;
}
