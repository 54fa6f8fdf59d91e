import { type ExecutionResult, GraphQLError } from 'graphql';
import { isAsyncIterable, type Plugin } from 'graphql-yoga';
import { rateLimitedError } from './rate-limit.js';

/** Gives back a slot once; later calls do nothing. */
export type Release = () => void;

/**
 * How many subscriptions each client holds, across every transport: graphql-ws sockets, SSE and
 * multipart responses, and graphql-sse streams all take their slots here, so opening them over
 * several transports does not multiply the limit.
 */
export interface SubscriptionSlots {
  /** Takes one of `client`'s slots, or says why not (`RATE_LIMITED`). */
  take(client: string): Release | GraphQLError;
  /** Subscriptions `client` holds now. */
  held(client: string): number;
}

/** A refusal of a subscription over one of the counts; retrying helps once others end. */
export function tooManySubscriptions(message: string): GraphQLError {
  return rateLimitedError(message);
}

/** Slots of `perClient` subscriptions per client (token subject, or address when anonymous). */
export function createSubscriptionSlots(perClient: number): SubscriptionSlots {
  const held = new Map<string, number>();
  return {
    take(client) {
      const count = held.get(client) ?? 0;
      if (count >= perClient) {
        return tooManySubscriptions(
          `At most ${perClient} subscriptions per client; complete some first.`,
        );
      }
      held.set(client, count + 1);
      let released = false;
      return () => {
        if (released) return;
        released = true;
        const left = (held.get(client) ?? 0) - 1;
        if (left > 0) held.set(client, left);
        else held.delete(client);
      };
    },
    held: (client) => held.get(client) ?? 0,
  };
}

type Result = ExecutionResult;

/**
 * `source`, calling `release` once when it ends: done, failed, or given up by its reader. It
 * keeps the shape of an async generator (`return` and `throw`), which servers that end streams
 * (graphql-sse, yoga) look for.
 */
export function releasedWhenDone(
  source: AsyncIterable<Result>,
  release: Release,
): AsyncGenerator<Result, undefined> {
  const inner = source[Symbol.asyncIterator]();
  const finish = <T>(value: T): T => {
    release();
    return value;
  };
  return {
    [Symbol.asyncIterator]() {
      return this;
    },
    async next() {
      try {
        const next = await inner.next();
        return next.done ? finish({ done: true, value: undefined }) : next;
      } catch (error) {
        release();
        throw error;
      }
    },
    async return() {
      release();
      await inner.return?.();
      return { done: true, value: undefined };
    },
    async throw(error: unknown) {
      release();
      await inner.return?.();
      throw error;
    },
    async [Symbol.asyncDispose]() {
      await this.return(undefined);
    },
  };
}

/**
 * A yoga plugin that makes every subscription `take` a slot before it starts (refused with the
 * slot's error, before any resolver runs) and give it back when its stream ends, however it ends.
 * `take` answers null for subscriptions it does not count (another transport counts them).
 */
export function subscriptionSlotPlugin(
  take: (context: object) => Release | GraphQLError | null,
): Plugin {
  return {
    onSubscribe({ args, subscribeFn, setSubscribeFn, setResultAndStopExecution }) {
      const taken = take(args.contextValue as object);
      if (taken === null) return;
      if (taken instanceof GraphQLError) {
        setResultAndStopExecution({ errors: [taken] });
        return;
      }
      // A subscribe that throws never reaches onSubscribeResult.
      setSubscribeFn(async (...call) => {
        try {
          return await subscribeFn(...call);
        } catch (error) {
          taken();
          throw error;
        }
      });
      return {
        onSubscribeResult({ result, setResult }) {
          if (isAsyncIterable(result)) setResult(releasedWhenDone(result, taken));
          else taken();
        },
      };
    },
  };
}
