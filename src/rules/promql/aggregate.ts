/**
 * Aggregation operators over an instant vector: sum, avg, min, max, count, quantile, topk and
 * bottomk with `by`/`without`, following Prometheus' rules for the output labels (`by` keeps
 * only the listed labels, `without` drops them and the metric name; topk/bottomk keep the
 * input series unchanged).
 */
import type { AggregateOp } from './ast.js';
import { METRIC_NAME, keepLabels, labelsKey, removeLabels } from './labels.js';
import { quantile } from './quantile.js';
import type { Labels, Sample } from './values.js';

interface Group {
  labels: Labels;
  samples: Sample[];
}

function groupsOf(samples: readonly Sample[], grouping: string[], without: boolean): Group[] {
  const groups = new Map<string, Group>();
  const drop = [...grouping, METRIC_NAME];
  for (const sample of samples) {
    const labels = without
      ? removeLabels(sample.labels, drop)
      : keepLabels(sample.labels, grouping);
    const key = labelsKey(labels);
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { labels, samples: [] }));
    group.samples.push(sample);
  }
  return [...groups.values()];
}

function sum(values: number[]): number {
  let total = 0;
  for (const v of values) total += v;
  return total;
}

/** The incremental mean Prometheus uses, so huge values do not overflow to Inf. */
function mean(values: number[]): number {
  let m = 0;
  let n = 0;
  for (const v of values) {
    n++;
    if (Number.isFinite(m) || !Number.isFinite(v)) m += v / n - m / n;
  }
  return m;
}

function extreme(values: number[], better: (a: number, b: number) => boolean): number {
  let out = values[0]!;
  for (const v of values) if (better(v, out) || Number.isNaN(out)) out = v;
  return out;
}

/** Orders for topk/bottomk: NaN always ranks last. */
function rankOrder(op: 'topk' | 'bottomk') {
  return (a: Sample, b: Sample): number => {
    if (Number.isNaN(a.value)) return Number.isNaN(b.value) ? 0 : 1;
    if (Number.isNaN(b.value)) return -1;
    return op === 'topk' ? b.value - a.value : a.value - b.value;
  };
}

/** Evaluates `op [by|without (grouping)] ([param,] samples)`. */
export function aggregate(
  op: AggregateOp,
  samples: readonly Sample[],
  grouping: string[],
  without: boolean,
  param: number,
): Sample[] {
  const out: Sample[] = [];
  for (const group of groupsOf(samples, grouping, without)) {
    const values = group.samples.map((s) => s.value);
    switch (op) {
      case 'sum':
        out.push({ labels: group.labels, value: sum(values) });
        break;
      case 'avg':
        out.push({ labels: group.labels, value: mean(values) });
        break;
      case 'min':
        out.push({ labels: group.labels, value: extreme(values, (a, b) => a < b) });
        break;
      case 'max':
        out.push({ labels: group.labels, value: extreme(values, (a, b) => a > b) });
        break;
      case 'count':
        out.push({ labels: group.labels, value: values.length });
        break;
      case 'quantile':
        out.push({ labels: group.labels, value: quantile(param, values) });
        break;
      case 'topk':
      case 'bottomk': {
        const k = Math.trunc(param);
        if (!(k >= 1)) break;
        out.push(...[...group.samples].sort(rankOrder(op)).slice(0, k));
        break;
      }
    }
  }
  return out;
}
