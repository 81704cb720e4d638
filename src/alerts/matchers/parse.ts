/**
 * Alertmanager's "classic" matcher syntax (pkg/labels/parse.go, what Alertmanager 0.25 and
 * `amtool` accept): `{a="b", c=~"x|y"}` or `a=b,c!="d"`. It is deliberately tolerant, because
 * users paste these from amtool, Grafana and old configs: braces are optional, values may be
 * unquoted, a trailing comma is fine, and a backslash before anything but `"`, `\` or `n` is a
 * literal backslash. Errors keep Alertmanager's wording so people recognise them.
 */
import { compileMatcher, type Matcher, type MatchType } from './matcher.js';

// Go's `\s` is ASCII-only ([\t\n\f\r ]); JS's would also eat \v and Unicode spaces.
const MATCHER_RE =
  /^[\t\n\f\r ]*([a-zA-Z_:][a-zA-Z0-9_:]*)[\t\n\f\r ]*(=~|=|!=|!~)[\t\n\f\r ]*([\s\S]*?)[\t\n\f\r ]*$/;

/**
 * Parses a comma-separated list of matchers. One leading `{` and one trailing `}` are dropped
 * (exactly one each, as Alertmanager does); commas inside double quotes do not separate.
 *
 * @throws SyntaxError naming the offending matcher, e.g. `bad matcher format: invalid-name="x"`.
 */
export function parseMatchers(text: string): Matcher[] {
  let s = text.startsWith('{') ? text.slice(1) : text;
  if (s.endsWith('}')) s = s.slice(0, -1);

  const tokens: string[] = [];
  let token = '';
  let insideQuotes = false;
  let escaped = false;
  for (const ch of s) {
    if (ch === ',' && !insideQuotes) {
      // Untrimmed, as in Go: an empty token between two commas is an error, not skipped.
      tokens.push(token);
      token = '';
      continue;
    }
    if (ch === '"') {
      if (escaped) escaped = false;
      else insideQuotes = !insideQuotes;
    } else if (ch === '\\') {
      escaped = !escaped;
    } else {
      escaped = false;
    }
    token += ch;
  }
  // Only the last token may be blank, which is what makes a trailing comma harmless.
  if (token.trim() !== '') tokens.push(token.trim());
  return tokens.map(parseMatcher);
}

/**
 * Parses one matcher: a label name, one of `=`, `!=`, `=~`, `!~`, and a value that may be
 * double-quoted. In the value, `\"`, `\\` and `\n` are escapes; an empty value is allowed
 * (`job=` matches alerts without `job`, as in Alertmanager ≥ 0.25). Regexes are compiled to
 * check them.
 *
 * @throws SyntaxError with Alertmanager's message for the offending part.
 */
export function parseMatcher(text: string): Matcher {
  const m = MATCHER_RE.exec(text);
  if (!m) throw new SyntaxError(`bad matcher format: ${text}`);
  const [, name, op, raw] = m as unknown as [string, string, MatchType, string];

  let rawValue = raw;
  let expectTrailingQuote = false;
  if (rawValue.startsWith('"')) {
    rawValue = rawValue.slice(1);
    expectTrailingQuote = true;
  }
  const unquotedError = () =>
    new SyntaxError(`matcher value contains unescaped double quote: ${raw}`);

  let value = '';
  let escaped = false;
  const last = rawValue.length - 1;
  for (let i = 0; i < rawValue.length; i++) {
    const ch = rawValue[i]!;
    if (escaped) {
      escaped = false;
      if (ch === 'n') value += '\n';
      else if (ch === '"' || ch === '\\') value += ch;
      else value += '\\' + ch; // a spurious escape is a literal backslash
      continue;
    }
    if (ch === '\\') {
      if (i < last) escaped = true;
      else value += '\\'; // a final backslash is literal
    } else if (ch === '"') {
      // The only unescaped quote allowed is the one closing a quoted value.
      if (!expectTrailingQuote || i < last) throw unquotedError();
      expectTrailingQuote = false;
    } else {
      value += ch;
    }
  }
  if (expectTrailingQuote) throw unquotedError();

  const matcher: Matcher = { name, type: op, value };
  if (op === '=~' || op === '!~') compileMatcher(matcher); // throws on a bad regex
  return matcher;
}
