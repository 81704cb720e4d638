/**
 * PromQL text → the typed subset tree (ast.ts), through the official grammar
 * (`@prometheus-io/lezer-promql`, the parser of Prometheus' own UI). Syntax errors, type errors
 * and constructs outside the subset all throw a PromqlError whose message names the problem
 * (`subquery is not supported`), so config loading can report it against `expr`.
 */
import { parser } from '@prometheus-io/lezer-promql';
import type { LabelMatcher, MatchType, SelectorExpr } from './ast.js';
import { binaryExpr } from './parse-binary.js';
import { callExpr, aggregateExpr } from './parse-calls.js';
import { parseDurationLiteral, parseNumber, unquote } from './literals.js';
import { newMatcher } from './matchers.js';
import {
  childrenOf,
  PromqlError,
  unsupported,
  type Source,
  type SyntaxNode,
  type Typed,
} from './tree.js';

export { PromqlError, type Typed };

/** Names of grammar nodes for constructs outside the subset, as messages call them. */
const UNSUPPORTED: Record<string, string> = {
  SubqueryExpr: 'subquery',
  StepInvariantExpr: '@ modifier',
  AnchoredExpr: 'anchored modifier',
  SmoothedExpr: 'smoothed modifier',
  FillClause: 'fill modifier',
  FillLeftClause: 'fill modifier',
  FillRightClause: 'fill modifier',
  QuotedLabelMatcher: 'quoted label name',
  QuotedLabelName: 'quoted label name',
};

/** Parses and type-checks `text`. Throws PromqlError. */
export function parsePromql(text: string): Typed {
  const tree = parser.parse(text);
  tree.iterate({
    enter(node) {
      if (node.type.isError) {
        const near = text.slice(node.from, node.from + 10);
        throw new PromqlError(
          near === ''
            ? `syntax error at character ${node.from + 1}: unexpected end of input`
            : `syntax error at character ${node.from + 1}: unexpected "${near}"`,
        );
      }
      const name = UNSUPPORTED[node.name];
      if (name) throw unsupported(name);
    },
  });
  const root = tree.topNode.firstChild;
  if (!root) throw new PromqlError('empty expression');
  const source: Source = {
    text,
    of: (node) => text.slice(node.from, node.to),
    convert: (node) => convert(source, node),
  };
  return source.convert(root);
}

function convert(src: Source, node: SyntaxNode): Typed {
  const kids = childrenOf(node);
  switch (node.name) {
    case 'ParenExpr':
      return src.convert(kids[0]!);
    case 'NumberDurationLiteral': {
      const value = parseNumber(src.of(node));
      if (value === undefined) throw unsupported(`duration "${src.of(node)}" used as a number`);
      return { expr: { kind: 'number', value }, type: 'scalar' };
    }
    case 'StringLiteral':
      return { expr: { kind: 'string', value: stringOf(src, node) }, type: 'string' };
    case 'VectorSelector':
      return { expr: selector(src, node, 0), type: 'vector' };
    case 'MatrixSelector':
      return matrix(src, node, 0);
    case 'OffsetExpr':
      return offset(src, node, kids);
    case 'UnaryExpr': {
      const op = src.of(kids[0]!) === '-' ? '-' : '+';
      const inner = src.convert(kids[1]!);
      if (inner.type !== 'scalar' && inner.type !== 'vector')
        throw new PromqlError(
          'unary expression only allowed on expressions of type scalar or instant vector',
        );
      if (inner.expr.kind === 'number' && op === '-')
        return { expr: { kind: 'number', value: -inner.expr.value }, type: 'scalar' };
      return { expr: { kind: 'unary', op, expr: inner.expr }, type: inner.type };
    }
    case 'BinaryExpr':
      return binaryExpr(src, node, kids);
    case 'FunctionCall':
      return callExpr(src, kids);
    case 'AggregateExpr':
      return aggregateExpr(src, kids);
    default:
      throw unsupported(`"${src.of(node)}" (${node.name})`);
  }
}

function stringOf(src: Source, node: SyntaxNode): string {
  try {
    return unquote(src.of(node));
  } catch (error) {
    throw new PromqlError((error as Error).message);
  }
}

const MATCH_TYPES: Record<string, MatchType> = { '=': '=', '!=': '!=', '=~': '=~', '!~': '!~' };

function selector(src: Source, node: SyntaxNode, offsetMs: number): SelectorExpr {
  const matchers: LabelMatcher[] = [];
  const name = node.getChild('Identifier');
  if (name) matchers.push(newMatcher('__name__', '=', src.of(name)));
  for (const m of node.getChild('LabelMatchers')?.getChildren('UnquotedLabelMatcher') ?? []) {
    const label = src.of(m.getChild('LabelName')!);
    const type = MATCH_TYPES[src.of(m.getChild('MatchOp')!)]!;
    if (label === '__name__' && name) throw new PromqlError('metric name must not be set twice');
    try {
      matchers.push(newMatcher(label, type, stringOf(src, m.getChild('StringLiteral')!)));
    } catch (error) {
      throw new PromqlError((error as Error).message);
    }
  }
  // Prometheus refuses selectors that would match every series in the database.
  if (!matchers.some((m) => !m.test('')))
    throw new PromqlError('vector selector must contain at least one non-empty matcher');
  return { kind: 'selector', matchers, offsetMs };
}

function durationOf(src: Source, node: SyntaxNode | null, what: string): number {
  const text = node ? src.of(node).trim() : '';
  const literal = node?.firstChild;
  const ms = parseDurationLiteral(text);
  if (ms === undefined || !literal || literal.nextSibling)
    throw unsupported(`${what} "${text}" (only literal durations such as 5m)`);
  return ms;
}

function matrix(src: Source, node: SyntaxNode, offsetMs: number): Typed {
  const rangeMs = durationOf(src, node.getChild('DurationExpr'), 'range');
  if (rangeMs <= 0) throw new PromqlError('range must be greater than 0');
  const sel = selector(src, node.getChild('VectorSelector')!, offsetMs);
  return { expr: { kind: 'matrix', selector: sel, rangeMs }, type: 'matrix' };
}

function offset(src: Source, node: SyntaxNode, kids: SyntaxNode[]): Typed {
  let durationNode = node.getChild('OffsetDurationExpr');
  let sign = 1;
  if (durationNode?.getChild('UnaryOp')) {
    sign = src.of(durationNode.getChild('UnaryOp')!) === '-' ? -1 : 1;
    durationNode = durationNode.getChild('OffsetDurationExpr');
  }
  const ms = sign * durationOf(src, durationNode, 'offset');
  const inner = kids[0]!;
  if (inner.name === 'VectorSelector') return { expr: selector(src, inner, ms), type: 'vector' };
  if (inner.name === 'MatrixSelector') return matrix(src, inner, ms);
  throw new PromqlError('offset modifier must be preceded by a vector selector or range selector');
}
