/**
 * Where every key and value of the merged config came from. Built while walking the YAML AST
 * (so positions survive merging files and concatenating lists) and queried when reporting.
 */
import type { Loc } from './issue.js';
import type { Path, Segment } from './paths.js';

/** How a scalar was produced from `${VAR}` references, so messages never print its value. */
export interface Origin {
  /** Variables referenced, in order of appearance. */
  vars: string[];
  /** True when the whole scalar was one reference, e.g. `${SLACK_URL}`. */
  whole: boolean;
}

/** A node of the source tree, mirroring the config's shape. */
export class SourceNode {
  /** Position of the map key naming this node, if it is a map entry. */
  key?: Loc;
  /** Position of the value. */
  value?: Loc;
  /** Set when the value was (partly) interpolated from the environment. */
  origin?: Origin;
  readonly children = new Map<Segment, SourceNode>();

  /** The child for `segment`, created on first use. */
  child(segment: Segment): SourceNode {
    let node = this.children.get(segment);
    if (!node) {
      node = new SourceNode();
      this.children.set(segment, node);
    }
    return node;
  }

  /** The node at `path`, if the source has one. */
  find(path: Path): SourceNode | undefined {
    return path.reduce<SourceNode | undefined>(
      (node, segment) => node?.children.get(segment),
      this,
    );
  }

  /**
   * The best position for an error at `path`: the value (or the key when `prefer` is `'key'`),
   * else the key of the nearest ancestor that exists. A missing required field thus points at
   * the entry that lacks it.
   */
  locate(path: Path, prefer: 'key' | 'value' = 'value'): Loc | undefined {
    const node = this.find(path);
    const own = prefer === 'key' ? (node?.key ?? node?.value) : (node?.value ?? node?.key);
    if (own) return own;
    return path.length === 0 ? undefined : this.locate(path.slice(0, -1), 'key');
  }
}
