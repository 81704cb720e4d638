/**
 * The JSON paths of webhook mappings (`$.alert.labels["team"]`, `$.items[0]`), in the syntax of
 * http check assertions so users learn one. Paths were validated at config load; compiling
 * again here is a cheap parse, done once per config.
 */
import { parseJsonAssertion } from '../../../lib/json-assertion.js';

type Segment = string | number;

/** A compiled path: reads its value out of a document (undefined when absent). */
export interface JsonPath {
  text: string;
  get(doc: unknown): unknown;
}

export function compileJsonPath(text: string): JsonPath {
  const parsed = parseJsonAssertion(text);
  if ('error' in parsed || parsed.assertion.kind !== 'exists')
    throw new Error(`invalid JSON path '${text}'`);
  const segments = parsed.assertion.path;
  return { text, get: (doc) => lookup(doc, segments) };
}

function lookup(doc: unknown, segments: readonly Segment[]): unknown {
  let current = doc;
  for (const segment of segments) {
    if (current === null || typeof current !== 'object') return undefined;
    if (Array.isArray(current)) {
      current = typeof segment === 'number' ? current[segment] : undefined;
    } else {
      // Own properties only: a path must not reach `__proto__` or `constructor`.
      current = Object.hasOwn(current, segment)
        ? (current as Record<string, unknown>)[segment]
        : undefined;
    }
  }
  return current;
}
