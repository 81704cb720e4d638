/**
 * Duration figures of a report: count, mean and nearest-rank percentiles of milliseconds,
 * shown in seconds.
 *
 * Percentiles are nearest-rank: the value at rank ⌈p/100 × n⌉ of the sorted values, with no
 * interpolation, so every figure is a duration that actually happened and can be checked by
 * hand against a list. They are found by selection (Floyd–Rivest), not by sorting: a report
 * computes them for every group of every grouping, and selection is linear.
 */

/** One duration figure set, in seconds; every figure but `count` is null when count is 0. */
export interface DurationStats {
  count: number;
  mean: number | null;
  p50: number | null;
  p90: number | null;
  p95: number | null;
  max: number | null;
}

export const EMPTY_STATS: DurationStats = Object.freeze({
  count: 0,
  mean: null,
  p50: null,
  p90: null,
  p95: null,
  max: null,
});

/** The 0-based index of the nearest-rank p-th percentile among n values (n ≥ 1). */
export function rankIndex(n: number, p: number): number {
  return Math.min(n, Math.max(1, Math.ceil((p / 100) * n))) - 1;
}

function swap(a: Float64Array, i: number, j: number): void {
  const t = a[i]!;
  a[i] = a[j]!;
  a[j] = t;
}

/**
 * Rearranges a[left..right] so that a[k] is the value a sort would put there, with no larger
 * value before it and no smaller one after it (Floyd–Rivest selection, as in the ISC-licensed
 * `quickselect` package by Vladimir Agafonkin).
 */
export function select(a: Float64Array, k: number, left = 0, right = a.length - 1): void {
  while (right > left) {
    if (right - left > 600) {
      // Narrow to a sample range likely to hold the k-th value, recursively, first.
      const n = right - left + 1;
      const m = k - left + 1;
      const z = Math.log(n);
      const s = 0.5 * Math.exp((2 * z) / 3);
      const sd = 0.5 * Math.sqrt((z * s * (n - s)) / n) * (m - n / 2 < 0 ? -1 : 1);
      const newLeft = Math.max(left, Math.floor(k - (m * s) / n + sd));
      const newRight = Math.min(right, Math.floor(k + ((n - m) * s) / n + sd));
      select(a, k, newLeft, newRight);
    }
    const t = a[k]!;
    let i = left;
    let j = right;
    swap(a, left, k);
    if (a[right]! > t) swap(a, left, right);
    while (i < j) {
      swap(a, i, j);
      i++;
      j--;
      while (a[i]! < t) i++;
      while (a[j]! > t) j--;
    }
    if (a[left] === t) swap(a, left, j);
    else {
      j++;
      swap(a, j, right);
    }
    if (j <= k) left = j + 1;
    if (k <= j) right = j - 1;
  }
}

/** Milliseconds to seconds, kept to the millisecond (the storage's precision). */
export const seconds = (ms: number): number => Math.round(ms) / 1000;

/** Figures of `values` (milliseconds, no NaN), which are reordered in place. */
export function summarize(values: Float64Array): DurationStats {
  const n = values.length;
  if (n === 0) return EMPTY_STATS;
  let sum = 0;
  let max = -Infinity;
  for (let i = 0; i < n; i++) {
    sum += values[i]!;
    if (values[i]! > max) max = values[i]!;
  }
  // Ascending ranks: a selection leaves no smaller value to the right of its rank, so the
  // next one searches only there (and leaves everything up to that rank alone).
  const k50 = rankIndex(n, 50);
  const k90 = rankIndex(n, 90);
  const k95 = rankIndex(n, 95);
  select(values, k50);
  if (k90 > k50) select(values, k90, k50 + 1, n - 1);
  if (k95 > k90) select(values, k95, k90 + 1, n - 1);
  return {
    count: n,
    mean: seconds(sum / n),
    p50: seconds(values[k50]!),
    p90: seconds(values[k90]!),
    p95: seconds(values[k95]!),
    max: seconds(max),
  };
}
