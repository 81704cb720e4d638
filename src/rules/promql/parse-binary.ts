/** Binary expressions: operator, `bool`, vector matching, and Prometheus' type rules for them. */
import { COMPARISON_OPS, SET_OPS, type BinaryOp, type VectorMatching } from './ast.js';
import { parseNumber } from './literals.js';
import { PromqlError, unsupported, type Source, type SyntaxNode, type Typed } from './tree.js';

const OPERATORS: Record<string, BinaryOp> = {
  Add: '+',
  Sub: '-',
  Mul: '*',
  Div: '/',
  Mod: '%',
  Pow: '^',
  Eql: '==',
  Neq: '!=',
  Gtr: '>',
  Lss: '<',
  Gte: '>=',
  Lte: '<=',
  And: 'and',
  Or: 'or',
  Unless: 'unless',
};

function labelsOf(src: Source, node: SyntaxNode | null | undefined): string[] {
  return (node?.getChildren('LabelName') ?? []).map((n) => src.of(n));
}

function matchingOf(src: Source, clause: SyntaxNode | undefined, op: BinaryOp): VectorMatching {
  const setOp = SET_OPS.has(op);
  const matching: VectorMatching = {
    card: setOp ? 'many-to-many' : 'one-to-one',
    on: false,
    labels: [],
    include: [],
  };
  if (!clause) return matching;
  const groups = clause.getChildren('GroupingLabels');
  matching.on = clause.getChild('On') !== null;
  matching.labels = labelsOf(src, groups[0]);
  const left = clause.getChild('GroupLeft') !== null;
  const right = clause.getChild('GroupRight') !== null;
  if (left || right) {
    if (setOp) throw new PromqlError(`no grouping allowed for "${op}" operation`);
    matching.card = left ? 'many-to-one' : 'one-to-many';
    matching.include = labelsOf(src, groups[1]);
    if (matching.on)
      for (const label of matching.include)
        if (matching.labels.includes(label))
          throw new PromqlError(`label "${label}" must not occur in ON and GROUP clause at once`);
  }
  return matching;
}

/** Converts a BinaryExpr node: `lhs op [bool] [on/ignoring (…) [group_x (…)]] rhs`. */
export function binaryExpr(src: Source, node: SyntaxNode, kids: SyntaxNode[]): Typed {
  const opName = kids.find((k) => Object.hasOwn(OPERATORS, k.name))?.name;
  // PromQL binds `^` tighter than a sign (-2 ^ 2 is -4), but lezer lexes `-2` as one literal.
  const first = kids[0]!;
  if (opName === 'Pow' && first.name === 'NumberDurationLiteral' && /^[-+]/.test(src.of(first)))
    return signedPow(src, node, kids);
  const lhs = src.convert(kids[0]!);
  const rhs = src.convert(kids[kids.length - 1]!);
  const opNode = kids.find((k) => Object.hasOwn(OPERATORS, k.name));
  if (!opNode) throw unsupported(`operator "${src.of(kids[1] ?? node)}"`);
  const op = OPERATORS[opNode.name]!;
  const bool = kids.some((k) => k.name === 'BoolModifier');
  const clause = kids.find((k) => k.name === 'MatchingModifierClause');
  const matching = matchingOf(src, clause, op);

  for (const side of [lhs, rhs])
    if (side.type !== 'scalar' && side.type !== 'vector')
      throw new PromqlError('binary expression must contain only scalar and instant vector types');
  const comparison = COMPARISON_OPS.has(op);
  if (bool && !comparison)
    throw new PromqlError('bool modifier can only be used on comparison operators');
  const bothVectors = lhs.type === 'vector' && rhs.type === 'vector';
  if (SET_OPS.has(op) && !bothVectors)
    throw new PromqlError(`set operator "${op}" not allowed in binary scalar expression`);
  if (clause && !bothVectors)
    throw new PromqlError('vector matching only allowed between instant vectors');
  if (comparison && !bool && lhs.type === 'scalar' && rhs.type === 'scalar')
    throw new PromqlError('comparisons between scalars must use BOOL modifier');
  const type = lhs.type === 'scalar' && rhs.type === 'scalar' ? 'scalar' : 'vector';
  return { expr: { kind: 'binary', op, lhs: lhs.expr, rhs: rhs.expr, bool, matching }, type };
}

/** `-2 ^ x` → `-(2 ^ x)`, as Prometheus' own parser reads it. */
function signedPow(src: Source, node: SyntaxNode, kids: SyntaxNode[]): Typed {
  const text = src.of(kids[0]!);
  const magnitude = parseNumber(text.slice(1))!;
  const rhs = src.convert(kids[kids.length - 1]!);
  const bool = kids.some((k) => k.name === 'BoolModifier');
  const matching = matchingOf(
    src,
    kids.find((k) => k.name === 'MatchingModifierClause'),
    '^',
  );
  if (rhs.type !== 'scalar' && rhs.type !== 'vector')
    throw new PromqlError('binary expression must contain only scalar and instant vector types');
  if (bool) throw new PromqlError('bool modifier can only be used on comparison operators');
  const lhs = { kind: 'number' as const, value: magnitude };
  const pow = { kind: 'binary' as const, op: '^' as const, lhs, rhs: rhs.expr, bool, matching };
  if (text.startsWith('+')) return { expr: pow, type: rhs.type };
  return { expr: { kind: 'unary', op: '-', expr: pow }, type: rhs.type };
}
