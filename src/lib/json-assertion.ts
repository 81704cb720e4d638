/**
 * Assertions on a JSON document, as written in `http` checks: `$.status == "ok"`,
 * `$.queue.depth < 100`, `$.version` (exists), `!$.error` (absent). Paths are a small JSONPath
 * subset (`.name`, `[0]`, `["key"]`, and `.length` of arrays and strings), enough for health
 * endpoints; a full JSONPath library would add filters and wildcards nobody asserts on here.
 */

export type JsonOperator = '==' | '!=' | '<' | '<=' | '>' | '>=';
type Segment = string | number;

export type JsonAssertion =
  | { text: string; kind: 'exists' | 'absent'; path: Segment[] }
  | { text: string; kind: 'compare'; path: Segment[]; op: JsonOperator; value: unknown };

const SEGMENT_RE = /^(?:\.([A-Za-z_$][\w$-]*)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\])/;
const OPERATOR_RE = /^\s*(==|!=|<=|>=|<|>)\s*/;

/** Parses one assertion, or says what is wrong with it. */
export function parseJsonAssertion(text: string): { assertion: JsonAssertion } | { error: string } {
  let rest = text.trim();
  const negated = rest.startsWith('!');
  if (negated) rest = rest.slice(1).trimStart();
  if (!rest.startsWith('$'))
    return { error: 'expected a path starting with $ (e.g. $.status == "ok")' };
  rest = rest.slice(1);
  const path: Segment[] = [];
  for (let m = SEGMENT_RE.exec(rest); m; m = SEGMENT_RE.exec(rest)) {
    path.push(m[1] ?? (m[2] !== undefined ? Number(m[2]) : (JSON.parse(m[3]!) as string)));
    rest = rest.slice(m[0].length);
  }
  if (rest.trim() === '') return { assertion: { text, kind: negated ? 'absent' : 'exists', path } };
  const op = OPERATOR_RE.exec(rest);
  if (!op)
    return { error: `expected an operator (== != < <= > >=) after the path, got '${rest.trim()}'` };
  if (negated) return { error: '! only negates a bare path (absent); use != to compare' };
  const literal = rest.slice(op[0].length).trim();
  let value: unknown;
  try {
    value = JSON.parse(literal);
  } catch {
    return {
      error: `expected a JSON value after ${op[1]} (strings in double quotes), got '${literal}'`,
    };
  }
  const operator = op[1] as JsonOperator;
  if (operator !== '==' && operator !== '!=' && typeof value !== 'number')
    return { error: `${operator} compares numbers; got ${literal}` };
  return { assertion: { text, kind: 'compare', path, op: operator, value } };
}

function lookup(doc: unknown, path: Segment[]): unknown {
  let current = doc;
  for (const segment of path) {
    if (current === null || typeof current !== 'object') {
      if (segment === 'length' && typeof current === 'string') return current.length;
      return undefined;
    }
    if (Array.isArray(current)) {
      current =
        segment === 'length'
          ? current.length
          : typeof segment === 'number'
            ? current[segment]
            : undefined;
    } else {
      current = Object.hasOwn(current, segment)
        ? (current as Record<string, unknown>)[segment]
        : undefined;
    }
  }
  return current;
}

function deepEqual(a: unknown, b: unknown): boolean {
  return a === b || JSON.stringify(a) === JSON.stringify(b);
}

function show(value: unknown): string {
  const text = value === undefined ? 'missing' : JSON.stringify(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/** Checks one assertion against a parsed document; undefined when it holds, else why not. */
export function failedJsonAssertion(assertion: JsonAssertion, doc: unknown): string | undefined {
  const actual = lookup(doc, assertion.path);
  const where = `${assertion.text.trim()}`;
  if (assertion.kind !== 'compare') {
    if (assertion.kind === 'exists')
      return actual === undefined ? `${where}: path is missing` : undefined;
    return actual === undefined ? undefined : `${where}: found ${show(actual)}`;
  }
  const { op, value } = assertion;
  let holds: boolean;
  if (op === '==') holds = deepEqual(actual, value);
  else if (op === '!=') holds = !deepEqual(actual, value);
  else if (typeof actual !== 'number') return `${where}: got ${show(actual)}, not a number`;
  else if (op === '<') holds = actual < (value as number);
  else if (op === '<=') holds = actual <= (value as number);
  else if (op === '>') holds = actual > (value as number);
  else holds = actual >= (value as number);
  return holds ? undefined : `${where}: got ${show(actual)}`;
}
