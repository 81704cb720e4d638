/** The benchmark's options, from the environment (BENCH_QUICK=1 for a short run). */
import { positiveInt } from '../lib.js';

export interface Options {
  quick: boolean;
  /** Distinct alerts per ingest run; each size runs on a fresh server of each kind. */
  sizes: number[];
  /** Alerts per POST /api/v2/alerts. */
  batch: number;
  /** Concurrent requests of the ingest load (one keep-alive connection each). */
  concurrency: number;
  /** New-group alerts sent one by one to time the first webhook notification. */
  notify: number;
  /** Alerts of the same kind sent first and not counted (JIT, connections, first group). */
  notifyWarmup: number;
  /** Pause between two new-group alerts. */
  notifyPauseMs: number;
  /** Active alerts held while GET /api/v2/alerts is timed (one of `sizes`). */
  active: number;
  /** Timed GET /api/v2/alerts requests (after two untimed ones). */
  gets: number;
  /** Directory for Opsdeck's --cpu-prof files; unset: no profiling. */
  profileDir: string | undefined;
}

function sizes(fallback: number[]): number[] {
  const raw = process.env.BENCH_ALERTS;
  if (raw === undefined || raw === '') return fallback;
  const list = raw.split(',').map((s) => Number(s.trim()));
  if (list.length === 0 || list.some((n) => !Number.isInteger(n) || n <= 0))
    throw new Error('BENCH_ALERTS must be a comma-separated list of positive integers');
  return list;
}

/**
 * BENCH_ALERTS (10000,50000), BENCH_BATCH (64), BENCH_CONCURRENCY (8), BENCH_NOTIFY (200),
 * BENCH_GETS (20), BENCH_NOTIFY_WARMUP (300 untimed alerts before the timed ones), BENCH_PROFILE (a directory: Opsdeck runs with --cpu-prof into it).
 * BENCH_QUICK=1 changes the defaults to 5000 alerts and 50 notifications.
 */
export function readOptions(): Options {
  const quick = process.env.BENCH_QUICK === '1';
  const list = sizes(quick ? [5_000] : [10_000, 50_000]);
  // The active-alerts figure wants 10,000; a run without that size uses its first one.
  const active = list.includes(10_000) ? 10_000 : list[0]!;
  return {
    quick,
    sizes: list,
    batch: positiveInt('BENCH_BATCH', 64),
    concurrency: positiveInt('BENCH_CONCURRENCY', 8),
    notify: positiveInt('BENCH_NOTIFY', quick ? 50 : 200),
    // Both servers get the same untimed alerts first: the figure is a running server's latency,
    // not a fresh Node process's JIT warm-up (Alertmanager's Go code starts compiled).
    notifyWarmup: positiveInt('BENCH_NOTIFY_WARMUP', quick ? 50 : 300),
    notifyPauseMs: 20,
    active,
    gets: positiveInt('BENCH_GETS', 20),
    profileDir: process.env.BENCH_PROFILE || undefined,
  };
}
