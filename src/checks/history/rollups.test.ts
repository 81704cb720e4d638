import { describe, expect, it } from 'vitest';
import { combineRollups } from './aggregate.js';
import { p95, weightedP95 } from './latency.js';
import { MinuteRollups } from './minute-rollups.js';
import { planRanges } from './uptime.js';

const M = 60_000;
const H = 60 * M;
const D = 24 * H;

describe('percentiles', () => {
  it('takes the nearest-rank p95', () => {
    expect(p95([])).toBeNull();
    expect(p95([5])).toBe(5);
    expect(p95(Array.from({ length: 100 }, (_, i) => 100 - i))).toBe(95);
    expect(p95(Array.from({ length: 20 }, (_, i) => i + 1))).toBe(19);
  });

  it('weights p95s by run counts', () => {
    expect(
      weightedP95([
        { value: 10, weight: 99 },
        { value: 500, weight: 1 },
      ]),
    ).toBe(10);
    expect(
      weightedP95([
        { value: 10, weight: 90 },
        { value: 500, weight: 10 },
      ]),
    ).toBe(500);
    expect(weightedP95([{ value: 7, weight: 0 }])).toBeNull();
  });
});

describe('MinuteRollups', () => {
  it('buckets runs by start minute and closes a minute only after the delay', () => {
    const r = new MinuteRollups(10_000);
    const t = 100 * M;
    r.add(1, t + 1_000, 'up', 2_000);
    r.add(1, t + 30_000, 'degraded', 6_000);
    r.add(1, t + 59_000, 'down', 10_000_000);
    r.add(2, t + M + 1, 'up', 1_000);
    expect(r.takeClosed(t + M + 9_999).rows).toEqual([]);
    const { rows, until } = r.takeClosed(t + M + 10_000);
    expect(until).toBe(t + M);
    expect(rows).toEqual([
      {
        check_id: 1,
        bucket: t,
        up: 1,
        degraded: 1,
        down: 1,
        lat_min_us: 2_000,
        lat_max_us: 6_000,
        lat_sum_us: 8_000,
        lat_p95_us: 6_000,
      },
    ]);
    expect(r.openCounts(2, t, t + 2 * M)).toEqual({ up: 1, degraded: 0, down: 0 });
    // A straggler for a closed minute lands in the oldest open one rather than being lost.
    r.add(1, t + 5_000, 'up', 1_000);
    expect(r.openCounts(1, t + M, t + 2 * M)).toEqual({ up: 1, degraded: 0, down: 0 });
  });

  it('combines rows: counts add, min/max of the parts, latency of down runs left out', () => {
    const row = (
      up: number,
      down: number,
      min: number | null,
      max: number | null,
      p95v: number | null,
    ) => ({
      up,
      degraded: 0,
      down,
      lat_min_us: min,
      lat_max_us: max,
      lat_sum_us: (min ?? 0) * up,
      lat_p95_us: p95v,
    });
    expect(
      combineRollups([row(2, 1, 5, 9, 9), row(0, 3, null, null, null), row(1, 0, 3, 3, 3)]),
    ).toEqual({
      up: 3,
      degraded: 0,
      down: 4,
      lat_min_us: 3,
      lat_max_us: 9,
      lat_sum_us: 13,
      lat_p95_us: 9,
    });
  });
});

describe('planRanges', () => {
  const done = { day: 10 * D, hour: 10 * D + 5 * H, minute: 10 * D + 5 * H + 30 * M };

  it('uses whole days, then hours at the edges, then minutes', () => {
    const from = 7 * D + 22 * H + 30 * M;
    const to = 10 * D + 2 * H + 15 * M;
    expect(planRanges(from, to, done)).toEqual({
      day: [[8 * D, 10 * D]],
      hour: [
        [7 * D + 23 * H, 8 * D],
        [10 * D, 10 * D + 2 * H],
      ],
      minute: [
        [from, 7 * D + 23 * H],
        [10 * D + 2 * H, to],
      ],
    });
  });

  it('falls through to finer rollups where coarser ones are not compacted yet', () => {
    const plan = planRanges(10 * D, 10 * D + 6 * H, done);
    expect(plan.day).toEqual([]);
    expect(plan.hour).toEqual([[10 * D, 10 * D + 5 * H]]);
    expect(plan.minute).toEqual([[10 * D + 5 * H, 10 * D + 5 * H + 30 * M]]);
  });
});
