import type { Kysely } from 'kysely';
import type { Database } from '../../store/schema.js';

export type Granularity = 'minute' | 'hour' | 'day';

/**
 * `check_rollup_progress`: per granularity, the time before which every result is in that
 * granularity's rollups. The writer advances `minute`; compaction advances `hour` and `day`.
 */
export async function progressOf(
  db: Kysely<Database>,
  granularity: Granularity,
): Promise<number | undefined> {
  return (await allProgress(db))[granularity];
}

/** Every granularity's progress, in one query. */
export async function allProgress(
  db: Kysely<Database>,
): Promise<Partial<Record<Granularity, number>>> {
  const rows = await db.selectFrom('check_rollup_progress').selectAll().execute();
  return Object.fromEntries(rows.map((r) => [r.granularity, r.done_until]));
}

/** Records that every result before `until` is in the `granularity` rollups. */
export async function setProgress(
  db: Kysely<Database>,
  granularity: Granularity,
  until: number,
): Promise<void> {
  await db
    .insertInto('check_rollup_progress')
    .values({ granularity, done_until: until })
    .onConflict((oc) => oc.column('granularity').doUpdateSet({ done_until: until }))
    .execute();
}
