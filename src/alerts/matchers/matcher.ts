/**
 * Label matchers with Alertmanager semantics: `=`, `!=`, `=~`, `!~`, regexes fully anchored
 * (`^(?:re)$`), and a missing label reads as the empty string (so `team=""` matches alerts
 * without `team`).
 */
import type { LabelSet } from '../model/labels.js';

export type MatchType = '=' | '!=' | '=~' | '!~';

export interface Matcher {
  name: string;
  type: MatchType;
  value: string;
}

/** A matcher ready to test: the regex compiled once. */
export interface CompiledMatcher extends Matcher {
  test(labels: LabelSet): boolean;
}

/** Throws a SyntaxError naming the regex when `value` does not compile. */
export function compileMatcher(m: Matcher): CompiledMatcher {
  const { name, type, value } = m;
  switch (type) {
    case '=':
      return { ...m, test: (l) => (l[name] ?? '') === value };
    case '!=':
      return { ...m, test: (l) => (l[name] ?? '') !== value };
    case '=~': {
      const re = anchored(value);
      return { ...m, test: (l) => re.test(l[name] ?? '') };
    }
    case '!~': {
      const re = anchored(value);
      return { ...m, test: (l) => !re.test(l[name] ?? '') };
    }
  }
}

/** Leading RE2 inline flags (`(?i)`, `(?is)`…), which JavaScript only takes as flags. */
const INLINE_FLAGS = /^\(\?([ims]+)\)/;

function anchored(source: string): RegExp {
  try {
    // `s`: Go's RE2 is run with (?s) by Prometheus' matchers, so `.` matches newlines.
    // Leading inline flags are common in Alertmanager configs (`(?i)error`): lift them.
    const inline = INLINE_FLAGS.exec(source);
    const flags = new Set(['s', 'u', ...(inline?.[1] ?? '')]);
    const body = inline ? source.slice(inline[0].length) : source;
    return new RegExp(`^(?:${body})$`, [...flags].join(''));
  } catch (error) {
    throw new SyntaxError(`invalid regular expression /${source}/: ${(error as Error).message}`);
  }
}

export function matchesAll(matchers: readonly CompiledMatcher[], labels: LabelSet): boolean {
  for (const m of matchers) if (!m.test(labels)) return false;
  return true;
}

/** `name="value"` with the value quoted as Alertmanager prints it. */
export function formatMatcher(m: Matcher): string {
  return `${m.name}${m.type}${JSON.stringify(m.value)}`;
}
