/** Comparing our evaluator's answers with Prometheus' answers, as label-keyed maps. */
import { expect } from 'vitest';
import { labelsKey } from '../../src/rules/promql/labels.js';
import type { Value } from '../../src/rules/promql/values.js';
import type { PromResult } from './prom-api.js';

/** Our value as a map from label set to number (a scalar is one unlabelled entry). */
export function ours(value: Value): Map<string, number> {
  if (value.type === 'scalar') return new Map([[labelsKey({}), value.value]]);
  if (value.type !== 'vector') throw new Error(`unexpected ${value.type}`);
  return new Map(value.samples.map((s) => [labelsKey(s.labels), s.value]));
}

export function theirs(results: PromResult[]): Map<string, number> {
  return new Map(results.map((r) => [labelsKey(r.labels), r.value]));
}

function close(a: number, b: number): boolean {
  if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) && Number.isNaN(b);
  if (a === b) return true;
  return Math.abs(a - b) <= 1e-9 * Math.max(Math.abs(a), Math.abs(b));
}

/** Same label sets, values equal to 1e-9 relative (NaN equals NaN). */
export function expectSameResult(
  what: string,
  got: Map<string, number>,
  want: Map<string, number>,
) {
  const readable = (m: Map<string, number>) =>
    [...m].map(([k, v]) => `${k.replaceAll('\xff', '=').replaceAll('\xfe', ',')} ${v}`).sort();
  expect(
    readable(got).map((l) => l.replace(/ .*/, '')),
    what,
  ).toEqual(readable(want).map((l) => l.replace(/ .*/, '')));
  for (const [key, value] of want) {
    const mine = got.get(key)!;
    if (!close(mine, value)) expect(`${what}: ${mine}`).toBe(`${what}: ${value}`);
  }
}
