/**
 * Group commit: items submitted while a batch is being written wait for it, then go together in
 * the next one, so under load one transaction (and one hold of the event log's lock) serves many
 * writers, and alone a writer waits for nothing. Each submitter's promise settles only when its
 * own batch has committed (or failed): nothing is acknowledged before it is stored.
 */
export interface GroupCommit<T, R> {
  submit(item: T): Promise<R>;
}

export interface GroupCommitOptions<T, R> {
  /** Writes one batch in one transaction; results in item order. */
  write(items: T[]): Promise<R[]>;
  /** The most items one transaction takes. */
  maxBatch: number;
  /**
   * Whether a failed batch should be retried item by item, so that one item the database refuses
   * (bad data) fails alone; an outage fails the whole batch at once instead.
   */
  retryAlone(error: unknown): boolean;
}

interface Waiting<T, R> {
  item: T;
  resolve(result: R): void;
  reject(error: unknown): void;
}

export function createGroupCommit<T, R>(options: GroupCommitOptions<T, R>): GroupCommit<T, R> {
  const { write, maxBatch, retryAlone } = options;
  const queue: Waiting<T, R>[] = [];
  let writing = false;

  async function settle(batch: Waiting<T, R>[]): Promise<void> {
    try {
      const results = await write(batch.map((waiting) => waiting.item));
      for (const [index, waiting] of batch.entries()) waiting.resolve(results[index] as R);
    } catch (error) {
      if (batch.length === 1 || !retryAlone(error)) {
        for (const waiting of batch) waiting.reject(error);
        return;
      }
      for (const waiting of batch) await settle([waiting]);
    }
  }

  async function drain(): Promise<void> {
    while (queue.length > 0) {
      // One turn of the event loop first, so requests already received join this batch. An
      // embedded database answers without yielding to I/O at all: without this turn, batches
      // would never form under it.
      await new Promise((resolve) => setImmediate(resolve));
      const batch = queue.splice(0, maxBatch);
      if (batch.length > 0) await settle(batch);
    }
  }

  function startWriting(): void {
    if (writing) return;
    writing = true;
    void drain().finally(() => {
      writing = false;
      if (queue.length > 0) startWriting();
    });
  }

  return {
    submit(item) {
      return new Promise<R>((resolve, reject) => {
        queue.push({ item, resolve, reject });
        startWriting();
      });
    },
  };
}
