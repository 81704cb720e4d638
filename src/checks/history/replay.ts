import type { Kysely } from 'kysely';
import type { Database } from '../../store/schema.js';
import { forEachChunk } from './check-ids.js';
import { progressOf } from './progress.js';
import type { MinuteRollups } from './minute-rollups.js';
import { STATUS_OF_CODE } from './status-codes.js';

/**
 * After a crash, minutes that were still open in memory were lost from the rollups, but their
 * results were committed. Replays results newer than the minute rollups' progress into the
 * accumulator, so those minutes are written as if nothing happened. Returns results replayed.
 */
export async function replayOpenMinutes(
  db: Kysely<Database>,
  minutes: MinuteRollups,
  checkIds: readonly number[],
): Promise<number> {
  const since = await progressOf(db, 'minute');
  if (since === undefined) return 0;
  let replayed = 0;
  await forEachChunk(checkIds, async (ids) => {
    const rows = await db
      .selectFrom('check_results')
      .select(['check_id', 'at', 'status', 'latency_us'])
      .where('check_id', 'in', ids)
      .where('at', '>=', since)
      .execute();
    for (const r of rows)
      minutes.add(r.check_id, r.at, STATUS_OF_CODE[r.status] ?? 'down', r.latency_us);
    replayed += rows.length;
  });
  return replayed;
}
