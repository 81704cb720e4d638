/**
 * The final schedule: who is on call, instant by instant.
 *
 * 1. Layers. Each rotation gives its pieces; on one layer, an earlier rotation wins where two
 *    overlap (the config loader refuses such overlaps, so this only settles a tie). The highest
 *    layer with someone on call wins.
 * 2. Overrides, in creation order, each laid over the result: the latest created wins where
 *    overrides overlap. An override with `replaces` covers only the parts of its range where
 *    that person is on call in the rotations (step 1), so "carol takes bob's shifts this week"
 *    holds whatever other overrides say; one without covers its whole range.
 * 3. Neighbouring pieces of one person and one source merge into one shift. Overrides stay
 *    their own shifts, so calendars and the API show them as overrides.
 */
import type { CompiledSchedule } from './compile.js';
import { rotationPieces } from './rotation.js';
import { complement, intersect, mergeAdjacent, overlay, type Interval } from './timeline.js';

/** An override as the engine needs it (storage has more: reason, author, deletion). */
export interface OverrideSpan extends Interval {
  id: string;
  person: string;
  /** Only this person's time is covered; null covers the whole range. */
  replaces: string | null;
  createdAt: number;
}

/** A stretch of the final schedule with one person on call. */
export interface Shift extends Interval {
  person: string;
  source: 'rotation' | 'override';
  /** The rotation's layer (of the first piece when pieces of several layers merged); null for overrides. */
  layer: number | null;
  /** Index of the rotation in the schedule's `rotations` (first piece); null for overrides. */
  rotation: number | null;
  /** The override's id; null for rotation shifts. */
  overrideId: string | null;
}

/** The rotations' schedule in `[from, to)`, layers applied, overrides not, unmerged. */
export function layeredShifts(schedule: CompiledSchedule, from: number, to: number): Shift[] {
  if (from >= to) return [];
  const layers = [...new Set(schedule.rotations.map((r) => r.layer))].sort((a, b) => a - b);
  let result: Shift[] = [];
  for (const layer of layers) {
    let layerShifts: Shift[] = [];
    // Later rotations first, so earlier ones end up on top.
    const rotations = schedule.rotations.filter((r) => r.layer === layer).reverse();
    for (const rotation of rotations) {
      const pieces = rotationPieces(schedule.clock, rotation, from, to).map((p): Shift => ({
        start: p.start,
        end: p.end,
        person: p.person,
        source: 'rotation',
        layer: p.layer,
        rotation: p.rotation,
        overrideId: null,
      }));
      layerShifts = overlay(layerShifts, pieces);
    }
    result = overlay(result, layerShifts);
  }
  return result;
}

/**
 * The final shifts in `[from, to)`, clipped to it. `overrides` are this schedule's, in any
 * order; deleted ones must be left out by the caller.
 */
export function finalShifts(
  schedule: CompiledSchedule,
  overrides: readonly OverrideSpan[],
  from: number,
  to: number,
): Shift[] {
  const layered = layeredShifts(schedule, from, to);
  let result = layered;
  const relevant = overrides
    .filter((o) => o.start < to && o.end > from && o.start < o.end)
    .sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : 1));
  for (const o of relevant) {
    const range: Interval[] = [{ start: Math.max(o.start, from), end: Math.min(o.end, to) }];
    const covered =
      o.replaces === null
        ? range
        : intersect(
            layered.filter((s) => s.person === o.replaces),
            range,
          );
    const pieces = covered.map((c): Shift => ({
      start: c.start,
      end: c.end,
      person: o.person,
      source: 'override',
      layer: null,
      rotation: null,
      overrideId: o.id,
    }));
    result = overlay(result, pieces);
  }
  return mergeAdjacent(
    result,
    (a, b) => a.person === b.person && a.source === b.source && a.overrideId === b.overrideId,
  );
}

/** The parts of `[from, to)` with nobody on call, given that range's final shifts. */
export function gapsOf(shifts: readonly Interval[], from: number, to: number): Interval[] {
  return complement(shifts, from, to);
}

/** Who is on call at `at` ([] in a gap). One person today; a list so that can grow. */
export function onCallAt(
  schedule: CompiledSchedule,
  overrides: readonly OverrideSpan[],
  at: number,
): string[] {
  const [shift] = finalShifts(schedule, overrides, at, at + 1);
  return shift ? [shift.person] : [];
}
