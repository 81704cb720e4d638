import { sql, type Kysely } from 'kysely';
import type { Database } from '../../store/schema.js';

/** Run counts and the latency sum of answered runs: what adds up across checks and buckets. */
export interface Figures {
  up: number;
  degraded: number;
  down: number;
  latSumUs: number;
}

export const emptyFigures = (): Figures => ({ up: 0, degraded: 0, down: 0, latSumUs: 0 });

export function addFigures(into: Figures, f: Partial<Figures>): void {
  into.up += f.up ?? 0;
  into.degraded += f.degraded ?? 0;
  into.down += f.down ?? 0;
  into.latSumUs += f.latSumUs ?? 0;
}

/** How rows are grouped: by service, or by check key for a few named checks. */
export type Grouping = { by: 'service' } | { by: 'check'; keys: readonly string[] };

export interface GroupSum extends Figures {
  /** Service id or check key. */
  group: string;
  /** Start of the `size` bucket (UTC) the rows fall in. */
  bucket: number;
}

/**
 * Sums one rollup level over [from, to) per group and `size` bucket, in the database: the
 * answer is one row per group and bucket however many checks there are, so 20,000 checks cost
 * one aggregate scan on the (check_id, bucket) key, not 20,000 rows shipped to Node.
 * Removed checks are left out: their history stays for the API but no longer counts.
 */
export async function sumRollups(
  db: Kysely<Database>,
  level: 'minute' | 'hour' | 'day',
  from: number,
  to: number,
  size: number,
  grouping: Grouping,
): Promise<GroupSum[]> {
  if (!(from < to)) return [];
  if (grouping.by === 'check' && grouping.keys.length === 0) return [];
  const group = grouping.by === 'service' ? sql`c.service` : sql`c.key`;
  const only =
    grouping.by === 'check'
      ? sql`and c.key in (${sql.join(grouping.keys.map((k) => sql`${k}`))})`
      : sql``;
  const result = await sql<Record<string, string | number>>`
    select ${group} as g, r.bucket - (r.bucket % ${size}) as b,
      sum(r.up) as up, sum(r.degraded) as degraded, sum(r.down) as down,
      sum(r.lat_sum_us) as lat
    from ${sql.table(`check_rollup_${level}`)} r
    join checks c on c.id = r.check_id
    where r.bucket >= ${from} and r.bucket < ${to} and c.removed_at is null ${only}
    group by g, b`.execute(db);
  // PostgreSQL sums bigint into numeric, which pg returns as text: Number() everything.
  return result.rows.map((r) => ({
    group: String(r.g),
    bucket: Number(r.b),
    up: Number(r.up),
    degraded: Number(r.degraded),
    down: Number(r.down),
    latSumUs: Number(r.lat),
  }));
}

/** The non-removed checks (id, service, key), to attribute in-memory open minutes. */
export async function liveChecks(
  db: Kysely<Database>,
): Promise<Array<{ id: number; service: string; key: string }>> {
  return db
    .selectFrom('checks')
    .select(['id', 'service', 'key'])
    .where('removed_at', 'is', null)
    .execute();
}
