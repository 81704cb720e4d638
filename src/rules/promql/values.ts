/** Values an expression evaluates to, and the storage interface the evaluator reads from. */
import type { LabelMatcher } from './ast.js';

/** Label name → value, `__name__` included while a series still has its metric name. */
export type Labels = Record<string, string>;

export interface Sample {
  labels: Labels;
  value: number;
}

/** One series' points in a range: timestamps (epoch ms, ascending) and values. */
export interface Series {
  labels: Labels;
  t: readonly number[];
  v: readonly number[];
}

export type Value =
  | { type: 'scalar'; value: number }
  | { type: 'vector'; samples: Sample[] }
  | { type: 'matrix'; series: Series[] }
  | { type: 'string'; value: string };

/**
 * What the evaluator needs from storage. Both bounds are inclusive, as in Prometheus 2.x (the
 * version Debian ships and CI tests against).
 */
export interface Querier {
  /** For each matching series, its newest sample in [t - lookback, t], unless that is a staleness marker. */
  instant(matchers: readonly LabelMatcher[], t: number, lookbackMs: number): Sample[];
  /** For each matching series with points in [mint, maxt], those points (staleness markers left out). */
  range(matchers: readonly LabelMatcher[], mint: number, maxt: number): Series[];
}

/** An evaluation failed (e.g. many-to-many matching); the message is shown on the rule. */
export class EvalError extends Error {
  override name = 'EvalError';
}
