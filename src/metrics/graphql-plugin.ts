import { type DocumentNode, type ExecutionResult, getOperationAST } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { Metrics, OperationType } from './metrics.js';

/**
 * How an operation reached execution: over HTTP (and SSE), over graphql-ws, or as the shared
 * execution of graphql-ws subscribers, each of whom was counted on their own stream.
 */
export type OperationRole = 'http' | 'graphql-ws' | 'shared';

function isAsyncIterable(value: unknown): value is AsyncIterable<unknown> {
  return typeof value === 'object' && value !== null && Symbol.asyncIterator in value;
}

/** A result carries errors: a stream has none yet (its events are not operations). */
function succeeded(result: unknown): boolean {
  if (isAsyncIterable(result)) return true;
  return !((result as ExecutionResult).errors?.length ?? 0);
}

/** Counts one operation of `args`, begun at `started` (performance.now()), with its result. */
function count(
  metrics: Pick<Metrics, 'operation'>,
  args: { document: DocumentNode; operationName?: string | null | undefined },
  started: number,
  result: unknown,
): void {
  const operation = getOperationAST(args.document, args.operationName);
  metrics.operation(
    operation?.name?.value,
    (operation?.operation ?? 'query') as OperationType,
    succeeded(result),
    (performance.now() - started) / 1000,
  );
}

/**
 * Counts every operation that reaches execution, over every transport (yoga runs HTTP and SSE;
 * graphql-ws runs through the same envelop), with its duration. Operations refused before
 * execution (parse, validation, the allow-list, authentication) are not operations here; those a
 * plugin stops when execution begins (rate limits, cost) are errors, so this plugin must come
 * before them. Open HTTP subscriptions are counted until their stream ends.
 */
export function operationMetricsPlugin<Context>(
  metrics: Pick<Metrics, 'operation' | 'httpSubscription'>,
  roleOf: (context: Context) => OperationRole,
): Plugin {
  return {
    onExecute({ args }) {
      const started = performance.now();
      return {
        onExecuteDone: ({ result }) => count(metrics, args, started, result),
      };
    },
    onSubscribe({ args }) {
      const role = roleOf(args.contextValue as Context);
      if (role === 'shared') return;
      const started = performance.now();
      return {
        onSubscribeResult({ result }) {
          count(metrics, args, started, result);
          if (role !== 'http' || !isAsyncIterable(result)) return;
          metrics.httpSubscription(1);
          return { onEnd: () => metrics.httpSubscription(-1) };
        },
      };
    },
  };
}
