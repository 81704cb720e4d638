/**
 * PromQL literals: numbers, Go-quoted strings and durations, read the way Prometheus reads them
 * (strconv.ParseFloat / ParseInt, strconv.Unquote, model.ParseDuration).
 */
import { tryParseDuration } from '../../config/duration.js';

const DECIMAL_RE = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;
const HEX_RE = /^0x[0-9a-f]+$/i;
const OCTAL_RE = /^0[0-7]+$/;

/** A number literal, or undefined when the text is not one (e.g. a duration such as `5m`). */
export function parseNumber(text: string): number | undefined {
  const lower = text.toLowerCase();
  if (lower === 'inf' || lower === '+inf') return Infinity;
  if (lower === '-inf') return -Infinity;
  if (lower === 'nan') return NaN;
  if (HEX_RE.test(text)) return Number.parseInt(text.slice(2), 16);
  // Go's ParseInt with base 0, which PromQL tries first, reads a leading 0 as octal.
  if (OCTAL_RE.test(text)) return Number.parseInt(text, 8);
  return DECIMAL_RE.test(text) ? Number(text) : undefined;
}

/** A duration literal in milliseconds (`5m`, `1h30m`), or undefined. */
export function parseDurationLiteral(text: string): number | undefined {
  return tryParseDuration(text);
}

const SIMPLE_ESCAPES: Record<string, string> = {
  a: '\x07',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
  '\\': '\\',
  '"': '"',
  "'": "'",
};

/**
 * A quoted string literal's value: backquotes are raw, single and double quotes take Go's
 * escapes (\n, \x41, \101, \u00e9, \U0001F600). Throws on a bad escape.
 */
export function unquote(text: string): string {
  const quote = text[0];
  const body = text.slice(1, -1);
  if (quote === '`') return body;
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (c !== '\\') {
      out += c;
      continue;
    }
    const e = body[++i];
    if (e === undefined) throw new Error('unterminated escape in string');
    const simple = SIMPLE_ESCAPES[e];
    if (simple !== undefined) {
      out += simple;
      continue;
    }
    const width = e === 'x' ? 2 : e === 'u' ? 4 : e === 'U' ? 8 : /[0-7]/.test(e) ? 3 : 0;
    if (width === 0) throw new Error(`unknown escape sequence \\${e} in string`);
    const digits = e >= '0' && e <= '7' ? body.slice(i, i + 3) : body.slice(i + 1, i + 1 + width);
    const radix = e >= '0' && e <= '7' ? 8 : 16;
    if (digits.length !== width || Number.isNaN(Number.parseInt(digits, radix)))
      throw new Error(`invalid escape sequence \\${e} in string`);
    const code = Number.parseInt(digits, radix);
    out += e === 'x' || radix === 8 ? String.fromCharCode(code) : String.fromCodePoint(code);
    i += radix === 8 ? 2 : width;
  }
  return out;
}
