/** Test helpers: a SeriesStore filled from compact literals, and readable results. */
import { SeriesStore } from '../storage/series-store.js';
import { Evaluator } from './eval.js';
import { parsePromql } from './parse.js';
import type { Value } from './values.js';

export const S = 1_000;

export function storeWith(series: Record<string, Array<[number, number]>>): SeriesStore {
  const store = new SeriesStore({ capacity: 100, retentionMs: Infinity });
  for (const [text, points] of Object.entries(series)) {
    const [, name, body = ''] = /^([^{]+)(?:\{(.*)\})?$/.exec(text)!;
    const labels: Record<string, string> = { __name__: name! };
    for (const pair of body.split(',').filter(Boolean)) {
      const [k, v] = pair.split('=');
      labels[k!] = v!.replaceAll('"', '');
    }
    for (const [t, v] of points) store.append(labels, t * S, v);
  }
  return store;
}

export function evalAt(store: SeriesStore, query: string, t: number): Value {
  return new Evaluator(store).evaluate(parsePromql(query).expr, t * S);
}

/** `{labels} value` lines, sorted, for compact expectations. */
export function lines(value: Value): string[] {
  if (value.type === 'scalar') return [`scalar ${value.value}`];
  if (value.type !== 'vector') throw new Error(value.type);
  return value.samples
    .map((s) => `${JSON.stringify(s.labels)} ${Number(s.value.toFixed(6))}`)
    .sort();
}
