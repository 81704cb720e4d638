/**
 * `histogram_quantile(φ, buckets)` over classic histograms: series are grouped by their labels
 * without `le` and the metric name; a series whose `le` is not a number is ignored, as in
 * Prometheus.
 */
import { dropName, labelsKey, removeLabels } from './labels.js';
import { bucketQuantile, type Bucket } from './quantile.js';
import type { Labels, Sample } from './values.js';

/** Go's strconv.ParseFloat for the forms `le` takes (`0.5`, `1e3`, `+Inf`). */
function parseBound(text: string): number | undefined {
  const lower = text.toLowerCase();
  if (lower === '+inf' || lower === 'inf') return Infinity;
  if (lower === '-inf') return -Infinity;
  if (text.trim() !== text || text === '') return undefined;
  const value = Number(text);
  return Number.isNaN(value) && lower !== 'nan' ? undefined : value;
}

/** The φ-quantile of each classic histogram in `samples` (grouped by labels without `le`). */
export function histogramQuantile(q: number, samples: readonly Sample[]): Sample[] {
  const groups = new Map<string, { labels: Labels; buckets: Bucket[] }>();
  for (const sample of samples) {
    const le = sample.labels.le;
    const upperBound = le === undefined ? undefined : parseBound(le);
    if (upperBound === undefined) continue;
    const labels = removeLabels(dropName(sample.labels), ['le']);
    const key = labelsKey(labels);
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { labels, buckets: [] }));
    group.buckets.push({ upperBound, count: sample.value });
  }
  return [...groups.values()].map((g) => ({
    labels: g.labels,
    value: bucketQuantile(q, g.buckets),
  }));
}
