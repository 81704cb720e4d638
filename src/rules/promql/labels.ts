/** Label-set helpers shared by aggregation, vector matching and functions. */
import type { Labels } from './values.js';

export const METRIC_NAME = '__name__';

/** A copy without the metric name (what most functions and all arithmetic produce). */
export function dropName(labels: Labels): Labels {
  if (!(METRIC_NAME in labels)) return labels;
  const { [METRIC_NAME]: _, ...rest } = labels;
  return rest;
}

/** A stable identity for a label set: sorted name/value pairs. */
export function labelsKey(labels: Labels): string {
  const names = Object.keys(labels).sort();
  let key = '';
  for (const name of names) key += `${name}\xff${labels[name]}\xfe`;
  return key;
}

/** `{a="1", b="2"}` for messages. */
export function formatLabels(labels: Labels): string {
  const names = Object.keys(labels).sort();
  return `{${names.map((n) => `${n}=${JSON.stringify(labels[n])}`).join(', ')}}`;
}

/**
 * The matching key of series (Prometheus' signature functions): with `on`, the values of the
 * listed labels; otherwise every label except the listed ones and the metric name. Built once
 * per operation, applied to every series of both sides.
 */
export function signer(on: boolean, names: readonly string[]): (labels: Labels) => string {
  if (on) {
    const sorted = [...names].sort();
    return (labels) => {
      let key = '';
      for (const name of sorted) key += `${name}\xff${labels[name] ?? ''}\xfe`;
      return key;
    };
  }
  const skip = new Set(names);
  skip.add(METRIC_NAME);
  return (labels) => {
    const kept: Labels = {};
    for (const name in labels) if (!skip.has(name)) kept[name] = labels[name]!;
    return labelsKey(kept);
  };
}

/** Only the listed labels (those present with a non-empty value). */
export function keepLabels(labels: Labels, names: readonly string[]): Labels {
  const out: Labels = {};
  for (const name of names) {
    const value = labels[name];
    if (value !== undefined && value !== '') out[name] = value;
  }
  return out;
}

/** Every label but the listed ones. */
export function removeLabels(labels: Labels, names: readonly string[]): Labels {
  const out: Labels = { ...labels };
  for (const name of names) delete out[name];
  return out;
}
