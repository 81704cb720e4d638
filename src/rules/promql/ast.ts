/**
 * The PromQL subset Opsdeck evaluates, as a small typed tree built from the official lezer
 * grammar's syntax tree (see parse.ts). Only what the evaluator supports can be represented, so
 * a parsed expression is always evaluable.
 */

/** The four PromQL value types; rules must produce a vector or a scalar. */
export type ValueType = 'scalar' | 'vector' | 'matrix' | 'string';

export type MatchType = '=' | '!=' | '=~' | '!~';

/** One `name op "value"` matcher; `test` is compiled once (regexes fully anchored). */
export interface LabelMatcher {
  name: string;
  type: MatchType;
  value: string;
  test(value: string): boolean;
}

/** An instant vector selector `name{matchers} offset d` (the name is an `__name__` matcher). */
export interface SelectorExpr {
  kind: 'selector';
  matchers: LabelMatcher[];
  offsetMs: number;
}

/** A range vector selector `selector[range]`. */
export interface MatrixExpr {
  kind: 'matrix';
  selector: SelectorExpr;
  rangeMs: number;
}

export type RangeFunction =
  | 'rate'
  | 'irate'
  | 'increase'
  | 'delta'
  | 'avg_over_time'
  | 'min_over_time'
  | 'max_over_time'
  | 'sum_over_time'
  | 'count_over_time'
  | 'quantile_over_time';

export type FunctionName =
  | RangeFunction
  | 'histogram_quantile'
  | 'abs'
  | 'clamp'
  | 'clamp_min'
  | 'clamp_max'
  | 'time'
  | 'vector'
  | 'scalar';

export interface CallExpr {
  kind: 'call';
  func: FunctionName;
  args: Expr[];
}

export type AggregateOp = 'sum' | 'avg' | 'min' | 'max' | 'count' | 'quantile' | 'topk' | 'bottomk';

export interface AggregateExpr {
  kind: 'aggregate';
  op: AggregateOp;
  /** The φ of quantile, the k of topk/bottomk. */
  param: Expr | undefined;
  expr: Expr;
  /** `by (…)` labels, or `without (…)` labels when `without` is true. */
  grouping: string[];
  without: boolean;
}

export type ArithmeticOp = '+' | '-' | '*' | '/' | '%' | '^';
export type ComparisonOp = '==' | '!=' | '>' | '<' | '>=' | '<=';
export type SetOp = 'and' | 'or' | 'unless';
export type BinaryOp = ArithmeticOp | ComparisonOp | SetOp;

/** How the two sides of a vector/vector operation are paired (Prometheus' VectorMatching). */
export interface VectorMatching {
  card: 'one-to-one' | 'many-to-one' | 'one-to-many' | 'many-to-many';
  /** True for `on (…)`, false for `ignoring (…)` (or no clause). */
  on: boolean;
  labels: string[];
  /** Labels copied from the "one" side by group_left/group_right. */
  include: string[];
}

export interface BinaryExpr {
  kind: 'binary';
  op: BinaryOp;
  lhs: Expr;
  rhs: Expr;
  /** The `bool` modifier of comparisons. */
  bool: boolean;
  matching: VectorMatching;
}

export interface UnaryExpr {
  kind: 'unary';
  op: '-' | '+';
  expr: Expr;
}

export interface NumberExpr {
  kind: 'number';
  value: number;
}

export interface StringExpr {
  kind: 'string';
  value: string;
}

export type Expr =
  | SelectorExpr
  | MatrixExpr
  | CallExpr
  | AggregateExpr
  | BinaryExpr
  | UnaryExpr
  | NumberExpr
  | StringExpr;

export const COMPARISON_OPS: ReadonlySet<BinaryOp> = new Set(['==', '!=', '>', '<', '>=', '<=']);
export const SET_OPS: ReadonlySet<BinaryOp> = new Set(['and', 'or', 'unless']);
