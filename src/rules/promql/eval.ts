/**
 * Evaluates a parsed expression at one instant against a Querier: the instant-query semantics
 * of Prometheus 2.x (5 minute lookback, inclusive range bounds, staleness markers honoured by
 * the querier). Errors that Prometheus raises at run time (e.g. many-to-many matching) throw
 * EvalError.
 */
import type { CallExpr, Expr, RangeFunction } from './ast.js';
import { aggregate } from './aggregate.js';
import { scalarOp, setOp, vectorScalarOp, vectorVectorOp } from './binary.js';
import { histogramQuantile } from './histogram.js';
import { dropName, formatLabels, labelsKey } from './labels.js';
import { applyRangeFunction } from './range-functions.js';
import { EvalError, type Querier, type Sample, type Value } from './values.js';

/** Prometheus' default `--query.lookback-delta`. */
export const DEFAULT_LOOKBACK_MS = 5 * 60_000;

export interface EvaluatorOptions {
  lookbackMs?: number;
}

/** Instant-query evaluation of parsed expressions over a Querier. */
export class Evaluator {
  readonly #lookbackMs: number;

  constructor(
    private readonly querier: Querier,
    options: EvaluatorOptions = {},
  ) {
    this.#lookbackMs = options.lookbackMs ?? DEFAULT_LOOKBACK_MS;
  }

  /** The value of `expr` at `time` (epoch ms). */
  evaluate(expr: Expr, time: number): Value {
    switch (expr.kind) {
      case 'number':
        return { type: 'scalar', value: expr.value };
      case 'string':
        return { type: 'string', value: expr.value };
      case 'selector':
        return {
          type: 'vector',
          samples: this.querier.instant(expr.matchers, time - expr.offsetMs, this.#lookbackMs),
        };
      case 'matrix': {
        const end = time - expr.selector.offsetMs;
        const series = this.querier.range(expr.selector.matchers, end - expr.rangeMs, end);
        return { type: 'matrix', series };
      }
      case 'unary': {
        const inner = this.evaluate(expr.expr, time);
        if (expr.op === '+') return inner;
        if (inner.type === 'scalar') return { type: 'scalar', value: -inner.value };
        return {
          type: 'vector',
          samples: this.#vector(inner).map((s) => ({
            labels: dropName(s.labels),
            value: -s.value,
          })),
        };
      }
      case 'aggregate': {
        const param = expr.param ? this.#scalar(this.evaluate(expr.param, time)) : NaN;
        const input = this.#vector(this.evaluate(expr.expr, time));
        const samples = aggregate(expr.op, input, expr.grouping, expr.without, param);
        return { type: 'vector', samples };
      }
      case 'binary':
        return this.#binary(expr, time);
      case 'call':
        return this.#call(expr, time);
    }
  }

  #binary(expr: Extract<Expr, { kind: 'binary' }>, time: number): Value {
    const lhs = this.evaluate(expr.lhs, time);
    const rhs = this.evaluate(expr.rhs, time);
    if (lhs.type === 'scalar' && rhs.type === 'scalar')
      return { type: 'scalar', value: scalarOp(expr.op, lhs.value, rhs.value) };
    if (lhs.type === 'scalar')
      return {
        type: 'vector',
        samples: vectorScalarOp(expr.op, this.#vector(rhs), lhs.value, true, expr.bool),
      };
    if (rhs.type === 'scalar')
      return {
        type: 'vector',
        samples: vectorScalarOp(expr.op, this.#vector(lhs), rhs.value, false, expr.bool),
      };
    const [l, r] = [this.#vector(lhs), this.#vector(rhs)];
    if (expr.op === 'and' || expr.op === 'or' || expr.op === 'unless')
      return { type: 'vector', samples: setOp(expr.op, l, r, expr.matching) };
    return { type: 'vector', samples: vectorVectorOp(expr.op, l, r, expr.matching, expr.bool) };
  }

  #call(expr: CallExpr, time: number): Value {
    const args = expr.args.map((a) => this.evaluate(a, time));
    const vector = (samples: Sample[]): Value => ({ type: 'vector', samples });
    const scalarArg = (i: number) => this.#scalar(args[i]!);
    const map = (f: (v: number) => number) =>
      vector(
        this.#vector(args[0]!).map((s) => ({ labels: dropName(s.labels), value: f(s.value) })),
      );
    switch (expr.func) {
      case 'time':
        return { type: 'scalar', value: time / 1000 };
      case 'vector':
        return vector([{ labels: {}, value: scalarArg(0) }]);
      case 'scalar': {
        const samples = this.#vector(args[0]!);
        return { type: 'scalar', value: samples.length === 1 ? samples[0]!.value : NaN };
      }
      case 'abs':
        return map(Math.abs);
      case 'clamp': {
        const [min, max] = [scalarArg(1), scalarArg(2)];
        if (max < min) return vector([]);
        return map((v) => Math.max(min, Math.min(max, v)));
      }
      case 'clamp_min':
        return map((v) => Math.max(scalarArg(1), v));
      case 'clamp_max':
        return map((v) => Math.min(scalarArg(1), v));
      case 'histogram_quantile':
        return vector(histogramQuantile(scalarArg(0), this.#vector(args[1]!)));
      case 'quantile_over_time':
        return vector(this.#range(expr, args[1]!, time, scalarArg(0)));
      default:
        return vector(this.#range(expr, args[0]!, time, NaN));
    }
  }

  #range(expr: CallExpr, arg: Value, time: number, param: number): Sample[] {
    if (arg.type !== 'matrix') throw new EvalError(`${expr.func} expects a range vector`);
    const matrix = expr.args[expr.args.length - 1];
    if (matrix?.kind !== 'matrix') throw new EvalError(`${expr.func} expects a range selector`);
    const end = time - matrix.selector.offsetMs;
    const out: Sample[] = [];
    const seen = new Set<string>();
    for (const series of arg.series) {
      const window = {
        t: series.t,
        v: series.v,
        start: end - matrix.rangeMs,
        end,
        rangeMs: matrix.rangeMs,
      };
      const value = applyRangeFunction(expr.func as RangeFunction, window, param);
      if (value === undefined) continue;
      const labels = dropName(series.labels);
      const key = labelsKey(labels);
      // Series that differ only by metric name would collide once the name is gone.
      if (seen.has(key))
        throw new EvalError(
          `vector cannot contain metrics with the same labelset ${formatLabels(labels)}`,
        );
      seen.add(key);
      out.push({ labels, value });
    }
    return out;
  }

  #vector(value: Value): Sample[] {
    if (value.type !== 'vector')
      throw new EvalError(`expected an instant vector, got ${value.type}`);
    return value.samples;
  }

  #scalar(value: Value): number {
    if (value.type !== 'scalar') throw new EvalError(`expected a scalar, got ${value.type}`);
    return value.value;
  }
}
