import type { CheckRollupTable } from '../../store/schema.js';
import type { ProbeStatus } from '../probe.js';
import { p95 } from './latency.js';

export const MINUTE_MS = 60_000;

interface Acc {
  up: number;
  degraded: number;
  down: number;
  min: number;
  max: number;
  sum: number;
  /** Latencies (µs) of answered runs: up to `every`=1s gives 60 per minute. */
  samples: number[];
}

/**
 * Per-minute rollups built in memory as results arrive, written once when the minute closes.
 * A run belongs to the minute it started in. A minute closes `closeDelayMs` after it ends, so
 * runs still in flight at the boundary (up to their timeout) land in the right bucket; a
 * result later than that is counted in the oldest open minute.
 */
export class MinuteRollups {
  readonly #open = new Map<number, Map<number, Acc>>();

  constructor(private closeDelayMs: number) {}

  setCloseDelay(ms: number): void {
    this.closeDelayMs = ms;
  }

  add(checkId: number, at: number, status: ProbeStatus, latencyUs: number): void {
    let bucket = at - (at % MINUTE_MS);
    let checks = this.#open.get(bucket);
    if (!checks) {
      const oldest = this.#oldest();
      if (oldest !== undefined && bucket < oldest) {
        bucket = oldest;
        checks = this.#open.get(oldest)!;
      } else {
        checks = new Map();
        this.#open.set(bucket, checks);
      }
    }
    let acc = checks.get(checkId);
    if (!acc) {
      acc = { up: 0, degraded: 0, down: 0, min: Infinity, max: -Infinity, sum: 0, samples: [] };
      checks.set(checkId, acc);
    }
    acc[status]++;
    if (status !== 'down') {
      if (latencyUs < acc.min) acc.min = latencyUs;
      if (latencyUs > acc.max) acc.max = latencyUs;
      acc.sum += latencyUs;
      acc.samples.push(latencyUs);
    }
  }

  #oldest(): number | undefined {
    let oldest: number | undefined;
    for (const bucket of this.#open.keys())
      if (oldest === undefined || bucket < oldest) oldest = bucket;
    return oldest;
  }

  /**
   * Removes and returns the rows of every minute that has closed by `now` (every open minute
   * when `now` is Infinity), with `until`: every result that started before it is now in
   * taken rows (undefined when nothing could close).
   */
  takeClosed(now: number): { rows: CheckRollupTable[]; until: number | undefined } {
    const rows: CheckRollupTable[] = [];
    const until =
      now === Infinity ? Date.now() : Math.floor((now - this.closeDelayMs) / MINUTE_MS) * MINUTE_MS;
    for (const [bucket, checks] of this.#open) {
      if (bucket + MINUTE_MS + this.closeDelayMs > now) continue;
      this.#open.delete(bucket);
      for (const [checkId, acc] of checks) {
        const answered = acc.up + acc.degraded;
        rows.push({
          check_id: checkId,
          bucket,
          up: acc.up,
          degraded: acc.degraded,
          down: acc.down,
          lat_min_us: answered > 0 ? acc.min : null,
          lat_max_us: answered > 0 ? acc.max : null,
          lat_sum_us: acc.sum,
          lat_p95_us: p95(acc.samples),
        });
      }
    }
    return { rows, until };
  }

  /** Counts of the still-open minutes of one check, for uptime over ranges that reach now. */
  openCounts(
    checkId: number,
    from: number,
    to: number,
  ): { up: number; degraded: number; down: number } {
    const out = { up: 0, degraded: 0, down: 0 };
    for (const [bucket, checks] of this.#open) {
      if (bucket < from || bucket >= to) continue;
      const acc = checks.get(checkId);
      if (!acc) continue;
      out.up += acc.up;
      out.degraded += acc.degraded;
      out.down += acc.down;
    }
    return out;
  }
}
