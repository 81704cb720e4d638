/**
 * Parser for the Prometheus text format 0.0.4 and OpenMetrics 1.0 text format.
 *
 * Why not a library: none on npm is fit for this. We evaluated the candidates in Nov 2026:
 * `parse-prometheus-text-format` (untyped; merges every bucket of a histogram into one object,
 * losing labels such as `route`, so p95-by-route rules break; throws on OpenMetrics exemplars),
 * `prom2javascript` (rejects `NaN` and `-Inf` values, unescapes labels with a placeholder trick,
 * no OpenMetrics) and `exposition` (untyped, text format only, no OpenMetrics). Prometheus itself
 * has no JavaScript parser. The formats are small and line-based, so this file implements them
 * from the specifications, strictly enough to reject garbage (a target serving HTML is down)
 * and checked against what the real Prometheus ingests from the same bodies (test/rules).
 *
 * Type, help and unit lines are only validated: rules work on samples, and Prometheus 2.x stores
 * `_created`, `_total`, `_bucket`… samples as ordinary series, which is what we do.
 */
import type { Labels } from '../promql/values.js';

export type ExpositionFormat = 'prometheus' | 'openmetrics';

export interface ParsedSample {
  name: string;
  /** Labels as exposed, without `__name__`. */
  labels: Labels;
  value: number;
  /** Explicit timestamp in epoch ms, when the line had one. */
  timestamp: number | undefined;
}

/** A scrape body that is not valid exposition text; the message names the line. */
export class ExpositionError extends Error {
  override name = 'ExpositionError';
}

