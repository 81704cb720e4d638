/**
 * The supported functions and aggregations with their argument types: the single list the
 * parser checks calls against, and the documented subset (README).
 */
import type { AggregateOp, FunctionName, ValueType } from './ast.js';

export interface Signature {
  args: ValueType[];
  returns: ValueType;
}

const RANGE_TO_VECTOR: Signature = { args: ['matrix'], returns: 'vector' };

/** Every supported function; lezer node names map to these through the call's text. */
export const FUNCTIONS: Record<FunctionName, Signature> = {
  rate: RANGE_TO_VECTOR,
  irate: RANGE_TO_VECTOR,
  increase: RANGE_TO_VECTOR,
  delta: RANGE_TO_VECTOR,
  avg_over_time: RANGE_TO_VECTOR,
  min_over_time: RANGE_TO_VECTOR,
  max_over_time: RANGE_TO_VECTOR,
  sum_over_time: RANGE_TO_VECTOR,
  count_over_time: RANGE_TO_VECTOR,
  quantile_over_time: { args: ['scalar', 'matrix'], returns: 'vector' },
  histogram_quantile: { args: ['scalar', 'vector'], returns: 'vector' },
  abs: { args: ['vector'], returns: 'vector' },
  clamp: { args: ['vector', 'scalar', 'scalar'], returns: 'vector' },
  clamp_min: { args: ['vector', 'scalar'], returns: 'vector' },
  clamp_max: { args: ['vector', 'scalar'], returns: 'vector' },
  time: { args: [], returns: 'scalar' },
  vector: { args: ['scalar'], returns: 'vector' },
  scalar: { args: ['vector'], returns: 'scalar' },
};

/** Aggregations, and whether they take a scalar parameter first (`quantile(0.9, …)`). */
export const AGGREGATIONS: Record<AggregateOp, { param: boolean }> = {
  sum: { param: false },
  avg: { param: false },
  min: { param: false },
  max: { param: false },
  count: { param: false },
  quantile: { param: true },
  topk: { param: true },
  bottomk: { param: true },
};

export function isFunctionName(name: string): name is FunctionName {
  return Object.hasOwn(FUNCTIONS, name);
}

export function isAggregateOp(name: string): name is AggregateOp {
  return Object.hasOwn(AGGREGATIONS, name);
}

/** How Prometheus names value types in its messages. */
export function describeType(type: ValueType): string {
  return type === 'matrix' ? 'range vector' : type === 'vector' ? 'instant vector' : type;
}
