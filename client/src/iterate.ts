import type { Sink } from 'graphql-ws';

/**
 * An async iterator over a sink-based subscription; `return()` (a `break` out of `for await`)
 * unsubscribes. Results that arrive faster than they are read wait in order.
 */
export function iterate<T>(subscribe: (sink: Sink<T>) => () => void): AsyncIterableIterator<T> {
  const pending: T[] = [];
  let ended: { error?: unknown } | null = null;
  let wake = () => {};
  const unsubscribe = subscribe({
    next(value) {
      pending.push(value);
      wake();
    },
    error(error) {
      ended = { error };
      wake();
    },
    complete() {
      ended = {};
      wake();
    },
  });
  const iterator: AsyncIterableIterator<T> = {
    async next() {
      while (pending.length === 0 && ended === null) {
        await new Promise<void>((resolve) => {
          wake = resolve;
        });
      }
      if (pending.length > 0) return { done: false, value: pending.shift() as T };
      const { error } = ended ?? {};
      if (error !== undefined) {
        ended = {};
        throw error;
      }
      return { done: true, value: undefined };
    },
    async return() {
      ended ??= {};
      unsubscribe();
      return { done: true, value: undefined };
    },
    [Symbol.asyncIterator]() {
      return iterator;
    },
  };
  return iterator;
}
