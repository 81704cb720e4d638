/**
 * One rotation's turns over a range of instants: boundaries every `every` of wall-clock time
 * from the first handoff, member `k % n` on turn `k`, clipped to the rotation's end and to its
 * weekly restriction windows.
 */
import type { CompiledRotation, Restriction } from './compile.js';
import { DAY_MS, MINUTE_MS, dayOf, weekdayOfDay } from './local-time.js';
import { intersect, union, type Interval } from './timeline.js';
import type { ZoneClock } from './zone-clock.js';

/** A stretch of one rotation: who, and which rotation and layer it comes from. */
export interface RotationPiece extends Interval {
  person: string;
  layer: number;
  rotation: number;
}

/**
 * The rotation's turns that meet `[from, to)`, clipped to it. Nobody is on call before the
 * first handoff or from the end date on.
 */
export function rotationTurns(
  clock: ZoneClock,
  rotation: CompiledRotation,
  from: number,
  to: number,
): RotationPiece[] {
  const { every, firstHandoff, endLocal, members } = rotation;
  // Local bounds with a day of slack: offsets (at most ±1 day) stretch the local range.
  const fromLocal = clock.toLocal(from) - DAY_MS;
  const toLocal = clock.toLocal(to) + DAY_MS;
  const out: RotationPiece[] = [];
  let k = Math.max(0, Math.floor((fromLocal - firstHandoff) / every));
  for (; ; k++) {
    const startLocal = firstHandoff + k * every;
    if (startLocal >= endLocal || startLocal > toLocal) break;
    const start = Math.max(clock.toInstant(startLocal), from);
    const end = Math.min(clock.toInstant(Math.min(startLocal + every, endLocal)), to);
    // Empty when clipped away, or a turn shorter than a DST gap swallowed by it.
    if (start >= end) continue;
    out.push({
      start,
      end,
      person: members[k % members.length]!,
      layer: rotation.layer,
      rotation: rotation.index,
    });
  }
  return out;
}

/** The instants of `[from, to)` inside any of `restrictions`' weekly windows, merged. */
export function restrictionWindows(
  clock: ZoneClock,
  restrictions: readonly Restriction[],
  from: number,
  to: number,
): Interval[] {
  // A window may start up to a day before the local day of `from` and still reach it.
  const first = dayOf(clock.toLocal(from)) - 2;
  const last = dayOf(clock.toLocal(to)) + 1;
  const windows: Interval[] = [];
  for (let day = first; day <= last; day++) {
    const weekday = weekdayOfDay(day);
    const midnight = day * DAY_MS;
    for (const r of restrictions) {
      if (!r.days[weekday]) continue;
      const start = Math.max(clock.toInstant(midnight + r.from * MINUTE_MS), from);
      const end = Math.min(clock.toInstant(midnight + r.to * MINUTE_MS), to);
      if (start < end) windows.push({ start, end });
    }
  }
  return union(windows);
}

/** The rotation's pieces in `[from, to)`: its turns, cut to its restriction windows. */
export function rotationPieces(
  clock: ZoneClock,
  rotation: CompiledRotation,
  from: number,
  to: number,
): RotationPiece[] {
  const turns = rotationTurns(clock, rotation, from, to);
  if (rotation.restrictions.length === 0 || turns.length === 0) return turns;
  return intersect(turns, restrictionWindows(clock, rotation.restrictions, from, to));
}
