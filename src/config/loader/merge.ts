/**
 * Merges the documents of all files into one config. Sections that are maps of ids
 * (`services`, `people`, …) merge entry by entry; list sections concatenate; any other key
 * (`server`, later `routes`) belongs to exactly one document. Defining the same thing twice is
 * an error that names both places, because silently letting one file win hides mistakes.
 */
import type { ConfigIssue, Loc } from './issue.js';
import { formatPath } from './paths.js';
import { SourceNode } from './source-map.js';
import type { Fragment } from './yaml-file.js';

/** How a top-level key merges across documents. */
export type SectionKind = 'map' | 'list' | 'single';

/** The merged data and positions, plus merge errors. */
export interface Merged {
  value: Record<string, unknown>;
  source: SourceNode;
  issues: ConfigIssue[];
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function where(loc: Loc | undefined): string {
  return loc ? `${loc.file}:${loc.line}:${loc.col}` : 'another file';
}

/** Merges `fragments` in order; `kindOf` says how each top-level key merges. */
export function mergeFragments(
  fragments: readonly Fragment[],
  kindOf: (section: string) => SectionKind,
): Merged {
  const merged: Merged = { value: {}, source: new SourceNode(), issues: [] };
  const duplicate = (path: string[], first: SourceNode | undefined, again: SourceNode) => {
    const at = again.key ?? again.value;
    if (!at) return;
    merged.issues.push({
      ...at,
      path: formatPath(path),
      message: `defined twice (first at ${where(first?.key ?? first?.value)})`,
    });
  };

  for (const fragment of fragments) {
    if (fragment.value === null || fragment.value === undefined) continue;
    if (!isPlainObject(fragment.value)) {
      merged.issues.push({
        ...fragment.at,
        path: '',
        message: 'expected a mapping of sections (services, people, …) at the top of the document',
      });
      continue;
    }
    for (const [section, value] of Object.entries(fragment.value)) {
      const from = fragment.source.child(section);
      const kind = kindOf(section);
      const existing = merged.value[section];
      const target = merged.source.child(section);
      // An empty section (`people:` with every entry commented out) merges as nothing.
      if (kind !== 'single' && value === null) {
        target.key ??= from.key;
        continue;
      }
      if (
        kind === 'map' &&
        isPlainObject(value) &&
        (existing === undefined || isPlainObject(existing))
      ) {
        const into = (existing as Record<string, unknown> | undefined) ?? {};
        for (const [id, entry] of Object.entries(value)) {
          const node = from.children.get(id) ?? new SourceNode();
          if (Object.hasOwn(into, id)) duplicate([section, id], target.children.get(id), node);
          else {
            into[id] = entry;
            target.children.set(id, node);
          }
        }
        merged.value[section] = into;
        target.key ??= from.key;
        target.value ??= from.value;
      } else if (
        kind === 'list' &&
        Array.isArray(value) &&
        (existing === undefined || Array.isArray(existing))
      ) {
        const into = (existing as unknown[] | undefined) ?? [];
        // Positions move with the items: item i of this document becomes item offset+i.
        value.forEach((item, index) => {
          target.children.set(into.length, from.children.get(index) ?? new SourceNode());
          into.push(item);
        });
        merged.value[section] = into;
        target.key ??= from.key;
        target.value ??= from.value;
      } else if (existing !== undefined) {
        duplicate([section], target, from);
      } else {
        merged.value[section] = value;
        merged.source.children.set(section, from);
      }
    }
  }
  return merged;
}
