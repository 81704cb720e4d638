/**
 * The evaluator against values computed by hand from Prometheus' documented algorithms
 * (test/rules/promql-vs-prometheus.test.ts checks the same against the real Prometheus).
 */
import { describe, expect, it } from 'vitest';
import { SeriesStore } from '../storage/series-store.js';
import { evalAt, lines, S, storeWith } from './testing.js';

describe('rate, increase, irate, delta', () => {
  it('needs no extrapolation when samples cover the window', () => {
    const store = storeWith({
      c: [
        [0, 0],
        [15, 15],
        [30, 30],
        [45, 45],
        [60, 60],
      ],
    });
    expect(lines(evalAt(store, 'increase(c[1m])', 60))).toEqual(['{} 60']);
    expect(lines(evalAt(store, 'rate(c[1m])', 60))).toEqual(['{} 1']);
  });

  it('extrapolates to the window edges when they are within 1.1 intervals', () => {
    // 45 over 45 s of samples; 5 s before and 10 s after are added: 45 × 60 / 45.
    const store = storeWith({
      c: [
        [5, 10],
        [20, 25],
        [35, 40],
        [50, 55],
      ],
    });
    expect(lines(evalAt(store, 'increase(c[1m])', 60))).toEqual(['{} 60']);
  });

  it('does not extrapolate a counter below zero', () => {
    // From 2 at 5 s the counter would reach 0 at 3 s: only 2 s are added before, 45 × 57 / 45.
    const store = storeWith({
      c: [
        [5, 2],
        [20, 17],
        [35, 32],
        [50, 47],
      ],
    });
    expect(lines(evalAt(store, 'increase(c[1m])', 60))).toEqual(['{} 57']);
  });

  it('adds the value before a counter reset', () => {
    const store = storeWith({
      c: [
        [0, 10],
        [15, 20],
        [30, 5],
        [45, 15],
        [60, 25],
      ],
    });
    expect(lines(evalAt(store, 'increase(c[1m])', 60))).toEqual(['{} 35']);
    expect(lines(evalAt(store, 'irate(c[1m])', 60))).toEqual(['{} 0.666667']);
    expect(lines(evalAt(store, 'delta(c[1m])', 60))).toEqual(['{} 15']);
  });

  it('irate after a reset is the new value over the interval; one sample gives nothing', () => {
    const store = storeWith({
      c: [
        [45, 15],
        [60, 3],
      ],
      single: [[60, 1]],
    });
    expect(lines(evalAt(store, 'irate(c[1m])', 60))).toEqual(['{} 0.2']);
    expect(lines(evalAt(store, 'rate(single[1m])', 60))).toEqual([]);
  });
});

describe('selectors, aggregation and operators', () => {
  const store = storeWith({
    'req{code="200",path="/a"}': [[0, 6]],
    'req{code="500",path="/a"}': [[0, 2]],
    'req{code="500",path="/b"}': [[0, 4]],
    'lim{path="/a"}': [[0, 10]],
    'lim{path="/b"}': [[0, 5]],
    old: [[0, 1]],
  });

  it('supports the four matcher types', () => {
    expect(lines(evalAt(store, 'req{code="500",path!="/b"}', 0))).toEqual([
      '{"__name__":"req","code":"500","path":"/a"} 2',
    ]);
    expect(lines(evalAt(store, 'count(req{code=~"5..", path!~"/b|/c"})', 0))).toEqual(['{} 1']);
  });

  it('looks back 5 minutes, inclusive, and honours staleness markers', () => {
    expect(lines(evalAt(store, 'old', 300))).toEqual(['{"__name__":"old"} 1']);
    expect(lines(evalAt(store, 'old', 300.001))).toEqual([]);
    const stale = new SeriesStore({ capacity: 10, retentionMs: Infinity });
    const key = stale.append({ __name__: 'x' }, 0, 1)!;
    stale.markStale(key, 10 * S);
    expect(lines(evalAt(stale, 'x', 5))).toEqual(['{"__name__":"x"} 1']);
    expect(lines(evalAt(stale, 'x', 11))).toEqual([]);
    expect(lines(evalAt(stale, 'count_over_time(x[1m])', 11))).toEqual(['{} 1']);
    stale.append({ __name__: 'x' }, 20 * S, 2);
    expect(lines(evalAt(stale, 'x', 25))).toEqual(['{"__name__":"x"} 2']);
  });

  it('aggregates by and without, dropping the metric name', () => {
    expect(lines(evalAt(store, 'sum by (path) (req)', 0))).toEqual([
      '{"path":"/a"} 8',
      '{"path":"/b"} 4',
    ]);
    expect(lines(evalAt(store, 'avg without (path) (req)', 0))).toEqual([
      '{"code":"200"} 6',
      '{"code":"500"} 3',
    ]);
    expect(lines(evalAt(store, 'topk(1, req)', 0))).toEqual([
      '{"__name__":"req","code":"200","path":"/a"} 6',
    ]);
    expect(lines(evalAt(store, 'max(req) - min(req)', 0))).toEqual(['{} 4']);
  });

  it('matches vectors on labels, with group_left, and filters with comparisons', () => {
    expect(lines(evalAt(store, 'sum by (path) (req) / on (path) lim', 0))).toEqual([
      '{"path":"/a"} 0.8',
      '{"path":"/b"} 0.8',
    ]);
    expect(lines(evalAt(store, 'req / on (path) group_left lim', 0))).toEqual([
      '{"code":"200","path":"/a"} 0.6',
      '{"code":"500","path":"/a"} 0.2',
      '{"code":"500","path":"/b"} 0.8',
    ]);
    expect(lines(evalAt(store, 'req > 3', 0))).toEqual([
      '{"__name__":"req","code":"200","path":"/a"} 6',
      '{"__name__":"req","code":"500","path":"/b"} 4',
    ]);
    expect(lines(evalAt(store, 'req{path="/b"} > bool 3', 0))).toEqual([
      '{"code":"500","path":"/b"} 1',
    ]);
    expect(lines(evalAt(store, 'lim unless on (path) req{code="200"}', 0))).toEqual([
      '{"__name__":"lim","path":"/b"} 5',
    ]);
  });

  it('raises the matching errors Prometheus raises', () => {
    expect(() => evalAt(store, 'lim / on (code) req', 0)).toThrow(
      /many-to-many matching not allowed/,
    );
    expect(() => evalAt(store, 'req / on (path) lim', 0)).toThrow(
      /many-to-one matching must be explicit/,
    );
    const twins = storeWith({
      'a{x="1"}': [
        [0, 1],
        [10, 2],
      ],
      'b{x="1"}': [
        [0, 1],
        [10, 2],
      ],
    });
    expect(() => evalAt(twins, 'rate({x="1"}[1m])', 10)).toThrow(/same labelset/);
  });

  it('computes scalars and functions', () => {
    expect(lines(evalAt(store, 'time() + 2 ^ 3 % 5', 90))).toEqual(['scalar 93']);
    expect(lines(evalAt(store, 'scalar(sum(lim)) * 2', 0))).toEqual(['scalar 30']);
    expect(lines(evalAt(store, 'clamp(lim, 6, 8)', 0))).toEqual([
      '{"path":"/a"} 8',
      '{"path":"/b"} 6',
    ]);
    expect(lines(evalAt(store, 'abs(-lim{path="/b"})', 0))).toEqual(['{"path":"/b"} 5']);
    expect(lines(evalAt(store, 'vector(1) > 0', 0))).toEqual(['{} 1']);
  });
});
