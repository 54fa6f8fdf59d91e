import { randomUUID } from 'node:crypto';
import { type RawBuilder, sql, type Transaction } from 'kysely';
import type { Recording } from '../domain/model.js';
import { type Database, errorCode } from '../events/sql/database.js';
import type { IdempotencyState, Schema } from '../events/sql/schema.js';
import { StoreUnavailableError } from '../events/types.js';
import type { Logger } from '../logger.js';

/**
 * Idempotency keys of start requests, in the event store's database. A key is `pending` while its
 * start runs, `done` with the recording it started, or `unknown` when the start failed in a way
 * that may still have started a recording upstream (a timeout, a 5xx): such a key is kept, and the
 * next retry finds out what happened before anything can start again. A pending key carries a
 * lease that its claimer renews while the start runs: one whose lease passed (its replica died
 * mid-start) is as unknown as a timed-out start, and is resolved the same way. Leases are counted
 * by the database's clock, which every replica shares.
 */

/** What a claim found. `unknown` includes a pending key whose lease passed. */
export type KeyClaim =
  | { state: 'claimed'; token: string }
  | { state: 'done'; recording: Recording }
  | { state: 'pending' }
  | { state: 'unknown' }
  | { state: 'mismatch' };

/** How long a claim holds a key unless renewed; the default of `IDEMPOTENCY_LEASE_MS`. */
export const DEFAULT_LEASE_MS = 15_000;

export interface IdempotencyKeyStore {
  claim(key: string, requestHash: string, expiresAt: string, leaseMs?: number): Promise<KeyClaim>;
  /** Extends the lease of a claim still held; false when it was taken over or settled. */
  renew(key: string, token: string, leaseMs?: number): Promise<boolean>;
  /** Stores the started recording; false when the claim was lost (the key was taken over). */
  complete(key: string, token: string, recording: Recording): Promise<boolean>;
  /** Frees a key whose start certainly did not happen, so a retry may try again. */
  release(key: string, token: string): Promise<void>;
  /** Keeps a key whose start may have happened, for the next retry to resolve. */
  markUnknown(key: string, token: string): Promise<void>;
  /**
   * Takes an unknown key (or a pending one whose lease passed) over to resolve it; returns when
   * the key was first claimed and the new claim's token, or null when another caller took it.
   */
  takeOver(
    key: string,
    requestHash: string,
    leaseMs?: number,
  ): Promise<{ firstClaimedAt: string; token: string } | null>;
}

const leaseFromNow = (leaseMs: number): RawBuilder<string> =>
  sql<string>`now() + ${`${Math.max(0, Math.round(leaseMs))} milliseconds`}::interval`;

async function claimKey(
  trx: Transaction<Schema>,
  key: string,
  requestHash: string,
  expiresAt: string,
  leaseMs: number,
): Promise<KeyClaim> {
  // An expired key is gone as far as callers can tell; the row is only reused.
  await trx
    .deleteFrom('idempotency_keys')
    .where('key', '=', key)
    .where('expires_at', '<=', sql<Date>`now()`)
    .execute();
  const token = randomUUID();
  const inserted = await trx
    .insertInto('idempotency_keys')
    .values({
      key,
      request_hash: requestHash,
      state: 'pending',
      expires_at: expiresAt,
      lease_until: leaseFromNow(leaseMs),
      claim_token: token,
    })
    .onConflict((oc) => oc.column('key').doNothing())
    .returning('key')
    .executeTakeFirst();
  if (inserted !== undefined) return { state: 'claimed', token };

  const row = await trx
    .selectFrom('idempotency_keys')
    .select(['request_hash', 'state', 'recording', sql<boolean>`lease_until <= now()`.as('lapsed')])
    .where('key', '=', key)
    .executeTakeFirstOrThrow();
  if (row.request_hash !== requestHash) return { state: 'mismatch' };
  if (row.state === 'done' && row.recording !== null) {
    return { state: 'done', recording: row.recording };
  }
  if (row.state === 'unknown' || row.lapsed) return { state: 'unknown' };
  return { state: 'pending' };
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
  /** The key while `token` still holds its claim. */
  const held = (key: string, token: string) =>
    db
      .updateTable('idempotency_keys')
      .where('key', '=', key)
      .where('claim_token', '=', token)
      .where('state', '=', 'pending' satisfies IdempotencyState);

  return {
    claim: (key, requestHash, expiresAt, leaseMs = DEFAULT_LEASE_MS) =>
      guard('claim', () =>
        db.transaction().execute((trx) => claimKey(trx, key, requestHash, expiresAt, leaseMs)),
      ),
    renew: (key, token, leaseMs = DEFAULT_LEASE_MS) =>
      guard('renew', async () => {
        const row = await held(key, token)
          .set({ lease_until: leaseFromNow(leaseMs) })
          .returning('key')
          .executeTakeFirst();
        return row !== undefined;
      }),
    complete: (key, token, recording) =>
      guard('complete', async () => {
        const row = await held(key, token)
          .set({ state: 'done', recording: JSON.stringify(recording) })
          .returning('key')
          .executeTakeFirst();
        return row !== undefined;
      }),
    release: (key, token) =>
      guard('release', async () => {
        await db
          .deleteFrom('idempotency_keys')
          .where('key', '=', key)
          .where('claim_token', '=', token)
          .where('state', '=', 'pending')
          .execute();
      }),
    markUnknown: (key, token) =>
      guard('markUnknown', async () => {
        await held(key, token).set({ state: 'unknown' }).execute();
      }),
    takeOver: (key, requestHash, leaseMs = DEFAULT_LEASE_MS) =>
      guard('takeOver', async () => {
        const token = randomUUID();
        // One statement: of two replicas taking over at once, the second finds the new lease.
        const row = await db
          .updateTable('idempotency_keys')
          .set({ state: 'pending', lease_until: leaseFromNow(leaseMs), claim_token: token })
          .where('key', '=', key)
          .where((eb) =>
            eb.or([
              eb('state', '=', 'unknown'),
              eb.and([eb('state', '=', 'pending'), eb('lease_until', '<=', sql<Date>`now()`)]),
            ]),
          )
          .where('request_hash', '=', requestHash)
          .where('expires_at', '>', sql<Date>`now()`)
          .returning('created_at')
          .executeTakeFirst();
        return row ? { firstClaimedAt: new Date(row.created_at).toISOString(), token } : null;
      }),
  };
}
