/**
 * Text forms Alertmanager prints for routes and groups, reproduced byte for byte so route keys
 * and group keys (the `groupKey` of webhook payloads) read the same as Alertmanager's.
 */
import type { Matcher, MatchType } from '../matchers/matcher.js';
import type { LabelSet } from '../model/labels.js';

/** Alertmanager's sort order for a route's matchers: name, then value, then type. */
const TYPE_ORDER: Record<MatchType, number> = { '=': 0, '!=': 1, '=~': 2, '!~': 3 };

/** Compares matchers as `labels.Matchers.Less` does. */
export function compareMatchers(a: Matcher, b: Matcher): number {
  if (a.name !== b.name) return a.name < b.name ? -1 : 1;
  if (a.value !== b.value) return a.value < b.value ? -1 : 1;
  return TYPE_ORDER[a.type] - TYPE_ORDER[b.type];
}

/** OpenMetrics escaping (`\\`, `\n`, `\"`), what `Matcher.String` uses, so it parses back. */
function openMetricsEscape(value: string): string {
  return value.replace(/[\\\n"]/g, (c) => (c === '\n' ? '\\n' : `\\${c}`));
}

/** `{a="b",c=~"d"}`, as `labels.Matchers.String`; the matchers are expected sorted. */
export function formatMatchers(matchers: readonly Matcher[]): string {
  return `{${matchers.map((m) => `${m.name}${m.type}"${openMetricsEscape(m.value)}"`).join(',')}}`;
}

const GO_ESCAPES: Record<string, string> = {
  '\x07': '\\a',
  '\b': '\\b',
  '\f': '\\f',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\v': '\\v',
  '"': '\\"',
  '\\': '\\\\',
};
// Go's unicode.IsPrint: letters, marks, numbers, punctuation, symbols and the ASCII space.
const GO_PRINTABLE = /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u;

/** Go's `strconv.Quote` (`%q`), which `model.LabelSet.String` uses for values. */
export function goQuote(text: string): string {
  let out = '"';
  for (const ch of text) {
    const escape = GO_ESCAPES[ch];
    if (escape !== undefined) out += escape;
    else if (GO_PRINTABLE.test(ch)) out += ch;
    else {
      const cp = ch.codePointAt(0)!;
      if (cp < 0x80) out += `\\x${cp.toString(16).padStart(2, '0')}`;
      else if (cp < 0x10000) out += `\\u${cp.toString(16).padStart(4, '0')}`;
      else out += `\\U${cp.toString(16).padStart(8, '0')}`;
    }
  }
  return out + '"';
}

/** `{alertname="x", service="y"}`, as `model.LabelSet.String` (pairs sorted as text). */
export function formatLabelSet(labels: LabelSet): string {
  const pairs = Object.keys(labels).map((name) => `${name}=${goQuote(labels[name]!)}`);
  // Go sorts the `name="value"` strings, not the names: `a1=…` sorts before `a=…`.
  pairs.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${pairs.join(', ')}}`;
}
