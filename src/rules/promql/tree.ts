/** What the node converters share: the error type, the lezer node type and small helpers. */
import type { parser } from '@prometheus-io/lezer-promql';
import type { Expr, ValueType } from './ast.js';

/** A node of lezer's syntax tree (typed through the parser: @lezer/common is not our dependency). */
export type SyntaxNode = ReturnType<typeof parser.parse>['topNode'];

/** A problem with an expression; the message is safe and meant for the config author. */
export class PromqlError extends Error {
  override name = 'PromqlError';
}

/** A checked expression and the type of value it yields. */
export interface Typed {
  expr: Expr;
  type: ValueType;
}

/** The source text and the recursive converter, handed to each node converter. */
export interface Source {
  text: string;
  of(node: SyntaxNode): string;
  convert(node: SyntaxNode): Typed;
}

export function childrenOf(node: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (let c = node.firstChild; c; c = c.nextSibling) out.push(c);
  return out;
}

/** `<what> is not supported`: the one phrasing for constructs outside the subset. */
export function unsupported(what: string): PromqlError {
  return new PromqlError(`${what} is not supported`);
}
