import { type ExecutionArgs, GraphQLError, getOperationAST } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { measureOperation } from '../schema/cost.js';
import type { UpstreamCallBudget } from './query-budget.js';
import { rateLimitedError } from './rate-limit.js';

/**
 * What an operation may spend, checked once its variables are known and before any resolver
 * runs, on every transport: its cost, the upstream calls it may cause, and for queries the
 * caller's budget of upstream calls per minute. A refused operation makes no upstream call.
 */
export interface OperationCostOptions<Context> {
  maxCost: number;
  maxUpstreamCalls: number;
  /** Upstream calls per minute for each caller's queries; none, no budget. */
  budget?:
    | {
        calls: UpstreamCallBudget;
        /** Whose budget an operation spends. */
        keyOf(context: Context): string;
        /** Upstream calls the operation made. */
        spentBy(context: Context): number;
      }
    | undefined;
}

const ASK_LESS = 'Ask for fewer items (`first`) or fields at once.';

function refusal(message: string, extensions: Record<string, unknown>): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'VALIDATION', ...extensions } });
}

/** The operation's measure against the per-operation limits; the refusal when over one. */
function check<Context>(args: ExecutionArgs, options: OperationCostOptions<Context>) {
  const measure = measureOperation(
    args.schema,
    args.document,
    args.operationName,
    args.variableValues,
  );
  if (measure === null) return { measure: null, refused: null };
  if (measure.cost > options.maxCost) {
    return {
      measure,
      refused: refusal(
        `Query Cost limit of ${options.maxCost} exceeded, found ${measure.cost}. ${ASK_LESS}`,
        { limit: 'cost', max: options.maxCost, found: measure.cost },
      ),
    };
  }
  if (measure.upstreamCalls > options.maxUpstreamCalls) {
    return {
      measure,
      refused: refusal(
        `Upstream call limit of ${options.maxUpstreamCalls} per request exceeded: this operation may cause ${measure.upstreamCalls} calls to RealtimeKit. ${ASK_LESS}`,
        { limit: 'upstreamCalls', max: options.maxUpstreamCalls, found: measure.upstreamCalls },
      ),
    };
  }
  return { measure, refused: null };
}

/** Refuses over-limit operations; charges queries to their caller's upstream budget. */
export function operationCostPlugin<Context>(options: OperationCostOptions<Context>): Plugin {
  const { budget } = options;
  return {
    async onExecute({ args, setResultAndStopExecution }) {
      const { measure, refused } = check(args, options);
      if (refused) {
        setResultAndStopExecution({ errors: [refused] });
        return;
      }
      if (!budget || !measure) return;
      if (getOperationAST(args.document, args.operationName)?.operation !== 'query') return;
      const context = args.contextValue as Context;
      const key = budget.keyOf(context);
      const reserved = measure.upstreamCalls;
      if (reserved > 0) {
        const decision = await budget.calls.reserve(key, reserved);
        if (!decision.allowed) {
          const { retryAfterSeconds } = decision;
          setResultAndStopExecution({
            errors: [
              rateLimitedError(
                `Too many upstream calls; retry in ${retryAfterSeconds} s.`,
                retryAfterSeconds,
              ),
            ],
          });
          return;
        }
      }
      return {
        onExecuteDone() {
          void budget.calls.settle(key, reserved, budget.spentBy(context));
        },
      };
    },
    onSubscribe({ args, setResultAndStopExecution }) {
      // Each event is resolved within the cap; subscriptions are bounded by their own limits.
      const { refused } = check(args, options);
      if (refused) setResultAndStopExecution({ errors: [refused] });
    },
  };
}
