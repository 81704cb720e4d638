/**
 * Which scraped series to keep: those that at least one rule selector could select. Samples
 * are matched after target labels are applied, so `job`/`instance` matchers work too; anything
 * no rule reads never reaches memory.
 */
import type { Expr, LabelMatcher } from '../promql/ast.js';
import { matchesAll } from '../promql/matchers.js';
import type { Labels } from '../promql/values.js';

/** Every selector's matchers in an expression. */
export function selectorsOf(expr: Expr, out: LabelMatcher[][] = []): LabelMatcher[][] {
  switch (expr.kind) {
    case 'selector':
      out.push(expr.matchers);
      break;
    case 'matrix':
      out.push(expr.selector.matchers);
      break;
    case 'call':
      expr.args.forEach((a) => selectorsOf(a, out));
      break;
    case 'aggregate':
      if (expr.param) selectorsOf(expr.param, out);
      selectorsOf(expr.expr, out);
      break;
    case 'binary':
      selectorsOf(expr.lhs, out);
      selectorsOf(expr.rhs, out);
      break;
    case 'unary':
      selectorsOf(expr.expr, out);
      break;
  }
  return out;
}

/** The longest time back any selector reads: range + offset (lookback is added by the caller). */
export function longestReach(expr: Expr): number {
  switch (expr.kind) {
    case 'selector':
      return Math.max(0, expr.offsetMs);
    case 'matrix':
      return expr.rangeMs + Math.max(0, expr.selector.offsetMs);
    case 'call':
      return Math.max(0, ...expr.args.map(longestReach));
    case 'aggregate':
      return Math.max(longestReach(expr.expr), expr.param ? longestReach(expr.param) : 0);
    case 'binary':
      return Math.max(longestReach(expr.lhs), longestReach(expr.rhs));
    case 'unary':
      return longestReach(expr.expr);
    default:
      return 0;
  }
}

/** Matches series against every rule selector, indexed by pinned metric name. */
export class SeriesFilter {
  /** Selectors grouped by the metric name they pin (undefined: any name). */
  readonly #byName = new Map<string | undefined, LabelMatcher[][]>();

  constructor(selectors: readonly LabelMatcher[][]) {
    for (const matchers of selectors) {
      const name = matchers.find((m) => m.name === '__name__' && m.type === '=')?.value;
      const list = this.#byName.get(name) ?? [];
      list.push(matchers);
      this.#byName.set(name, list);
    }
  }

  /** True when some selector matches the series (labels including `__name__`). */
  keeps(labels: Labels): boolean {
    for (const name of [labels.__name__, undefined])
      for (const matchers of this.#byName.get(name) ?? [])
        if (matchesAll(matchers, labels)) return true;
    return false;
  }
}
