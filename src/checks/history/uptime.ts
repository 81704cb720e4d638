import { isoTime } from '../../lib/time.js';
import type { Kysely } from 'kysely';
import type { CheckRollupTable, Database } from '../../store/schema.js';
import { combineRollups, type RollupFigures } from './aggregate.js';
import { DAY_MS, HOUR_MS } from './maintenance.js';
import { allProgress } from './progress.js';
import { MINUTE_MS } from './minute-rollups.js';

export interface Uptime {
  from: string;
  to: string;
  /** (up + degraded) / (up + degraded + down) runs; null when nothing ran in the range. */
  uptime: number | null;
  runs: { up: number; degraded: number; down: number };
  latency_ms: { min: number | null; avg: number | null; max: number | null; p95: number | null };
  /** Which rollups answered, e.g. `{day: 29, hour: 23, minute: 118}` (rows read per table). */
  sources: Record<'day' | 'hour' | 'minute' | 'open', number>;
}

const LEVELS = [
  { name: 'day', size: DAY_MS },
  { name: 'hour', size: HOUR_MS },
  { name: 'minute', size: MINUTE_MS },
] as const;

type Level = (typeof LEVELS)[number]['name'];
type Range = [number, number];

/**
 * Splits [from, to) into the coarsest closed buckets that fit: whole days from day rollups,
 * then whole hours at the edges, then minutes. A bucket counts when it starts inside the
 * range; buckets not yet compacted fall through to the finer level.
 */
export function planRanges(
  from: number,
  to: number,
  done: Record<Level, number>,
): Record<Level, Range[]> {
  const plan: Record<Level, Range[]> = { day: [], hour: [], minute: [] };
  let pending: Range[] = [[from, to]];
  for (const { name, size } of LEVELS) {
    const next: Range[] = [];
    for (const [a, b] of pending) {
      const start = Math.ceil(a / size) * size;
      const end = Math.min(Math.ceil(b / size) * size, name === 'minute' ? Infinity : done[name]);
      const wholeEnd =
        name === 'minute' ? Math.min(end, done.minute) : Math.min(Math.floor(b / size) * size, end);
      if (start < wholeEnd) {
        plan[name].push([start, wholeEnd]);
        if (a < start) next.push([a, start]);
        if (wholeEnd < b) next.push([wholeEnd, b]);
      } else next.push([a, b]);
    }
    pending = next.filter(([a, b]) => a < b);
  }
  return plan;
}

/**
 * Uptime and latency of one check over [from, to), from rollups only (never raw results):
 * see README "Uptime math". `open` adds the minutes still being built in memory.
 */
export async function checkUptime(
  db: Kysely<Database>,
  checkId: number,
  from: number,
  to: number,
  open: (from: number, to: number) => RollupFigures | undefined,
): Promise<Uptime> {
  const progress = await allProgress(db);
  const done = {
    day: progress.day ?? -Infinity,
    hour: progress.hour ?? -Infinity,
    minute: progress.minute ?? -Infinity,
  };
  const plan = planRanges(from, to, done);
  const rows: RollupFigures[] = [];
  const sources = { day: 0, hour: 0, minute: 0, open: 0 };
  for (const level of ['day', 'hour', 'minute'] as const) {
    for (const [a, b] of plan[level]) {
      const found: CheckRollupTable[] = await db
        .selectFrom(`check_rollup_${level}`)
        .selectAll()
        .where('check_id', '=', checkId)
        .where('bucket', '>=', a)
        .where('bucket', '<', b)
        .execute();
      rows.push(...found);
      sources[level] += found.length;
    }
  }
  const tail = open(Math.max(from, done.minute), to);
  if (tail) {
    rows.push(tail);
    sources.open = tail.up + tail.degraded + tail.down;
  }
  const total = combineRollups(rows);
  const runs = total.up + total.degraded + total.down;
  const answered = total.up + total.degraded;
  const ms = (us: number | null) => (us === null ? null : Math.round(us) / 1000);
  return {
    from: isoTime(from),
    to: isoTime(to),
    uptime: runs === 0 ? null : answered / runs,
    runs: { up: total.up, degraded: total.degraded, down: total.down },
    latency_ms: {
      min: ms(total.lat_min_us),
      avg: answered === 0 ? null : ms(total.lat_sum_us / answered),
      max: ms(total.lat_max_us),
      p95: ms(total.lat_p95_us),
    },
    sources,
  };
}
