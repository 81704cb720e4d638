/**
 * Functions over range vectors, ported from Prometheus 2.42's promql/functions.go: the
 * extrapolation of rate/increase/delta (including the counter zero-point clamp), irate, and
 * the *_over_time family. Each takes one series' points in the window and returns a value or
 * undefined when the series yields no output.
 */
import type { RangeFunction } from './ast.js';
import { quantile } from './quantile.js';

export interface Window {
  t: readonly number[];
  v: readonly number[];
  /** The window's bounds (ms): evaluation time minus offset, minus the range. */
  start: number;
  end: number;
  rangeMs: number;
}

function extrapolatedRate(w: Window, isCounter: boolean, isRate: boolean): number | undefined {
  const n = w.v.length;
  if (n < 2) return undefined;
  const first = w.v[0]!;
  let result = w.v[n - 1]! - first;
  if (isCounter) {
    // A drop means the counter restarted from zero: add what it had reached before.
    for (let i = 1; i < n; i++) if (w.v[i]! < w.v[i - 1]!) result += w.v[i - 1]!;
  }
  let durationToStart = (w.t[0]! - w.start) / 1000;
  const durationToEnd = (w.end - w.t[n - 1]!) / 1000;
  const sampledInterval = (w.t[n - 1]! - w.t[0]!) / 1000;
  const average = sampledInterval / (n - 1);
  if (isCounter && result > 0 && first >= 0) {
    // Counters cannot go below zero: never extrapolate past the point where it would be 0.
    const durationToZero = sampledInterval * (first / result);
    if (durationToZero < durationToStart) durationToStart = durationToZero;
  }
  const threshold = average * 1.1;
  let interval = sampledInterval;
  interval += durationToStart < threshold ? durationToStart : average / 2;
  interval += durationToEnd < threshold ? durationToEnd : average / 2;
  result *= interval / sampledInterval;
  return isRate ? result / (w.rangeMs / 1000) : result;
}

function irate(w: Window): number | undefined {
  const n = w.v.length;
  if (n < 2) return undefined;
  const last = w.v[n - 1]!;
  const previous = w.v[n - 2]!;
  const result = last < previous ? last : last - previous;
  const interval = w.t[n - 1]! - w.t[n - 2]!;
  if (interval === 0) return undefined;
  return result / (interval / 1000);
}

/** Kahan-compensated sum, as Prometheus' sum_over_time and avg_over_time use. */
function kahanSum(values: readonly number[]): number {
  let sum = 0;
  let c = 0;
  for (const v of values) {
    const t = sum + v;
    if (Math.abs(sum) >= Math.abs(v)) c += sum - t + v;
    else c += v - t + sum;
    sum = t;
  }
  return sum + c;
}

function extreme(values: readonly number[], better: (a: number, b: number) => boolean): number {
  let out = values[0]!;
  // NaN loses to any number, as in Prometheus.
  for (const v of values) if (better(v, out) || Number.isNaN(out)) out = v;
  return out;
}

function avg(values: readonly number[]): number {
  const sum = kahanSum(values);
  // A plain sum overflows where the incremental mean would not; fall back to it then.
  if (Number.isFinite(sum)) return sum / values.length;
  let mean = 0;
  values.forEach((v, i) => (mean += v / (i + 1) - mean / (i + 1)));
  return mean;
}

/** Applies a range function to one window; `param` is quantile_over_time's φ. */
export function applyRangeFunction(
  func: RangeFunction,
  w: Window,
  param: number,
): number | undefined {
  switch (func) {
    case 'rate':
      return extrapolatedRate(w, true, true);
    case 'increase':
      return extrapolatedRate(w, true, false);
    case 'delta':
      return extrapolatedRate(w, false, false);
    case 'irate':
      return irate(w);
  }
  if (w.v.length === 0) return undefined;
  switch (func) {
    case 'avg_over_time':
      return avg(w.v);
    case 'min_over_time':
      return extreme(w.v, (a, b) => a < b);
    case 'max_over_time':
      return extreme(w.v, (a, b) => a > b);
    case 'sum_over_time':
      return kahanSum(w.v);
    case 'count_over_time':
      return w.v.length;
    case 'quantile_over_time':
      return quantile(param, w.v);
  }
}
