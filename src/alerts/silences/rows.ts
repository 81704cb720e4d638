/**
 * The `silences` table: rows ⇄ Silence, and the few statements the Silences class needs.
 * Matchers are stored as JSON `[{name, type, value}]`, in the order given (it matters for
 * Alertmanager's in-place update rule).
 */
import type { Kysely, Selectable } from 'kysely';
import type { Database } from '../../store/schema.js';
import type { Matcher } from '../matchers/matcher.js';
import type { Silence } from './model.js';

type Row = Selectable<Database['silences']>;

export function fromRow(row: Row): Silence {
  return {
    id: row.id,
    matchers: JSON.parse(row.matchers) as Matcher[],
    startsAt: Number(row.starts_at),
    endsAt: Number(row.ends_at),
    createdBy: row.created_by,
    comment: row.comment,
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
  };
}

function toRow(s: Silence): Row {
  return {
    id: s.id,
    // Only the three fields: compiled matchers carry a `test` function and more.
    matchers: JSON.stringify(s.matchers.map(({ name, type, value }) => ({ name, type, value }))),
    starts_at: s.startsAt,
    ends_at: s.endsAt,
    created_by: s.createdBy,
    comment: s.comment,
    created_at: s.createdAt,
    updated_at: s.updatedAt,
  };
}

export async function selectSilence(db: Kysely<Database>, id: string): Promise<Silence | null> {
  const row = await db.selectFrom('silences').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? fromRow(row) : null;
}

/** Every silence that ended at or after `since` (still within retention), or has not ended. */
export async function selectRetained(db: Kysely<Database>, since: number): Promise<Silence[]> {
  const rows = await db.selectFrom('silences').selectAll().where('ends_at', '>=', since).execute();
  return rows.map(fromRow);
}

export async function insertSilence(db: Kysely<Database>, s: Silence): Promise<void> {
  await db.insertInto('silences').values(toRow(s)).execute();
}

/**
 * Overwrites `s` if its row still has `expectedUpdatedAt`: another instance sharing the
 * database may have changed it since it was read. Returns whether the row was written.
 */
export async function updateSilence(
  db: Kysely<Database>,
  s: Silence,
  expectedUpdatedAt: number,
): Promise<boolean> {
  const { id: _id, created_at: _created, ...changes } = toRow(s);
  const result = await db
    .updateTable('silences')
    .set(changes)
    .where('id', '=', s.id)
    .where('updated_at', '=', expectedUpdatedAt)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Deletes silences that ended before `before` (past retention); returns how many. */
export async function deleteEndedBefore(db: Kysely<Database>, before: number): Promise<number> {
  const result = await db.deleteFrom('silences').where('ends_at', '<', before).executeTakeFirst();
  return Number(result.numDeletedRows);
}
