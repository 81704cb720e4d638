/**
 * Latency percentiles. Minute rollups take the exact p95 of their runs (nearest rank). Hour and
 * day rollups cannot (the runs are gone by then), so they take the weighted p95 of the finer
 * rollups' p95s, each weighted by how many answered runs it covers. The README states this, so
 * anyone can recompute the figures from the rollup tables.
 */

/** Nearest-rank p95 of `values` (sorted in place). */
export function p95(values: number[]): number | null {
  if (values.length === 0) return null;
  values.sort((a, b) => a - b);
  return values[Math.ceil(0.95 * values.length) - 1]!;
}

/** Nearest-rank weighted p95 of (value, weight) pairs; weights are run counts. */
export function weightedP95(pairs: Array<{ value: number; weight: number }>): number | null {
  const usable = pairs.filter((p) => p.weight > 0);
  if (usable.length === 0) return null;
  usable.sort((a, b) => a.value - b.value);
  const total = usable.reduce((sum, p) => sum + p.weight, 0);
  const rank = Math.ceil(0.95 * total);
  let seen = 0;
  for (const p of usable) {
    seen += p.weight;
    if (seen >= rank) return p.value;
  }
  return usable[usable.length - 1]!.value;
}
