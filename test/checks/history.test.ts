import { expect, it } from 'vitest';
import { describeEachDialect } from '../support/dialects.js';
import {
  checkUptime,
  compact,
  HistoryWriter,
  MinuteRollups,
  prune,
  replayOpenMinutes,
} from '../../src/checks/history/index.js';
import { setProgress } from '../../src/checks/history/progress.js';
import type { ProbeStatus } from '../../src/checks/probe.js';
import type { Store } from '../../src/store/index.js';

const M = 60_000;
const H = 60 * M;
const D = 24 * H;
const T0 = Date.UTC(2026, 0, 1);

interface Run {
  at: number;
  status: ProbeStatus;
  latencyUs: number;
}

/** Three days of runs every 20 s for two checks, with outages and slow spells. */
function syntheticRuns(checkId: number): Run[] {
  const runs: Run[] = [];
  let seed = checkId * 7919;
  const rand = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
  for (let at = T0; at < T0 + 3 * D; at += 20_000) {
    const r = rand();
    const status: ProbeStatus = r < 0.03 ? 'down' : r < 0.08 ? 'degraded' : 'up';
    runs.push({ at, status, latencyUs: Math.floor(500 + rand() * 50_000) });
  }
  return runs;
}

async function insertChecks(store: Store, ids: number[]) {
  await store.db
    .insertInto('checks')
    .values(
      ids.map((id) => ({
        id,
        key: `svc/c${id}`,
        service: 'svc',
        name: `c${id}`,
        kind: 'http',
        config_hash: 'x',
        state: 'unknown',
        paused: 0,
        created_at: T0,
        updated_at: T0,
      })),
    )
    .execute();
}

function bruteForce(runs: Run[], from: number, to: number) {
  const inRange = runs.filter((r) => r.at >= from && r.at < to);
  const count = (s: ProbeStatus) => inRange.filter((r) => r.status === s).length;
  const answered = inRange.filter((r) => r.status !== 'down').map((r) => r.latencyUs);
  return {
    up: count('up'),
    degraded: count('degraded'),
    down: count('down'),
    min: Math.min(...answered) / 1000,
    max: Math.max(...answered) / 1000,
    avg: answered.reduce((a, b) => a + b, 0) / answered.length / 1000,
  };
}

