import type { CheckRollupTable } from '../../store/schema.js';
import { weightedP95 } from './latency.js';

export type RollupFigures = Omit<CheckRollupTable, 'check_id' | 'bucket'>;

/** Combines rollup rows into one: counts and sums add, min/max of the parts, p95 weighted. */
export function combineRollups(rows: readonly RollupFigures[]): RollupFigures {
  const out: RollupFigures = {
    up: 0,
    degraded: 0,
    down: 0,
    lat_min_us: null,
    lat_max_us: null,
    lat_sum_us: 0,
    lat_p95_us: null,
  };
  const p95s: Array<{ value: number; weight: number }> = [];
  for (const r of rows) {
    out.up += r.up;
    out.degraded += r.degraded;
    out.down += r.down;
    out.lat_sum_us += r.lat_sum_us;
    if (r.lat_min_us !== null && (out.lat_min_us === null || r.lat_min_us < out.lat_min_us))
      out.lat_min_us = r.lat_min_us;
    if (r.lat_max_us !== null && (out.lat_max_us === null || r.lat_max_us > out.lat_max_us))
      out.lat_max_us = r.lat_max_us;
    if (r.lat_p95_us !== null) p95s.push({ value: r.lat_p95_us, weight: r.up + r.degraded });
  }
  out.lat_p95_us = weightedP95(p95s);
  return out;
}
