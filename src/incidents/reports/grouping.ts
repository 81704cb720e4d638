/**
 * Figures per group (severity, service, month, or everything) over columns of durations.
 * Membership is one list of groups per incident row, so an incident can count in several
 * groups (one per affected service). Per metric, values are counted per group, copied into
 * one Float64Array group after group, and each group's slice is summarized in place
 * (statistics.ts: selection, linear): no sorting and no per-incident objects.
 */
import { summarize, type DurationStats } from './statistics.js';

/** Milliseconds per incident row; NaN where the milestone was not reached. */
export interface Durations {
  detect: Float64Array;
  acknowledge: Float64Array;
  mitigate: Float64Array;
  resolve: Float64Array;
  /** 1 when the incident breached its response deadline. */
  breached: Uint8Array;
}

export interface GroupFigures {
  incidents: number;
  breaches: number;
  time_to_detect: DurationStats;
  time_to_acknowledge: DurationStats;
  time_to_mitigate: DurationStats;
  time_to_resolve: DurationStats;
}

/** Row r belongs to groups `group[start[r]]` … `group[start[r + 1] - 1]`. */
export interface Membership {
  start: Int32Array;
  group: Int32Array;
  groups: number;
}

/** Every row in exactly the one group `groupOf[row]` (-1: none). */
export function oneGroupEach(groupOf: Int32Array, groups: number): Membership {
  const start = new Int32Array(groupOf.length + 1);
  for (let r = 0; r < groupOf.length; r++) start[r + 1] = start[r]! + (groupOf[r]! >= 0 ? 1 : 0);
  const group = new Int32Array(start[groupOf.length]!);
  for (let r = 0; r < groupOf.length; r++) if (groupOf[r]! >= 0) group[start[r]!] = groupOf[r]!;
  return { start, group, groups };
}

/** Each group's figures for one metric: its values copied out group after group, then summarized. */
function statsByGroup(values: Float64Array, m: Membership): DurationStats[] {
  const { start, group, groups } = m;
  const rows = start.length - 1;
  const offsets = new Int32Array(groups + 1);
  for (let r = 0; r < rows; r++)
    if (!Number.isNaN(values[r]!))
      for (let k = start[r]!; k < start[r + 1]!; k++) offsets[group[k]! + 1]!++;
  for (let g = 0; g < groups; g++) offsets[g + 1]! += offsets[g]!;
  const buf = new Float64Array(offsets[groups]!);
  const next = offsets.slice(0, groups);
  for (let r = 0; r < rows; r++) {
    const v = values[r]!;
    if (!Number.isNaN(v))
      for (let k = start[r]!; k < start[r + 1]!; k++) buf[next[group[k]!]!++] = v;
  }
  const out: DurationStats[] = [];
  for (let g = 0; g < groups; g++) out.push(summarize(buf.subarray(offsets[g]!, offsets[g + 1]!)));
  return out;
}

export function figuresByGroup(d: Durations, m: Membership): GroupFigures[] {
  const incidents = new Int32Array(m.groups);
  const breaches = new Int32Array(m.groups);
  for (let r = 0; r + 1 < m.start.length; r++)
    for (let k = m.start[r]!; k < m.start[r + 1]!; k++) {
      incidents[m.group[k]!]!++;
      breaches[m.group[k]!]! += d.breached[r]!;
    }
  const detect = statsByGroup(d.detect, m);
  const acknowledge = statsByGroup(d.acknowledge, m);
  const mitigate = statsByGroup(d.mitigate, m);
  const resolve = statsByGroup(d.resolve, m);
  return Array.from({ length: m.groups }, (_, g) => ({
    incidents: incidents[g]!,
    breaches: breaches[g]!,
    time_to_detect: detect[g]!,
    time_to_acknowledge: acknowledge[g]!,
    time_to_mitigate: mitigate[g]!,
    time_to_resolve: resolve[g]!,
  }));
}

/**
 * Group keys for one key per incident: `first` in their order (kept even when empty), then
 * other keys seen in alphabetical order, then null if seen. Returns keys and membership.
 */
export function groupByKey(
  keys: readonly (string | null)[],
  first: readonly string[],
): { keys: (string | null)[]; membership: Membership } {
  const index = new Map<string | null, number>(first.map((k, i) => [k, i]));
  const extra = new Set<string>();
  let sawNull = false;
  for (const k of keys) {
    if (k === null) sawNull = true;
    else if (!index.has(k)) extra.add(k);
  }
  const ordered: (string | null)[] = [...first, ...[...extra].sort()];
  if (sawNull) ordered.push(null);
  ordered.forEach((k, i) => index.set(k, i));
  const groupOf = new Int32Array(keys.length);
  for (let i = 0; i < keys.length; i++) groupOf[i] = index.get(keys[i]!)!;
  return { keys: ordered, membership: oneGroupEach(groupOf, ordered.length) };
}

/**
 * Service groups: one membership per (incident, service) pair, and incidents without a
 * service under null. Services with the most incidents first (then by name); null last.
 */
export function groupByService(
  n: number,
  links: { row: Int32Array; service: readonly string[] },
): { keys: (string | null)[]; membership: Membership } {
  const counts = new Map<string, number>();
  const perRow = new Int32Array(n);
  for (let k = 0; k < links.row.length; k++) {
    const s = links.service[k]!;
    counts.set(s, (counts.get(s) ?? 0) + 1);
    perRow[links.row[k]!]!++;
  }
  const keys: (string | null)[] = [...counts.keys()].sort(
    (a, b) => counts.get(b)! - counts.get(a)! || (a < b ? -1 : a > b ? 1 : 0),
  );
  if (perRow.includes(0)) keys.push(null);
  const index = new Map(keys.map((k, i) => [k, i]));
  // Rows without a service get one slot: the null group.
  const start = new Int32Array(n + 1);
  for (let r = 0; r < n; r++) start[r + 1] = start[r]! + Math.max(1, perRow[r]!);
  const group = new Int32Array(start[n]!);
  const next = start.slice(0, n);
  for (let k = 0; k < links.row.length; k++)
    group[next[links.row[k]!]!++] = index.get(links.service[k]!)!;
  const none = index.get(null) ?? -1;
  for (let r = 0; r < n; r++) if (perRow[r] === 0) group[start[r]!] = none;
  return { keys, membership: { start, group, groups: keys.length } };
}
