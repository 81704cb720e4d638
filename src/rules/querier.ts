/**
 * Where rule expressions are answered: our evaluator over scraped samples (LocalQuerier), or a
 * Prometheus server (remote/prometheus.ts). Either way a rule gets an instant vector.
 */
import type { Expr } from './promql/ast.js';
import { Evaluator } from './promql/eval.js';
import { parseRuleExpr } from './promql/rule-expr.js';
import type { Querier, Sample } from './promql/values.js';

export interface RuleQuerier {
  /** The rule expression `text` at `time` (epoch ms), a scalar as one unlabelled sample. */
  query(text: string, time: number): Promise<Sample[]>;
  close(): Promise<void>;
}

/** Answers rule expressions with our evaluator over the scraped samples. */
export class LocalQuerier implements RuleQuerier {
  readonly #evaluator: Evaluator;
  readonly #parsed = new Map<string, Expr>();

  constructor(storage: Querier) {
    this.#evaluator = new Evaluator(storage);
  }

  async query(text: string, time: number): Promise<Sample[]> {
    let expr = this.#parsed.get(text);
    if (!expr) this.#parsed.set(text, (expr = parseRuleExpr(text).expr));
    const value = this.#evaluator.evaluate(expr, time);
    if (value.type === 'scalar') return [{ labels: {}, value: value.value }];
    if (value.type === 'vector') return value.samples;
    throw new Error(`rule produced a ${value.type}`);
  }

  async close(): Promise<void> {}
}
