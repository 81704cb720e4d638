/** Label sets: what identifies an alert. Names follow Prometheus' rules. */

/** Label name to value. */
export type LabelSet = Record<string, string>;

/** Prometheus' label name rule (Alertmanager 0.25 enforces it on ingest). */
export const LABEL_NAME_RE = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/**
 * Why a label set is unusable as an alert identity, or null when it is fine. Empty values are
 * dropped before this (as Alertmanager does: an empty label is an absent label).
 */
export function labelSetError(labels: LabelSet, what = 'labels'): string | null {
  let count = 0;
  for (const name in labels) {
    count++;
    if (!LABEL_NAME_RE.test(name))
      return `${what}: invalid label name '${truncate(name)}' (expected [a-zA-Z_][a-zA-Z0-9_]*)`;
    if (typeof labels[name] !== 'string') return `${what}.${name}: expected a string value`;
  }
  if (what === 'labels' && count === 0) return 'labels: at least one label pair required';
  return null;
}

/** A copy without empty values, with names sorted (stable JSON, stable display). */
export function normalizeLabels(labels: LabelSet): LabelSet {
  const out: LabelSet = {};
  for (const name of Object.keys(labels).sort()) {
    const value = labels[name];
    if (value !== '' && value !== undefined) out[name] = value;
  }
  return out;
}

export function truncate(text: string, max = 64): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}
