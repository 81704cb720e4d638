/**
 * Secret-safe descriptions of config values for error messages. A value that came from the
 * environment is described by the variables it came from, never printed.
 */
import { distance } from 'fastest-levenshtein';
import type { Origin } from './source-map.js';

const MAX = 40;

/** Names the variables a value came from: `the value from ${SLACK_URL}`. */
export function describeOrigin(origin: Origin): string {
  const names = origin.vars.map((name) => `\${${name}}`);
  return origin.whole ? `the value from ${names[0]}` : `a value built from ${names.join(', ')}`;
}

/** Describes a value for "got …": quoted and shortened, or by its origin when interpolated. */
export function describeValue(value: unknown, origin?: Origin): string {
  if (origin) return describeOrigin(origin);
  if (value === null || value === undefined) return 'an empty value';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value !== 'string') return String(value);
  const line = value.split('\n')[0] ?? '';
  let short = line.length > MAX ? `${line.slice(0, MAX - 1)}…` : line;
  if (short === line && line !== value) short += '…';
  return `'${short}'`;
}

/** ` (did you mean 'name'?)` when one candidate is close to `input`, else `''`. */
export function didYouMean(input: string, candidates: Iterable<string>): string {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const d = distance(input.toLowerCase(), candidate.toLowerCase());
    if (d < bestDistance) [best, bestDistance] = [candidate, d];
  }
  // About one typo per three characters, but at least two so a swap (`nmae`) is caught;
  // very short words get one, or everything would look like everything else.
  const limit = input.length <= 3 ? 1 : Math.max(2, Math.floor(input.length / 3));
  return best !== undefined && bestDistance <= limit && best !== input
    ? ` (did you mean '${best}'?)`
    : '';
}
