/**
 * One pass over a YAML document's AST that (1) expands `${VAR}` in scalar values, in place, so
 * `doc.toJS()` then yields the final data with yaml's own alias and merge handling, and
 * (2) records the position of every key and value in a `SourceNode` tree.
 */
import {
  isAlias,
  isMap,
  isScalar,
  isSeq,
  type Document,
  type LineCounter,
  type Node,
  type Scalar,
  type ScalarTag,
} from 'yaml';
import type { ConfigIssue, Loc } from './issue.js';
import { interpolate, isInterpolationError } from './interpolate.js';
import { formatPath, type Segment } from './paths.js';
import { SourceNode, type Origin } from './source-map.js';

/** Everything the walk needs about the document being walked. */
export interface WalkContext {
  file: string;
  doc: Document;
  lineCounter: LineCounter;
  env: NodeJS.ProcessEnv;
  issues: ConfigIssue[];
  /** Scalars already expanded (an alias visits its anchor again); `null` = nothing to expand. */
  expanded: WeakMap<Scalar, Origin | null>;
}

/** The 1-based position of a source offset. */
export function locAt(ctx: WalkContext, offset: number): Loc {
  const { line, col } = ctx.lineCounter.linePos(offset);
  return { file: ctx.file, line, col };
}

function nodeLoc(ctx: WalkContext, node: Node): Loc | undefined {
  return node.range ? locAt(ctx, node.range[0]) : undefined;
}

/** Resolves a plain scalar's text the way YAML would have (`8080` → number, `true` → boolean). */
function retype(ctx: WalkContext, text: string): unknown {
  const tag = ctx.doc.schema.tags.find(
    (t): t is ScalarTag => t.default === true && !t.collection && (t.test?.test(text) ?? false),
  );
  if (!tag) return text;
  const resolved = tag.resolve(text, () => undefined, {});
  return isScalar(resolved) ? resolved.value : resolved;
}

function expand(
  ctx: WalkContext,
  scalar: Scalar,
  path: Segment[],
  at: Loc | undefined,
): Origin | null {
  const done = ctx.expanded.get(scalar);
  if (done !== undefined) return done;
  let origin: Origin | null = null;
  if (typeof scalar.value === 'string' && scalar.value.includes('${')) {
    const result = interpolate(scalar.value, ctx.env);
    if (isInterpolationError(result)) {
      const loc = at ?? { file: ctx.file, line: 0, col: 0 };
      ctx.issues.push({ ...loc, path: formatPath(path), message: result.error });
    } else {
      // Only unquoted, untagged, whole references are re-typed: quoting means "string".
      const plain = scalar.type === 'PLAIN' && scalar.tag === undefined;
      scalar.value = plain && result.whole ? retype(ctx, result.value) : result.value;
      if (result.vars.length > 0) origin = { vars: result.vars, whole: result.whole };
    }
  }
  ctx.expanded.set(scalar, origin);
  return origin;
}

/**
 * Walks `node` (the value at `path`) into `source`. `active` guards against aliases that
 * contain themselves, which yaml would reject later anyway.
 */
export function walk(
  ctx: WalkContext,
  node: unknown,
  path: Segment[],
  source: SourceNode,
  active: Set<unknown> = new Set(),
): void {
  if (node === null || typeof node !== 'object' || active.has(node)) return;
  const at = nodeLoc(ctx, node as Node);
  if (at) source.value = at;
  if (isAlias(node)) {
    active.add(node);
    const target = node.resolve(ctx.doc);
    // Keep the alias' own position; children get the anchor's positions.
    if (target) walk(ctx, target, path, source, active);
    if (at) source.value = at;
    active.delete(node);
    return;
  }
  if (isScalar(node)) {
    const origin = expand(ctx, node, path, at);
    if (origin) source.origin = origin;
    return;
  }
  active.add(node);
  if (isMap(node)) {
    // yaml's own duplicate-key check (uniqueKeys) is quadratic in the number of keys, which
    // a 1,000-service map pays at every start; a Set here does the same job in linear time.
    const seen = new Map<string, Loc | undefined>();
    for (const pair of node.items) {
      const keyNode = pair.key;
      const key = isScalar(keyNode) ? String(keyNode.value) : String(keyNode);
      if (key === '<<' && isScalar(keyNode)) {
        // Merge keys: expand the merged values, but positions stay with the explicit keys.
        walk(ctx, pair.value, path, new SourceNode(), active);
        continue;
      }
      const keyLoc = isScalar(keyNode) ? nodeLoc(ctx, keyNode) : undefined;
      if (seen.has(key)) {
        const first = seen.get(key);
        const where = first ? ` (first at line ${first.line}, column ${first.col})` : '';
        const loc = keyLoc ?? at ?? { file: ctx.file, line: 0, col: 0 };
        ctx.issues.push({
          ...loc,
          path: formatPath([...path, key]),
          message: `duplicate key '${key}'${where}`,
        });
        continue;
      }
      seen.set(key, keyLoc);
      const child = source.child(key);
      if (keyLoc) child.key = keyLoc;
      walk(ctx, pair.value, [...path, key], child, active);
    }
  } else if (isSeq(node)) {
    node.items.forEach((item, index) =>
      walk(ctx, item, [...path, index], source.child(index), active),
    );
  }
  active.delete(node);
}
