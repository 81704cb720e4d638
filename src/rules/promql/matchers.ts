/**
 * Label matchers. PromQL regexes are RE2 and fully anchored; JavaScript's engine accepts the
 * common RE2 syntax, and the one RE2 form people use that JavaScript lacks, a leading `(?i)`,
 * becomes the `i` flag. Anything else JavaScript rejects is reported at config load.
 */
import type { LabelMatcher, MatchType } from './ast.js';

/** Compiles a Prometheus regex into an anchored JavaScript RegExp (throws when invalid). */
export function compileRegex(source: string): RegExp {
  let flags = 's'; // Prometheus compiles with (?s): `.` matches a newline too.
  let body = source;
  if (body.startsWith('(?i)')) {
    flags += 'i';
    body = body.slice(4);
  }
  if (/\(\?[a-zA-Z]/.test(body)) throw new Error(`unsupported regex flag group in "${source}"`);
  try {
    return new RegExp(`^(?:${body})$`, flags);
  } catch (error) {
    throw new Error(`invalid regex "${source}": ${(error as Error).message}`);
  }
}

/** A compiled matcher; throws on an invalid regex. */
export function newMatcher(name: string, type: MatchType, value: string): LabelMatcher {
  switch (type) {
    case '=':
      return { name, type, value, test: (v) => v === value };
    case '!=':
      return { name, type, value, test: (v) => v !== value };
    case '=~': {
      const re = compileRegex(value);
      return { name, type, value, test: (v) => re.test(v) };
    }
    case '!~': {
      const re = compileRegex(value);
      return { name, type, value, test: (v) => !re.test(v) };
    }
  }
}

/** True when every matcher accepts the series (a missing label reads as ""). */
export function matchesAll(matchers: readonly LabelMatcher[], labels: Record<string, string>) {
  for (const m of matchers) if (!m.test(labels[m.name] ?? '')) return false;
  return true;
}

/** The metric name an equality matcher pins down, for indexing; undefined otherwise. */
export function metricNameOf(matchers: readonly LabelMatcher[]): string | undefined {
  return matchers.find((m) => m.name === '__name__' && m.type === '=')?.value;
}
