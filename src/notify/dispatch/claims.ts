/**
 * Taking rows over: conditional UPDATEs that only match rows nobody owns, so when several
 * instances share a database each row is claimed by one of them. On PostgreSQL a concurrent
 * claim re-checks the condition on the row it waited for; SQLite has one writer at a time.
 */
import type { ExpressionBuilder, Kysely } from 'kysely';
import type { Database } from '../../store/schema.js';
import type { NotificationRow } from './rows.js';
import { chunks } from './statements.js';

type Eb = ExpressionBuilder<Database, 'notifications'>;

/** Due `pending` rows, and `sending` rows whose owner's lease ran out (it died or hung). */
const claimable = (now: number) => (eb: Eb) =>
  eb.or([
    eb.and([eb('status', '=', 'pending'), eb('next_attempt_at', '<=', now)]),
    eb.and([eb('status', '=', 'sending'), eb('lease_until', '<', now)]),
  ]);

/**
 * Claims up to `limit` claimable rows under `lease`, oldest due first. Candidates are read
 * first, so an idle sweep takes no write lock; the UPDATE re-checks the condition, so a row
 * another instance claimed in between is skipped.
 */
export async function claimDue(
  db: Kysely<Database>,
  now: number,
  lease: number,
  limit: number,
): Promise<NotificationRow[]> {
  const ids = await db
    .selectFrom('notifications')
    .select('id')
    .where(claimable(now))
    .orderBy('next_attempt_at')
    .limit(limit)
    .execute();
  if (ids.length === 0) return [];
  return db
    .updateTable('notifications')
    .set({ status: 'sending', lease_until: lease, updated_at: now })
    .where(
      'id',
      'in',
      ids.map((r) => r.id),
    )
    .where(claimable(now))
    .returningAll()
    .execute();
}

/** Claims the given rows if they are still `pending` and due (a retry or delay that came due). */
export async function claimIds(
  db: Kysely<Database>,
  ids: readonly string[],
  now: number,
  lease: number,
): Promise<NotificationRow[]> {
  const out: NotificationRow[] = [];
  for (const part of chunks(ids))
    out.push(
      ...(await db
        .updateTable('notifications')
        .set({ status: 'sending', lease_until: lease, updated_at: now })
        .where('id', 'in', part)
        .where('status', '=', 'pending')
        .where('next_attempt_at', '<=', now)
        .returningAll()
        .execute()),
    );
  return out;
}

/**
 * Extends the lease of rows this instance still holds under `old`; returns the ids renewed.
 * A row not returned was taken over by another instance (or finished meanwhile).
 */
export async function renewLeases(
  db: Kysely<Database>,
  ids: readonly string[],
  old: number,
  lease: number,
): Promise<string[]> {
  const renewed: string[] = [];
  for (const part of chunks(ids)) {
    const rows = await db
      .updateTable('notifications')
      .set({ lease_until: lease })
      .where('id', 'in', part)
      .where('status', '=', 'sending')
      .where('lease_until', '=', old)
      .returning('id')
      .execute();
    for (const r of rows) renewed.push(r.id);
  }
  return renewed;
}

/** Pending rows due later (ids and due times), to arm this instance's timer after a restart. */
export async function pendingLater(
  db: Kysely<Database>,
  now: number,
  limit: number,
): Promise<Array<{ id: string; next_attempt_at: number }>> {
  return db
    .selectFrom('notifications')
    .select(['id', 'next_attempt_at'])
    .where('status', '=', 'pending')
    .where('next_attempt_at', '>', now)
    .orderBy('next_attempt_at')
    .limit(limit)
    .execute();
}

/**
 * Ends every lease at once: for a store only this process uses, `sending` rows at start were
 * left by a process that died (kill -9), so there is no reason to wait for their lease.
 */
export async function releaseAbandoned(db: Kysely<Database>): Promise<number> {
  const result = await db
    .updateTable('notifications')
    .set({ lease_until: 0 })
    .where('status', '=', 'sending')
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}
