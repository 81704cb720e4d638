/**
 * Binary operators, as in Prometheus' engine: element operations with Go's float semantics,
 * scalar/vector broadcasting, one-to-one and group_left/group_right vector matching with its
 * errors, and the set operators and/or/unless.
 */
import { COMPARISON_OPS, type BinaryOp, type VectorMatching } from './ast.js';
import { dropName, formatLabels, labelsKey, signer } from './labels.js';
import { EvalError, type Labels, type Sample } from './values.js';

/** Go's math.Pow where it differs from `**`: 1^NaN and (-1)^±Inf are 1. */
function pow(x: number, y: number): number {
  if (x === 1 || y === 0) return 1;
  if (x === -1 && (y === Infinity || y === -Infinity)) return 1;
  return x ** y;
}

/** [value, keep]: the arithmetic result, or for comparisons the left value and the outcome. */
export function elementOp(op: BinaryOp, l: number, r: number): [number, boolean] {
  switch (op) {
    case '+':
      return [l + r, true];
    case '-':
      return [l - r, true];
    case '*':
      return [l * r, true];
    case '/':
      return [l / r, true];
    case '%':
      return [l % r, true]; // JavaScript's % is Go's math.Mod (sign of the dividend).
    case '^':
      return [pow(l, r), true];
    case '==':
      return [l, l === r];
    case '!=':
      return [l, l !== r];
    case '>':
      return [l, l > r];
    case '<':
      return [l, l < r];
    case '>=':
      return [l, l >= r];
    case '<=':
      return [l, l <= r];
    default:
      throw new EvalError(`operator "${op}" is not defined on numbers`);
  }
}

const dropsName = (op: BinaryOp, bool: boolean) => bool || !COMPARISON_OPS.has(op);

/** scalar op scalar (comparisons always carry `bool` here: the parser insists). */
export function scalarOp(op: BinaryOp, l: number, r: number): number {
  const [value, keep] = elementOp(op, l, r);
  return COMPARISON_OPS.has(op) ? (keep ? 1 : 0) : value;
}

/** vector op scalar, or scalar op vector when `scalarLeft`. */
export function vectorScalarOp(
  op: BinaryOp,
  samples: readonly Sample[],
  scalar: number,
  scalarLeft: boolean,
  bool: boolean,
): Sample[] {
  const out: Sample[] = [];
  for (const s of samples) {
    const [l, r] = scalarLeft ? [scalar, s.value] : [s.value, scalar];
    let [value, keep] = elementOp(op, l, r);
    // A comparison filters the vector; the vector's own value is kept whichever side it is on.
    if (COMPARISON_OPS.has(op) && scalarLeft) value = r;
    if (bool) [value, keep] = [keep ? 1 : 0, true];
    if (keep) out.push({ labels: dropsName(op, bool) ? dropName(s.labels) : s.labels, value });
  }
  return out;
}

function resultLabels(many: Labels, one: Labels, op: BinaryOp, bool: boolean, m: VectorMatching) {
  let labels: Labels = dropsName(op, bool) ? dropName(many) : { ...many };
  if (m.card === 'one-to-one') {
    if (m.on) {
      const kept: Labels = {};
      for (const name of m.labels) if (labels[name] !== undefined) kept[name] = labels[name]!;
      labels = kept;
    } else for (const name of m.labels) delete labels[name];
  }
  for (const name of m.include) {
    const value = one[name];
    if (value) labels[name] = value;
    else delete labels[name];
  }
  return labels;
}

/** vector op vector for arithmetic and comparisons. */
export function vectorVectorOp(
  op: BinaryOp,
  lhs: readonly Sample[],
  rhs: readonly Sample[],
  m: VectorMatching,
  bool: boolean,
): Sample[] {
  const swap = m.card === 'one-to-many';
  const [many, one] = swap ? [rhs, lhs] : [lhs, rhs];
  const signature = signer(m.on, m.labels);
  const ones = new Map<string, Sample>();
  for (const s of one) {
    const sig = signature(s.labels);
    const dup = ones.get(sig);
    if (dup)
      throw new EvalError(
        `found duplicate series for the match group ${formatLabels(s.labels)} on the ${swap ? 'left' : 'right'} hand-side of the operation: many-to-many matching not allowed: matching labels must be unique on one side`,
      );
    ones.set(sig, s);
  }
  const matched = new Set<string>();
  const out: Sample[] = [];
  for (const s of many) {
    const sig = signature(s.labels);
    const other = ones.get(sig);
    if (!other) continue;
    const [l, r] = swap ? [other.value, s.value] : [s.value, other.value];
    let [value, keep] = elementOp(op, l, r);
    if (bool) [value, keep] = [keep ? 1 : 0, true];
    if (!keep) continue;
    const labels = resultLabels(s.labels, other.labels, op, bool, m);
    const key = m.card === 'one-to-one' ? sig : labelsKey(labels);
    if (matched.has(key))
      throw new EvalError(
        m.card === 'one-to-one'
          ? 'multiple matches for labels: many-to-one matching must be explicit (group_left/group_right)'
          : 'multiple matches for labels: grouping labels must ensure unique matches',
      );
    matched.add(key);
    out.push({ labels, value });
  }
  return out;
}

/** and / or / unless: series kept or dropped by whether their signature exists on the other side. */
export function setOp(
  op: 'and' | 'or' | 'unless',
  lhs: Sample[],
  rhs: Sample[],
  m: VectorMatching,
) {
  const signature = signer(m.on, m.labels);
  const sig = (s: Sample) => signature(s.labels);
  if (op === 'or') {
    const left = new Set(lhs.map(sig));
    return [...lhs, ...rhs.filter((s) => !left.has(sig(s)))];
  }
  const right = new Set(rhs.map(sig));
  return lhs.filter((s) => right.has(sig(s)) === (op === 'and'));
}
