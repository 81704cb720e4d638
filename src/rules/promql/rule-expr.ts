/** The check config loading runs on every `alert_rules[].expr`. */
import { describeType } from './signatures.js';
import { parsePromql, PromqlError, type Typed } from './parse.js';

/** Parses a rule expression, which must yield an instant vector or a scalar. Throws PromqlError. */
export function parseRuleExpr(text: string): Typed {
  const typed = parsePromql(text);
  if (typed.type !== 'vector' && typed.type !== 'scalar')
    throw new PromqlError(
      `a rule must produce an instant vector or a scalar, not a ${describeType(typed.type)}`,
    );
  return typed;
}

/** Why `text` is not a usable rule expression, or undefined. */
export function ruleExprProblem(text: string): string | undefined {
  try {
    parseRuleExpr(text);
    return undefined;
  } catch (error) {
    if (error instanceof PromqlError) return error.message;
    throw error;
  }
}
