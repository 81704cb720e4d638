/** Function calls and aggregations, checked against the supported signatures. */
import type { Expr } from './ast.js';
import {
  childrenOf,
  PromqlError,
  unsupported,
  type Source,
  type SyntaxNode,
  type Typed,
} from './tree.js';
import {
  AGGREGATIONS,
  FUNCTIONS,
  describeType,
  isAggregateOp,
  isFunctionName,
} from './signatures.js';

/** Converts a FunctionCall node: `name(args…)`. */
export function callExpr(src: Source, kids: SyntaxNode[]): Typed {
  const name = src.of(kids.find((k) => k.name === 'FunctionIdentifier')!);
  if (!isFunctionName(name)) throw unsupported(`function "${name}"`);
  const body = kids.find((k) => k.name === 'FunctionCallBody');
  const args = body ? childrenOf(body).map((n) => src.convert(n)) : [];
  const signature = FUNCTIONS[name];
  if (args.length !== signature.args.length)
    throw new PromqlError(
      `call to function "${name}": expected ${signature.args.length} argument(s), got ${args.length}`,
    );
  args.forEach((arg, i) => {
    const want = signature.args[i]!;
    if (arg.type !== want)
      throw new PromqlError(
        `call to function "${name}": expected type ${describeType(want)}, got ${describeType(arg.type)}`,
      );
  });
  return {
    expr: { kind: 'call', func: name, args: args.map((a) => a.expr) },
    type: signature.returns,
  };
}

/** Converts an AggregateExpr node: `op [by|without (…)] ([param,] expr) [by|without (…)]`. */
export function aggregateExpr(src: Source, kids: SyntaxNode[]): Typed {
  const op = src.of(kids.find((k) => k.name === 'AggregateOp')!);
  if (!isAggregateOp(op)) throw unsupported(`aggregation "${op}"`);
  const modifier = kids.find((k) => k.name === 'AggregateModifier');
  const without = modifier?.getChild('Without') != null;
  const grouping = (modifier?.getChild('GroupingLabels')?.getChildren('LabelName') ?? []).map((n) =>
    src.of(n),
  );
  const body = kids.find((k) => k.name === 'FunctionCallBody');
  const args = body ? childrenOf(body).map((n) => src.convert(n)) : [];
  const wanted = AGGREGATIONS[op].param ? 2 : 1;
  if (args.length !== wanted)
    throw new PromqlError(`wrong number of arguments for aggregate expression "${op}"`);
  let param: Expr | undefined;
  if (wanted === 2) {
    if (args[0]!.type !== 'scalar')
      throw new PromqlError(
        `aggregation "${op}": expected type scalar as parameter, got ${describeType(args[0]!.type)}`,
      );
    param = args[0]!.expr;
  }
  const inner = args[wanted - 1]!;
  if (inner.type !== 'vector')
    throw new PromqlError(
      `aggregation "${op}": expected type instant vector, got ${describeType(inner.type)}`,
    );
  return {
    expr: { kind: 'aggregate', op, param, expr: inner.expr, grouping, without },
    type: 'vector',
  };
}
