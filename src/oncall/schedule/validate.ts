/**
 * Semantic checks of valid-shaped schedules, which the schema cannot express: rotations on one
 * layer that would be on call at once, weekday handoffs with turns that are not whole weeks,
 * ends not after starts, restrictions that never apply. Pure, so the config loader runs them
 * and reports each at its position; paths are relative to the config root.
 */
import { formatDuration } from '../../config/duration.js';
import type { OpsConfig } from '../../config/schema/index.js';
import { compileRotation, type CompiledRotation } from './compile.js';
import { DAY_MS, WEEK_MS, dayOf, weekdayOfDay } from './local-time.js';
import { restrictionWindows } from './rotation.js';
import { intersect, type Interval } from './timeline.js';
import { describeWeekly, weeklyCoverage } from './weekly.js';
import { zoneClock } from './zone-clock.js';

/** One problem, at `path` from the config root (e.g. `['schedules', 'sre', 'rotations', 1]`). */
export interface ScheduleIssue {
  path: (string | number)[];
  message: string;
}

/** Local time as `2026-01-05 09:00`. */
export function formatLocal(local: number): string {
  return new Date(local).toISOString().slice(0, 16).replace('T', ' ');
}

/** Every semantic problem of `schedules`. */
export function validateSchedules(schedules: OpsConfig['schedules']): ScheduleIssue[] {
  const issues: ScheduleIssue[] = [];
  for (const [id, schedule] of Object.entries(schedules)) {
    const base = ['schedules', id, 'rotations'];
    const compiled = schedule.rotations.map(compileRotation);
    schedule.rotations.forEach((rotation, i) => {
      const at = [...base, i];
      if (rotation.handoff.day !== null && rotation.every % WEEK_MS !== 0)
        issues.push({
          path: [...at, 'every'],
          message: `with a weekday handoff (${rotation.handoff.day}) turns must be whole weeks (1w, 2w, …); got ${formatDuration(rotation.every)}`,
        });
      if (rotation.end !== undefined && rotation.end <= rotation.start) {
        issues.push({ path: [...at, 'end'], message: `must be after start (${rotation.start})` });
        return;
      }
      issues.push(...coverageIssues(compiled[i]!, at));
    });
    compiled.forEach((b, j) => {
      const a = compiled.slice(0, j).find((r) => r.layer === b.layer && overlapOf(r, b));
      if (a) issues.push({ path: [...base, j], message: overlapMessage(a, b) });
    });
  }
  return issues;
}

/** A rotation that ends before its first handoff, or restrictions that never fall in its dates. */
function coverageIssues(rotation: CompiledRotation, at: (string | number)[]): ScheduleIssue[] {
  const { firstHandoff, endLocal } = rotation;
  if (endLocal <= firstHandoff)
    return [
      {
        path: [...at, 'end'],
        message: `the rotation ends before its first handoff (${formatLocal(firstHandoff)}), so nobody is ever on call`,
      },
    ];
  // A week and a day holds every weekday window whole: only short rotations can miss one.
  if (endLocal - firstHandoff > WEEK_MS + DAY_MS) return [];
  const utc = zoneClock('UTC');
  return rotation.restrictions.flatMap((r, j) =>
    restrictionWindows(utc, [r], firstHandoff, endLocal).length > 0
      ? []
      : [
          {
            path: [...at, 'restrictions', j],
            message: `covers nothing: none of its days falls between the first handoff (${formatLocal(firstHandoff)}, a ${weekdayName(firstHandoff)}) and end`,
          },
        ],
  );
}

function weekdayName(local: number): string {
  return ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'][
    weekdayOfDay(dayOf(local))
  ]!;
}

/** The local time range both rotations are active in, if they can be on call at once there. */
function overlapOf(a: CompiledRotation, b: CompiledRotation): Interval | undefined {
  const start = Math.max(a.firstHandoff, b.firstHandoff);
  const end = Math.min(a.endLocal, b.endLocal);
  if (start >= end) return undefined;
  // On the local time line (UTC clock): a week and a day of it shows every weekly overlap.
  const probe = Math.min(end, start + WEEK_MS + DAY_MS);
  const utc = zoneClock('UTC');
  const windows = (r: CompiledRotation) =>
    r.restrictions.length === 0
      ? [{ start, end: probe }]
      : restrictionWindows(utc, r.restrictions, start, probe);
  return intersect(windows(a), windows(b)).length > 0 ? { start, end } : undefined;
}

function overlapMessage(a: CompiledRotation, b: CompiledRotation): string {
  const { start, end } = overlapOf(a, b)!;
  const weekly = intersect(weeklyCoverage(a), weeklyCoverage(b));
  const dates = `from ${formatLocal(start)}${Number.isFinite(end) ? ` until ${formatLocal(end)}` : ''}`;
  return `overlaps rotations[${a.index}] on layer ${b.layer} (${describeWeekly(weekly)}, ${dates}); put one on another layer or give them restrictions that do not intersect`;
}
