/**
 * The evaluator against values computed by hand from Prometheus' documented algorithms
 * (test/rules/promql-vs-prometheus.test.ts checks the same against the real Prometheus).
 */
import { describe, expect, it } from 'vitest';
import { evalAt, lines, storeWith } from './testing.js';

describe('*_over_time', () => {
  const store = storeWith({
    g: [
      [0, 4],
      [15, 1],
      [30, 3],
      [45, 2],
      [60, 10],
    ],
  });
  it.each([
    ['avg_over_time(g[1m])', '{} 4'],
    ['min_over_time(g[30s])', '{} 2'],
    ['max_over_time(g[1m])', '{} 10'],
    ['sum_over_time(g[1m])', '{} 20'],
    ['count_over_time(g[30s])', '{} 3'],
    // Sorted 1 2 3 4 10: rank 0.5 × 4 = 2 → 3; rank 0.9 × 4 = 3.6 → 4 + 0.6 × 6.
    ['quantile_over_time(0.5, g[1m])', '{} 3'],
    ['quantile_over_time(0.9, g[1m])', '{} 7.6'],
  ])('%s', (query, want) => {
    expect(lines(evalAt(store, query, 60))).toEqual([want]);
  });
});

describe('histogram_quantile', () => {
  const store = storeWith({
    'h_bucket{le="0.1"}': [[0, 10]],
    'h_bucket{le="0.5"}': [[0, 30]],
    'h_bucket{le="1"}': [[0, 40]],
    'h_bucket{le="+Inf"}': [[0, 40]],
    'o_bucket{le="1"}': [[0, 40]],
    'o_bucket{le="+Inf"}': [[0, 50]],
    'n_bucket{le="1"}': [[0, 4]],
  });
  it.each([
    // rank 20 falls in (0.1, 0.5] holding 20: 10 of them in → 0.1 + 0.4 × 10/20.
    ['histogram_quantile(0.5, h_bucket)', '{} 0.3'],
    ['histogram_quantile(0.95, h_bucket)', '{} 0.9'],
    ['histogram_quantile(0.05, h_bucket)', '{} 0.02'],
    // Rank in the +Inf bucket: the highest finite bound.
    ['histogram_quantile(0.99, o_bucket)', '{} 1'],
    ['histogram_quantile(1.5, h_bucket)', '{} Infinity'],
    ['histogram_quantile(-1, h_bucket)', '{} -Infinity'],
    // No +Inf bucket: NaN.
    ['histogram_quantile(0.5, n_bucket)', '{} NaN'],
  ])('%s', (query, want) => {
    expect(lines(evalAt(store, query, 0))).toEqual([want]);
  });
});
