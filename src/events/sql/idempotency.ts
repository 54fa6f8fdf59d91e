import { sql, type Transaction } from 'kysely';
import type { IdempotencyClaim } from '../types.js';
import type { Schema } from './schema.js';

/** Claims an idempotency key inside `trx`: new, finished, still running, or used for another request. */
export async function claimIn(
  trx: Transaction<Schema>,
  key: string,
  requestHash: string,
  expiresAt: string,
): Promise<IdempotencyClaim> {
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
  return { state: 'pending' };
}
