/**
 * The writes that end an attempt, release rows and cancel pages, compiled for a group commit
 * (`Store.writeBatch`). Each is conditional on the row still being in the state this
 * instance saw, so a statement repeated after a failed commit, or racing another instance
 * that took the row over, changes nothing.
 */
import { createHash } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import {
  bulkStatements,
  bulkUpdateStatements,
  type BatchStatement,
  type Dialect,
} from '../../store/index.js';
import type { Database } from '../../store/schema.js';
import type { Held, NewRow } from './rows.js';

const ATTEMPT_COLUMNS = [
  ['notification_id', 'text'],
  ['attempt', 'integer'],
  ['at', 'bigint'],
  ['duration_ms', 'integer'],
  ['outcome', 'text'],
  ['status_code', 'integer'],
  ['detail', 'text'],
] as const;

export type AttemptRow = [
  notificationId: string,
  attempt: number,
  at: number,
  durationMs: number,
  outcome: string,
  statusCode: number | null,
  detail: string | null,
];

/** Attempt log inserts; a row written twice (a retried commit) is kept once. */
export function attemptInserts(
  dialect: Dialect,
): (rows: readonly AttemptRow[]) => BatchStatement[] {
  return bulkStatements(dialect, {
    table: 'notification_attempts',
    columns: ATTEMPT_COLUMNS,
    conflict: 'on conflict (notification_id, attempt) do nothing',
  });
}

export interface Finish {
  status: 'pending' | 'delivered' | 'failed';
  attempts: number;
  nextAttemptAt: number | null;
  lastStatus: number | null;
  lastDetail: string;
  now: number;
}

/** One attempt's end, as a row of the bulk finish (`finishUpdates`). */
export type FinishRow = [
  id: string,
  prevAttempts: number,
  status: string,
  attempts: number,
  nextAttemptAt: number | null,
  lastStatus: number | null,
  lastDetail: string,
  now: number,
  deliveredAt: number | null,
  /** 1 when a delivery may also overwrite `cancelled`. */
  fromCancelled: number,
];

export function finishRow(h: Held, f: Finish): FinishRow {
  const delivered = f.status === 'delivered';
  return [
    h.id,
    h.attempts,
    f.status,
    f.attempts,
    f.nextAttemptAt,
    f.lastStatus,
    f.lastDetail,
    f.now,
    delivered ? f.now : null,
    delivered ? 1 : 0,
  ];
}

/**
 * Moves rows this instance attempted to their next state, if no one else moved them meanwhile
 * (same attempt count, still `sending`), all in one statement. A delivery also overwrites
 * `cancelled`: the page was cancelled while already on its way, and the log should say it
 * arrived.
 */
export function finishUpdates(dialect: Dialect): (rows: readonly FinishRow[]) => BatchStatement[] {
  return bulkUpdateStatements(dialect, {
    table: 'notifications',
    columns: [
      ['id', 'text'],
      ['prev_attempts', 'integer'],
      ['status', 'text'],
      ['attempts', 'integer'],
      ['next_at', 'bigint'],
      ['last_status', 'integer'],
      ['last_detail', 'text'],
      ['now', 'bigint'],
      ['delivered_at', 'bigint'],
      ['from_cancelled', 'integer'],
    ],
    set:
      'status = v.status, attempts = v.attempts, lease_until = null, updated_at = v.now, ' +
      'last_status = v.last_status, last_detail = v.last_detail, ' +
      'next_attempt_at = coalesce(v.next_at, notifications.next_attempt_at), ' +
      'delivered_at = coalesce(v.delivered_at, notifications.delivered_at)',
    where:
      'notifications.id = v.id and notifications.attempts = v.prev_attempts and ' +
      "(notifications.status = 'sending' or (v.from_cancelled = 1 and notifications.status = 'cancelled'))",
  });
}

/**
 * The fallback's id is derived from the failed notification's, so two instances that both
 * saw the failure (after a lease takeover) insert one row, not two.
 */
export function fallbackId(parentId: string): string {
  const h = createHash('sha256').update(`${parentId}/fallback`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-8${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/**
 * Inserts the fallback notification (`pending`, due now) only if the parent did end `failed`
 * after `attempts` attempts, in the same transaction as that change.
 */
export function fallbackInsert(
  db: Kysely<Database>,
  row: NewRow,
  parentId: string,
  attempts: number,
): BatchStatement {
  return sql`insert into notifications (id, channel, event, incident_id, person, message, fallback,
      status, cancellable, attempts, next_attempt_at, lease_until, created_at, updated_at)
    select ${row.id}, ${row.channel}, ${row.event}, ${row.incident_id}, ${row.person},
      ${row.message}, ${row.fallback}, ${row.status}, ${row.cancellable}, ${row.attempts},
      ${row.next_attempt_at}, ${row.lease_until}, ${row.created_at}, ${row.updated_at}
    where exists (select 1 from notifications where id = ${parentId} and status = 'failed'
      and attempts = ${attempts})
    on conflict (id) do nothing`.compile(db);
}

/** Rows grouped by the lease this instance holds them under (renewals and releases match it). */
export function byLease(rows: readonly Held[]): Map<number, string[]> {
  const groups = new Map<number, string[]>();
  for (const h of rows) {
    const ids = groups.get(h.lease);
    if (ids) ids.push(h.id);
    else groups.set(h.lease, [h.id]);
  }
  return groups;
}

export const ID_CHUNK = 500;

export function chunks<T>(items: readonly T[], size = ID_CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Hands queued rows back (`pending`, due now) so any instance takes them at once. */
export function releaseStatements(
  db: Kysely<Database>,
  rows: readonly Held[],
  now: number,
): BatchStatement[] {
  const out: BatchStatement[] = [];
  for (const [lease, ids] of byLease(rows))
    for (const part of chunks(ids))
      out.push(
        db
          .updateTable('notifications')
          .set({ status: 'pending', lease_until: null, next_attempt_at: now, updated_at: now })
          .where('id', 'in', part)
          .where('status', '=', 'sending')
          .where('lease_until', '=', lease)
          .compile(),
      );
  return out;
}

/** Cancels the incident's cancellable notifications that no attempt has reached yet. */
export function cancelStatement(
  db: Kysely<Database>,
  incidentId: number,
  now: number,
): BatchStatement {
  return db
    .updateTable('notifications')
    .set({
      status: 'cancelled',
      lease_until: null,
      updated_at: now,
      last_detail: 'cancelled: the incident was acknowledged or resolved first',
    })
    .where('incident_id', '=', incidentId)
    .where('cancellable', '=', 1)
    .where('attempts', '=', 0)
    .where('status', 'in', ['pending', 'sending'])
    .compile();
}
