import { sql, type Transaction } from 'kysely';
import type { Recording } from '../../domain/model.js';
import type { Logger } from '../../logger.js';
import { StoreUnavailableError } from '../types.js';
import { type Database, errorCode } from './database.js';
import type { IdempotencyState, Schema } from './schema.js';

/**
 * Idempotency keys of start requests, in the event store's database. A key is `pending` while its
 * start runs, `done` with the recording it started, or `unknown` when the start failed in a way
 * that may still have started a recording upstream (a timeout, a 5xx): such a key is kept, and the
 * next retry finds out what happened before anything can start again.
 */

/** What a claim found. */
export type KeyClaim =
  | { state: 'claimed' }
  | { state: 'done'; recording: Recording }
  | { state: 'pending' }
  | { state: 'unknown' }
  | { state: 'mismatch' };

export interface IdempotencyKeyStore {
  claim(key: string, requestHash: string, expiresAt: string): Promise<KeyClaim>;
  complete(key: string, recording: Recording): Promise<void>;
  /** Frees a key whose start certainly did not happen, so a retry may try again. */
  release(key: string): Promise<void>;
  /** Keeps a key whose start may have happened, for the next retry to resolve. */
  markUnknown(key: string): Promise<void>;
  /**
   * Takes an unknown key over (it becomes pending) to resolve it; returns when the key was first
   * claimed, or null when it is not unknown any more (another caller took it).
   */
  takeOver(key: string, requestHash: string): Promise<{ firstClaimedAt: string } | null>;
}

async function claimKey(
  trx: Transaction<Schema>,
  key: string,
  requestHash: string,
  expiresAt: string,
): Promise<KeyClaim> {
  // An expired key is gone as far as callers can tell; the row is only reused.
  await trx
    .deleteFrom('idempotency_keys')
    .where('key', '=', key)
    .where('expires_at', '<=', sql<Date>`now()`)
    .execute();
  const inserted = await trx
    .insertInto('idempotency_keys')
    .values({ key, request_hash: requestHash, state: 'pending', expires_at: expiresAt })
    .onConflict((oc) => oc.column('key').doNothing())
    .returning('key')
    .executeTakeFirst();
  if (inserted !== undefined) return { state: 'claimed' };

  const row = await trx
    .selectFrom('idempotency_keys')
    .select(['request_hash', 'state', 'recording'])
    .where('key', '=', key)
    .executeTakeFirstOrThrow();
  if (row.request_hash !== requestHash) return { state: 'mismatch' };
  if (row.state === 'done' && row.recording !== null) {
    return { state: 'done', recording: row.recording };
  }
  return { state: row.state === 'unknown' ? 'unknown' : 'pending' };
}

/** The idempotency keys of `database`; failures surface as StoreUnavailableError. */
export function createSqlIdempotencyStore(
  database: Database,
  options: { logger?: Logger } = {},
): IdempotencyKeyStore {
  const { db } = database;
  async function guard<T>(operation: string, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      options.logger?.warn({ operation, code: errorCode(error) }, 'idempotency store failed');
      throw new StoreUnavailableError(`idempotency store unavailable (${operation} failed)`);
    }
  }
  const setState = (key: string, from: IdempotencyState, to: IdempotencyState) =>
    db
      .updateTable('idempotency_keys')
      .set({ state: to })
      .where('key', '=', key)
      .where('state', '=', from)
      .execute();

  return {
    claim: (key, requestHash, expiresAt) =>
      guard('claim', () =>
        db.transaction().execute((trx) => claimKey(trx, key, requestHash, expiresAt)),
      ),
    complete: (key, recording) =>
      guard('complete', async () => {
        await db
          .updateTable('idempotency_keys')
          .set({ state: 'done', recording: JSON.stringify(recording) })
          .where('key', '=', key)
          .execute();
      }),
    release: (key) =>
      guard('release', async () => {
        await db
          .deleteFrom('idempotency_keys')
          .where('key', '=', key)
          .where('state', '=', 'pending')
          .execute();
      }),
    markUnknown: (key) =>
      guard('markUnknown', async () => {
        await setState(key, 'pending', 'unknown');
      }),
    takeOver: (key, requestHash) =>
      guard('takeOver', async () => {
        const row = await db
          .updateTable('idempotency_keys')
          .set({ state: 'pending' })
          .where('key', '=', key)
          .where('state', '=', 'unknown')
          .where('request_hash', '=', requestHash)
          .where('expires_at', '>', sql<Date>`now()`)
          .returning('created_at')
          .executeTakeFirst();
        return row ? { firstClaimedAt: new Date(row.created_at).toISOString() } : null;
      }),
  };
}
