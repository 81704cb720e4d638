/**
 * A schedule's config compiled once (per load or reload) into what the shift computation
 * needs: boundaries on the local time line, restriction days as lookup tables, the zone clock.
 */
import type { RotationConfig, ScheduleConfig } from '../../config/schema/index.js';
import { DAY_MS, MINUTE_MS, dayOf, localDate, weekdayIndex, weekdayOfDay } from './local-time.js';
import { zoneClock, type ZoneClock } from './zone-clock.js';

/** A weekly window: starts on the weekdays marked in `days` (Monday = 0) at `from`. */
export interface Restriction {
  days: readonly boolean[];
  /** Minutes after local midnight. */
  from: number;
  /** Minutes after local midnight of the start day; past 1440 when it ends the next day. */
  to: number;
}

export interface CompiledRotation {
  /** Position in the schedule's `rotations`. */
  index: number;
  name: string | undefined;
  layer: number;
  members: readonly string[];
  /** Turn length, ms of local (wall-clock) time. */
  every: number;
  /** Local time of the first handoff: turn 0 starts here. */
  firstHandoff: number;
  /** Local midnight of `end` (exclusive), or Infinity. */
  endLocal: number;
  /** Weekly windows the rotation covers; empty when it always does. */
  restrictions: readonly Restriction[];
}

export interface CompiledSchedule {
  id: string;
  name: string;
  timezone: string;
  clock: ZoneClock;
  rotations: readonly CompiledRotation[];
}

/** Local time of the first handoff at or after `start` 00:00 (on `handoff.day` when set). */
export function firstHandoffOf(rotation: RotationConfig): number {
  const start = localDate(rotation.start);
  const { day, minute } = rotation.handoff;
  const wait = day === null ? 0 : (weekdayIndex(day) - weekdayOfDay(dayOf(start)) + 7) % 7;
  return start + wait * DAY_MS + minute * MINUTE_MS;
}

/** A restriction's `to`, as minutes after midnight of the day it starts. */
export function windowEnd(from: number, to: number): number {
  return to < from ? to + 1440 : to;
}

export function compileRotation(rotation: RotationConfig, index: number): CompiledRotation {
  return {
    index,
    name: rotation.name,
    layer: rotation.layer,
    members: rotation.members,
    every: rotation.every,
    firstHandoff: firstHandoffOf(rotation),
    endLocal: rotation.end === undefined ? Infinity : localDate(rotation.end),
    restrictions: rotation.restrictions.map((r) => ({
      days: [0, 1, 2, 3, 4, 5, 6].map((d) => r.days.some((day) => weekdayIndex(day) === d)),
      from: r.from,
      to: windowEnd(r.from, r.to),
    })),
  };
}

export function compileSchedule(id: string, config: ScheduleConfig): CompiledSchedule {
  return {
    id,
    name: config.name ?? id,
    timezone: config.timezone,
    clock: zoneClock(config.timezone),
    rotations: config.rotations.map(compileRotation),
  };
}
