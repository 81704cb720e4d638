import type { Kysely } from 'kysely';
import type { Database } from '../../store/schema.js';
import { combineRollups } from './aggregate.js';
import { allCheckIds, forEachChunk } from './check-ids.js';
import { progressOf, setProgress, type Granularity } from './progress.js';

export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;
export interface Retention {
  raw: number;
  minute: number;
  hour: number;
  day: number;
  events: number;
}

const SOURCE: Record<'hour' | 'day', Granularity> = { hour: 'minute', day: 'hour' };
const SIZE: Record<'hour' | 'day', number> = { hour: HOUR_MS, day: DAY_MS };

/**
 * Builds hour rollups from minute rollups and day rollups from hour rollups, one closed bucket
 * at a time, remembering progress in `check_rollup_progress` so a restart continues where it
 * stopped. Idempotent: a bucket compacted twice is overwritten with the same figures.
 * Returns how many buckets were compacted.
 */
export async function compact(
  db: Kysely<Database>,
  granularity: 'hour' | 'day',
  now: number,
  maxBuckets = 48,
): Promise<number> {
  const size = SIZE[granularity];
  const sourceDone = await progressOf(db, SOURCE[granularity]);
  if (sourceDone === undefined) return 0;
  let done = await progressOf(db, granularity);
  if (done === undefined) {
    done = Math.floor(Math.min(now, sourceDone) / size) * size;
    await setProgress(db, granularity, done);
  }
  let compacted = 0;
  // Read the check ids only when a bucket has closed: most passes have nothing to do.
  let ids: number[] | undefined;
  while (done + size <= sourceDone && compacted < maxBuckets) {
    ids ??= await allCheckIds(db);
    await compactBucket(db, granularity, done, ids);
    done += size;
    await setProgress(db, granularity, done);
    compacted++;
  }
  return compacted;
}

async function compactBucket(
  db: Kysely<Database>,
  granularity: 'hour' | 'day',
  bucket: number,
  ids: number[],
): Promise<void> {
  const source = `check_rollup_${SOURCE[granularity]}` as const;
  const target = `check_rollup_${granularity}` as const;
  await forEachChunk(ids, async (chunk) => {
    const rows = await db
      .selectFrom(source)
      .selectAll()
      .where('check_id', 'in', chunk)
      .where('bucket', '>=', bucket)
      .where('bucket', '<', bucket + SIZE[granularity])
      .execute();
    const byCheck = new Map<number, typeof rows>();
    for (const row of rows) {
      const list = byCheck.get(row.check_id);
      if (list) list.push(row);
      else byCheck.set(row.check_id, [row]);
    }
    const out = [...byCheck].map(([check_id, list]) => ({
      check_id,
      bucket,
      ...combineRollups(list),
    }));
    if (out.length > 0) {
      await db
        .insertInto(target)
        .values(out)
        .onConflict((oc) =>
          oc.columns(['check_id', 'bucket']).doUpdateSet((eb) => ({
            up: eb.ref('excluded.up'),
            degraded: eb.ref('excluded.degraded'),
            down: eb.ref('excluded.down'),
            lat_min_us: eb.ref('excluded.lat_min_us'),
            lat_max_us: eb.ref('excluded.lat_max_us'),
            lat_sum_us: eb.ref('excluded.lat_sum_us'),
            lat_p95_us: eb.ref('excluded.lat_p95_us'),
          })),
        )
        .execute();
    }
  });
}

/** Deletes history older than its retention, a chunk of checks per statement. */
export async function prune(
  db: Kysely<Database>,
  retention: Retention,
  now: number,
): Promise<void> {
  await forEachChunk(await allCheckIds(db), async (chunk) => {
    await db
      .deleteFrom('check_results')
      .where('check_id', 'in', chunk)
      .where('at', '<', now - retention.raw)
      .execute();
    await db
      .deleteFrom('heartbeat_pings')
      .where('check_id', 'in', chunk)
      .where('at', '<', now - retention.raw)
      .execute();
    for (const g of ['minute', 'hour', 'day'] as const) {
      await db
        .deleteFrom(`check_rollup_${g}`)
        .where('check_id', 'in', chunk)
        .where('bucket', '<', now - retention[g])
        .execute();
    }
    await db
      .deleteFrom('check_events')
      .where('check_id', 'in', chunk)
      .where('at', '<', now - retention.events)
      .execute();
  });
}
