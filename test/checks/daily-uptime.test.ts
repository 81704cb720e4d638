/**
 * DailyUptime on both databases, against figures worked out by hand from the rows inserted
 * below (each expectation names its rows).
 */
import { beforeAll, expect, it } from 'vitest';
import { describeEachDialect } from '../support/dialects.js';
import { DailyUptime } from '../../src/checks/index.js';
import { setProgress } from '../../src/checks/history/progress.js';
import type { CheckRollupTable } from '../../src/store/schema.js';

const M = 60_000;
const H = 60 * M;
const D = 24 * H;
const JUN8 = Date.UTC(2025, 5, 8);
const JUN9 = JUN8 + D;
const JUN10 = JUN9 + D;
const NOW = JUN10 + 12 * H + 30 * M;

const CHECKS = [
  { id: 1, key: 'api/health', service: 'api', removed_at: null },
  { id: 2, key: 'api/port', service: 'api', removed_at: null },
  { id: 3, key: 'web/home', service: 'web', removed_at: null },
  { id: 4, key: 'old/x', service: 'old', removed_at: JUN8 },
];

function row(check_id: number, bucket: number, up: number, down: number, latSumUs = 0) {
  return {
    check_id,
    bucket,
    up,
    degraded: 0,
    down,
    lat_min_us: null,
    lat_max_us: null,
    lat_sum_us: latSumUs,
    lat_p95_us: null,
  } satisfies CheckRollupTable;
}

describeEachDialect('DailyUptime', (ctx) => {
  let open = new Map<number, { up: number; degraded: number; down: number }>();
  let now = NOW;
  const reader = () =>
    new DailyUptime(
      () => ctx.store().db,
      (id, from) => (from >= JUN10 + 12 * H + 20 * M ? open.get(id) : undefined),
      { days: 3, now: () => now },
    );

  beforeAll(async () => {
    const { db } = ctx.store();
    await db
      .insertInto('checks')
      .values(
        CHECKS.map((c) => ({
          ...c,
          name: c.key.split('/')[1]!,
          kind: 'http',
          config_hash: 'x',
          state: 'up',
          paused: 0,
          created_at: JUN8,
          updated_at: JUN8,
        })),
      )
      .execute();
    await db
      .insertInto('check_rollup_day')
      .values([
        row(1, JUN8 - D, 0, 100), // before the window: ignored
        row(1, JUN8, 100, 0),
        row(2, JUN8, 90, 10),
        row(3, JUN8, 50, 50),
        row(4, JUN8, 0, 100), // removed check: ignored
      ])
      .execute();
    await db
      .insertInto('check_rollup_hour')
      .values([
        row(1, JUN9 + 5 * H, 10, 10, 10 * 9_000),
        row(1, JUN10 + 10 * H, 60, 0, 60 * 2_000),
        row(2, JUN10 + 10 * H, 60, 0, 60 * 4_000),
      ])
      .execute();
    await db
      .insertInto('check_rollup_minute')
      .values([
        row(1, JUN10 + 11 * H + 5 * M, 2, 0, 2 * 3_000),
        row(1, JUN10 + 12 * H + 10 * M, 1, 1, 1_000),
      ])
      .execute();
    await setProgress(db, 'day', JUN9);
    await setProgress(db, 'hour', JUN10 + 11 * H);
    await setProgress(db, 'minute', JUN10 + 12 * H + 20 * M);
    open = new Map([[1, { up: 3, degraded: 0, down: 1 }]]);
  });

  it('sums services by day from day, hour, minute rollups and open minutes', async () => {
    const byService = await reader().byService();
    expect([...byService.keys()].sort()).toEqual(['api', 'web']);
    const api = byService.get('api')!;
    expect(api.days.from).toBe('2025-06-08');
    // Jun 8: day rows 100+90 up, 10 down. Jun 9: hour row 10 up, 10 down. Jun 10: hours
    // 60+60, minutes 2 + 1 up and 1 down, open 3 up and 1 down.
    expect(api.days.days).toEqual([190 / 200, 10 / 20, 126 / 128]);
    expect(api.days.runs).toEqual([200, 20, 128]);
    expect(api.days.down).toEqual([10, 10, 2]);
    expect(api.days.downMinutes[0]).toBe(72); // 10/200 of 1440 minutes
    expect(api.days.downMinutes[2]).toBe(Math.round((2 / 128) * 750)); // 12:30 = 750 minutes
    expect(api.uptime).toBeCloseTo(326 / 348, 12);
    // 24 hours from Jun 9 13:00 to Jun 10 12:00; 10:00 (index 21) averages 2 and 4 ms.
    expect(api.latency24h).toHaveLength(24);
    expect(api.latency24h.slice(20)).toEqual([null, 3, 3, 1]);
    const web = byService.get('web')!;
    expect(web.days.days).toEqual([0.5, null, null]);
    expect(web.uptime).toBe(0.5);
  });

  it('answers single checks by key, and leaves unknown keys out', async () => {
    const byCheck = await reader().byCheck(['api/health', 'nope/none']);
    expect([...byCheck.keys()]).toEqual(['api/health']);
    const health = byCheck.get('api/health')!;
    // Jun 10: 60 + 2 + 1 + 3 up, 1 + 1 down.
    expect(health.days.days).toEqual([1, 0.5, 66 / 68]);
  });

  it('reads only what progress finished since, preferring day rollups once compacted', async () => {
    const daily = reader();
    await daily.byService();
    const { db } = ctx.store();
    // Jun 9 compacted (with different figures, to see which level answers) and new minutes.
    await db
      .insertInto('check_rollup_day')
      .values(row(1, JUN9, 20, 0))
      .execute();
    await db
      .insertInto('check_rollup_minute')
      .values(row(2, JUN10 + 12 * H + 21 * M, 0, 4))
      .execute();
    await setProgress(db, 'day', JUN10);
    await setProgress(db, 'minute', JUN10 + 12 * H + 25 * M);
    now = NOW + M;
    const cached = await daily.byService();
    expect(cached.get('api')!.days.days[1]).toBe(0.5); // still the cached answer
    daily.invalidate();
    const api = (await daily.byService()).get('api')!;
    expect(api.days.days).toEqual([0.95, 1, 126 / 132]);
    // The next UTC day slides the window: Jun 8 leaves; the open minutes now count for Jun 11.
    now = NOW + D;
    daily.invalidate();
    const next = (await daily.byService()).get('api')!;
    expect(next.days.from).toBe('2025-06-09');
    expect(next.days.days).toEqual([1, 123 / 128, 3 / 4]);
  });
});
