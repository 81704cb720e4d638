/**
 * Operations on timelines: lists of half-open intervals `[start, end)` sorted by start and not
 * overlapping. Every step of the schedule (turns, restrictions, layers, overrides, gaps) is one
 * of these linear sweeps, so a year of shifts costs a few thousand steps.
 */

/** A half-open interval `[start, end)` of instants (ms). */
export interface Interval {
  start: number;
  end: number;
}

/**
 * `top` laid over `base`: `top`'s segments where they are, `base`'s (cut around them)
 * elsewhere. Both sorted and non-overlapping; so is the result.
 */
export function overlay<T extends Interval>(base: readonly T[], top: readonly T[]): T[] {
  if (top.length === 0) return [...base];
  const out: T[] = [];
  let k = 0;
  for (const seg of base) {
    let cursor = seg.start;
    while (k < top.length && top[k]!.end <= cursor) k++;
    for (let i = k; i < top.length && top[i]!.start < seg.end && cursor < seg.end; i++) {
      if (top[i]!.start > cursor) out.push(piece(seg, cursor, top[i]!.start));
      cursor = Math.max(cursor, top[i]!.end);
    }
    if (cursor < seg.end) out.push(piece(seg, cursor, seg.end));
  }
  out.push(...top);
  return out.sort((a, b) => a.start - b.start);
}

/** The parts of `segments` inside `windows` (both sorted, non-overlapping). */
export function intersect<T extends Interval>(
  segments: readonly T[],
  windows: readonly Interval[],
): T[] {
  const out: T[] = [];
  let w = 0;
  for (const seg of segments) {
    while (w < windows.length && windows[w]!.end <= seg.start) w++;
    for (let i = w; i < windows.length && windows[i]!.start < seg.end; i++) {
      const start = Math.max(seg.start, windows[i]!.start);
      const end = Math.min(seg.end, windows[i]!.end);
      if (start < end) out.push(piece(seg, start, end));
    }
  }
  return out;
}

/** Sorts intervals and merges those that overlap or touch. */
export function union(intervals: readonly Interval[]): Interval[] {
  const sorted = [...intervals].filter((i) => i.start < i.end).sort((a, b) => a.start - b.start);
  const out: Interval[] = [];
  for (const i of sorted) {
    const last = out[out.length - 1];
    if (last && i.start <= last.end) last.end = Math.max(last.end, i.end);
    else out.push({ start: i.start, end: i.end });
  }
  return out;
}

/** The parts of `[from, to)` that no segment covers. */
export function complement(segments: readonly Interval[], from: number, to: number): Interval[] {
  const out: Interval[] = [];
  let cursor = from;
  for (const seg of segments) {
    if (seg.end <= cursor) continue;
    if (seg.start >= to) break;
    if (seg.start > cursor) out.push({ start: cursor, end: seg.start });
    cursor = Math.max(cursor, seg.end);
  }
  if (cursor < to) out.push({ start: cursor, end: to });
  return out;
}

/** Joins neighbours that touch and that `same` says are the same, e.g. one person. */
export function mergeAdjacent<T extends Interval>(
  segments: readonly T[],
  same: (a: T, b: T) => boolean,
): T[] {
  const out: T[] = [];
  for (const seg of segments) {
    const last = out[out.length - 1];
    if (last && last.end === seg.start && same(last, seg))
      out[out.length - 1] = { ...last, end: seg.end };
    else out.push(seg);
  }
  return out;
}

function piece<T extends Interval>(seg: T, start: number, end: number): T {
  return start === seg.start && end === seg.end ? seg : { ...seg, start, end };
}