describeEachDialect('check history: rollups, compaction, uptime, retention', (ctx) => {
  it('gives the same counts and latency from rollups as from every raw result', async () => {
    const store = ctx.store();
    await insertChecks(store, [1, 2]);
    const minutes = new MinuteRollups(5_000);
    const writer = new HistoryWriter(store, minutes, {
      intervalMs: 60_000,
      batchRows: 1e9,
    });
    const runs = { 1: syntheticRuns(1), 2: syntheticRuns(2) };
    for (const [id, list] of Object.entries(runs))
      for (const r of list) {
        writer.addResult({
          check_id: Number(id),
          at: r.at,
          status: { up: 0, degraded: 1, down: 2 }[r.status],
          latency_us: r.latencyUs,
          reason: null,
          details: null,
        });
        minutes.add(Number(id), r.at, r.status, r.latencyUs);
      }
    await writer.close();
    // The writer marks minutes done up to the wall clock; this history ends at T0 + 3 days.
    await setProgress(store.db, 'minute', T0 + 3 * D);
    const now = T0 + 3 * D + H;
    // At most 48 buckets per pass (bounded work per minute), the rest on the next pass.
    expect(await compact(store.db, 'hour', T0)).toBe(48);
    expect(await compact(store.db, 'hour', now)).toBe(24);
    expect(await compact(store.db, 'day', T0)).toBe(3);
    // Compaction resumes from its progress: nothing left to do.
    expect(await compact(store.db, 'hour', now)).toBe(0);

    const ranges: Array<[number, number]> = [
      [T0, T0 + 3 * D], // whole days
      [T0 + 5 * H + 17 * M, T0 + 2 * D + 3 * H + 41 * M], // days, hours and minutes
      [T0 + D + 10 * M, T0 + D + 50 * M], // minutes only
    ];
    for (const [from, to] of ranges) {
      const got = await checkUptime(store.db, 1, from, to, () => undefined);
      const want = bruteForce(runs[1], from, to);
      expect(got.runs).toEqual({ up: want.up, degraded: want.degraded, down: want.down });
      expect(got.uptime).toBeCloseTo(
        (want.up + want.degraded) / (want.up + want.degraded + want.down),
        12,
      );
      expect(got.latency_ms.min).toBe(want.min);
      expect(got.latency_ms.max).toBe(want.max);
      expect(got.latency_ms.avg).toBeCloseTo(want.avg, 2);
      expect(got.latency_ms.p95).toBeGreaterThan(want.avg);
    }
    const whole = await checkUptime(store.db, 1, T0, T0 + 3 * D, () => undefined);
    expect(whole.sources).toEqual({ day: 3, hour: 0, minute: 0, open: 0 });

    await prune(
      store.db,
      { raw: 2 * D, minute: 2 * D, hour: 365 * D, day: 730 * D, events: 730 * D },
      T0 + 4 * D,
    );
    const raw = await store.db
      .selectFrom('check_results')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(raw.n)).toBe(runs[1].filter((r) => r.at >= T0 + 2 * D).length * 2);
    // Day rollups outlive the pruned minutes: the whole range still adds up.
    const after = await checkUptime(store.db, 1, T0, T0 + 3 * D, () => undefined);
    expect(after.runs).toEqual(whole.runs);
  });

  it('rebuilds minutes that were open in memory at a crash from the committed results', async () => {
    const store = ctx.store();
    await insertChecks(store, [7]);
    // One clock reading, and the last minute written ends a minute before now: the flush closes
    // minutes ending before now - 1 s, which the minute just ended may not be yet.
    const now = Date.now();
    const t = now - (now % M) - 11 * M;
    const first = new MinuteRollups(1_000);
    const writer = new HistoryWriter(store, first, { intervalMs: 60_000, batchRows: 1e9 });
    for (let i = 0; i < 30; i++) {
      const at = t + i * 20_000;
      writer.addResult({
        check_id: 7,
        at,
        status: 0,
        latency_us: 1000 + i,
        reason: null,
        details: null,
      });
      first.add(7, at, 'up', 1000 + i);
    }
    await writer.flush(); // closes and writes the minutes before now - 1 s; nothing else survives
    const rows = await store.db
      .selectFrom('check_rollup_minute')
      .selectAll()
      .where('check_id', '=', 7)
      .execute();
    expect(rows.reduce((n, r) => n + r.up, 0)).toBe(30);
    // Simulate a crash in the middle of the next minute: results committed, minute not.
    const later = t + 11 * M; // the minute now open
    await store.db
      .insertInto('check_results')
      .values(
        [0, 1, 2].map((i) => ({
          check_id: 7,
          at: later + i * 1000,
          status: 2,
          latency_us: 5,
          reason: 'x',
          details: null,
        })),
      )
      .execute();
    const fresh = new MinuteRollups(1_000);
    expect(await replayOpenMinutes(store.db, fresh, [7])).toBe(3);
    expect(fresh.openCounts(7, later, later + M)).toEqual({ up: 0, degraded: 0, down: 3 });
  });

  it('adds the halves of a minute written at shutdown and continued after a restart', async () => {
    const store = ctx.store();
    await insertChecks(store, [9]);
    const t = Date.now() - (Date.now() % M);
    for (const [latencies, status] of [
      [[4_000, 9_000], 'up'],
      [[2_000], 'degraded'],
    ] as const) {
      const minutes = new MinuteRollups(1_000);
      const writer = new HistoryWriter(store, minutes, { intervalMs: 60_000, batchRows: 1e9 });
      latencies.forEach((us, i) => minutes.add(9, t + i, status, us));
      minutes.add(9, t + 5, 'down', 1);
      await writer.close(); // final: writes the open minute
    }
    const row = await store.db
      .selectFrom('check_rollup_minute')
      .selectAll()
      .where('check_id', '=', 9)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      bucket: t,
      up: 2,
      degraded: 1,
      down: 2,
      lat_min_us: 2_000,
      lat_max_us: 9_000,
      lat_sum_us: 15_000,
      lat_p95_us: 9_000,
    });
  });
});