const METRIC_NAME = /[a-zA-Z_:][a-zA-Z0-9_:]*/y;
const LABEL_NAME = /[a-zA-Z_][a-zA-Z0-9_]*/y;
const TOKEN = /[^ \t]+/y;
const BLANK = /[ \t]*/y;
const FLOAT =
  /^[+-]?(?:(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?|[iI][nN][fF](?:[iI][nN][iI][tT][yY])?|[nN][aA][nN])$/;
const TYPES = new Set([
  'counter',
  'gauge',
  'histogram',
  'gaugehistogram',
  'summary',
  'info',
  'stateset',
  'unknown',
  'untyped',
]);

/** Go's strconv.ParseFloat for the forms exporters write. */
export function parseFloatToken(text: string): number | undefined {
  if (!FLOAT.test(text)) return undefined;
  const lower = text.toLowerCase().replace(/^\+/, '');
  if (lower === 'nan') return NaN;
  if (lower.endsWith('inf') || lower.endsWith('infinity'))
    return lower.startsWith('-') ? -Infinity : Infinity;
  return Number(text);
}

class LineReader {
  pos = 0;
  constructor(readonly line: string) {}
  match(re: RegExp): string | undefined {
    re.lastIndex = this.pos;
    const m = re.exec(this.line);
    if (!m) return undefined;
    this.pos = re.lastIndex;
    return m[0];
  }
  blank(): void {
    this.match(BLANK);
  }
  peek(): string | undefined {
    return this.line[this.pos];
  }
  done(): boolean {
    return this.pos >= this.line.length;
  }
}

function labelsOf(r: LineReader, fail: (why: string) => never): Labels {
  const labels: Labels = {};
  r.pos++; // '{'
  for (;;) {
    r.blank();
    if (r.peek() === '}') break;
    const name = r.match(LABEL_NAME) ?? fail('expected a label name');
    r.blank();
    if (r.peek() !== '=') fail(`expected "=" after label name ${name}`);
    r.pos++;
    r.blank();
    if (r.peek() !== '"') fail(`expected a quoted value for label ${name}`);
    let value = '';
    for (r.pos++; r.peek() !== '"'; r.pos++) {
      const c = r.peek() ?? fail(`unterminated value for label ${name}`);
      if (c !== '\\') value += c;
      else {
        const e = r.line[++r.pos] ?? fail('unterminated escape');
        value += e === 'n' ? '\n' : e === '\\' || e === '"' ? e : `\\${e}`;
      }
    }
    r.pos++;
    if (Object.hasOwn(labels, name)) fail(`duplicate label ${name}`);
    labels[name] = value;
    r.blank();
    if (r.peek() === ',') r.pos++;
    else if (r.peek() !== '}') fail('expected "," or "}" after a label');
  }
  r.pos++;
  return labels;
}

function sampleOf(
  line: string,
  format: ExpositionFormat,
  fail: (why: string) => never,
): ParsedSample {
  const r = new LineReader(line);
  r.blank();
  const name = r.match(METRIC_NAME) ?? fail('expected a metric name');
  const labels = r.peek() === '{' ? labelsOf(r, fail) : {};
  if (r.match(/[ \t]+/y) === undefined) fail('expected a space before the value');
  const valueText = r.match(TOKEN) ?? fail('expected a value');
  const value = parseFloatToken(valueText) ?? fail(`invalid value "${valueText.slice(0, 32)}"`);
  r.blank();
  let timestamp: number | undefined;
  if (!r.done() && r.peek() !== '#') {
    const ts = r.match(TOKEN)!;
    if (format === 'openmetrics') {
      const seconds = parseFloatToken(ts);
      if (seconds === undefined || !Number.isFinite(seconds)) fail(`invalid timestamp "${ts}"`);
      timestamp = Math.round(seconds * 1000);
    } else {
      if (!/^-?\d+$/.test(ts)) fail(`invalid timestamp "${ts.slice(0, 32)}"`);
      timestamp = Number(ts);
    }
    r.blank();
  }
  // OpenMetrics exemplars (` # {trace_id="…"} 1.0`) follow; rules do not use them.
  if (!r.done() && !(format === 'openmetrics' && r.line.startsWith('# {', r.pos)))
    fail('unexpected text after the sample');
  return { name, labels, value, timestamp };
}

function metadataOf(
  line: string,
  format: ExpositionFormat,
  fail: (why: string) => never,
): 'eof' | void {
  const m = /^#[ \t]+(HELP|TYPE|UNIT|EOF)(?:[ \t]+(.*))?$/.exec(line);
  if (!m) {
    if (format === 'openmetrics') fail('unexpected comment');
    return; // A plain comment in the text format.
  }
  if (m[1] === 'EOF') return 'eof';
  const [name, rest = ''] = (m[2] ?? '').split(/[ \t]+(.*)/s);
  if (!name || !/^[a-zA-Z_:][a-zA-Z0-9_:]*$/.test(name)) fail(`invalid metric name in # ${m[1]}`);
  if (m[1] === 'TYPE' && !TYPES.has(rest.trim()))
    fail(`invalid metric type "${rest.slice(0, 32)}"`);
}

/** Parses a whole scrape body. Throws ExpositionError naming the first bad line. */
export function parseExposition(body: string, format: ExpositionFormat): ParsedSample[] {
  const samples: ParsedSample[] = [];
  const lines = body.split('\n');
  let eof = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.endsWith('\r') ? lines[i]!.slice(0, -1) : lines[i]!;
    const fail = (why: string): never => {
      throw new ExpositionError(`line ${i + 1}: ${why}`);
    };
    if (eof) {
      if (line !== '' || i !== lines.length - 1) fail('content after # EOF');
      continue;
    }
    if (line.trim() === '') {
      if (format === 'openmetrics' && i !== lines.length - 1) fail('empty line');
      continue;
    }
    if (line.trimStart().startsWith('#')) {
      if (metadataOf(line.trimStart(), format, fail) === 'eof') eof = true;
      continue;
    }
    samples.push(sampleOf(line, format, fail));
  }
  if (format === 'openmetrics' && !eof) throw new ExpositionError('missing # EOF at the end');
  return samples;
}
