import {
  type FragmentDefinitionNode,
  GraphQLError,
  getOperationAST,
  Kind,
  type SelectionSetNode,
} from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { Redis } from 'ioredis';
import { type Metrics, NO_METRICS } from '../metrics/metrics.js';
import { consumePoints, createMinuteLimiter, type RateLimitDecision } from './limit-store.js';

export type { RateLimitDecision } from './limit-store.js';

/** A per-key budget of mutation points. */
export interface MutationRateLimiter {
  /** Spends `points` (default 1) of `key`'s budget for the current minute. */
  consume(key: string, points?: number): Promise<RateLimitDecision>;
}

/**
 * A budget of `pointsPerMinute` per key. In memory by default; in Redis when given, so every
 * replica spends from one budget (counting in memory while Redis is unreachable, so an outage
 * neither lets everything through nor refuses everything).
 */
export function createMutationRateLimiter(options: {
  pointsPerMinute: number;
  redis?: Redis | undefined;
  /** Counts the operations refused. */
  metrics?: Pick<Metrics, 'rateLimited'>;
}): MutationRateLimiter {
  const metrics = options.metrics ?? NO_METRICS;
  const limiter = createMinuteLimiter({
    points: options.pointsPerMinute,
    keyPrefix: 'rtk-gateway:mutations',
    redis: options.redis,
  });
  return {
    async consume(key, points = 1) {
      const decision = await consumePoints(limiter, key, points);
      if (!decision.allowed) metrics.rateLimited('mutations');
      return decision;
    },
  };
}

/**
 * The budget a caller spends from: its token's subject, or its address when it has none. The two
 * are namespaced apart, so a token whose `sub` is "127.0.0.1" cannot spend (or exhaust) the budget
 * of anonymous callers from that address.
 */
export function callerKey(subject: string | null, address: string): string {
  return subject === null ? `address:${address}` : `subject:${subject}`;
}

/** Root fields a selection set runs, through fragments, without `__typename`. */
function countRootFields(
  selectionSet: SelectionSetNode,
  fragments: ReadonlyMap<string, FragmentDefinitionNode>,
  seen = new Set<string>(),
): number {
  let count = 0;
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) {
      if (selection.name.value !== '__typename') count += 1;
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      count += countRootFields(selection.selectionSet, fragments, seen);
    } else if (!seen.has(selection.name.value)) {
      seen.add(selection.name.value);
      const fragment = fragments.get(selection.name.value);
      if (fragment) count += countRootFields(fragment.selectionSet, fragments, seen);
    }
  }
  return count;
}

/**
 * Charges a mutation one point per mutation field before it executes; when the key's budget is
 * spent the whole operation is refused with `RATE_LIMITED` and `retryAfterSeconds`, and nothing
 * runs (so nothing reaches upstream). Queries and subscriptions are free.
 */
export function mutationRateLimitPlugin<Context>(
  limiter: MutationRateLimiter,
  keyOf: (context: Context) => string,
): Plugin {
  async function charge(
    points: number,
    contextValue: unknown,
    stop: (result: { errors: GraphQLError[] }) => void,
  ): Promise<void> {
    const decision = await limiter.consume(keyOf(contextValue as Context), points);
    if (decision.allowed) return;
    stop({
      errors: [
        new GraphQLError(`Too many mutations; retry in ${decision.retryAfterSeconds} s.`, {
          extensions: { code: 'RATE_LIMITED', retryAfterSeconds: decision.retryAfterSeconds },
        }),
      ],
    });
  }
  return {
    // Not async: a query or subscription returns at once, without a promise for envelop to await.
    onExecute({ args, setResultAndStopExecution }) {
      const operation = getOperationAST(args.document, args.operationName);
      if (operation?.operation !== 'mutation') return;
      const fragments = new Map<string, FragmentDefinitionNode>();
      for (const definition of args.document.definitions) {
        if (definition.kind === Kind.FRAGMENT_DEFINITION) {
          fragments.set(definition.name.value, definition);
        }
      }
      const points = countRootFields(operation.selectionSet, fragments);
      if (points === 0) return;
      return charge(points, args.contextValue, setResultAndStopExecution);
    },
  };
}
