/**
 * On-call schedule checks: rotation members must be people (a reference check on the raw
 * data, reported with the others), and the schedule engine's semantic checks on the parsed
 * config (overlapping rotations on a layer, weekday handoffs with turns that are not whole
 * weeks, …), each reported at the position of the field at fault. Gaps in coverage are
 * warnings, for `opsdeck validate`, not errors.
 */
import type { OpsConfig } from '../schema/index.js';
import { scheduleGapWarnings, validateSchedules } from '../../oncall/schedule/index.js';
import type { ScheduleIssue } from '../../oncall/schedule/index.js';
import type { ConfigIssue, Loc } from './issue.js';
import { formatPath } from './paths.js';
import { mapEntries, stringItems } from './raw.js';
import { checkRef, type Ctx } from './references.js';
import type { SourceNode } from './source-map.js';

/** Every rotation member is defined under `people`. */
export function checkScheduleReferences(ctx: Ctx): void {
  for (const [id, schedule] of mapEntries(ctx.data, 'schedules')) {
    const rotations = Array.isArray(schedule.rotations) ? schedule.rotations : [];
    rotations.forEach((rotation: unknown, i) => {
      const members = (rotation as { members?: unknown } | null)?.members;
      for (const [j, member] of stringItems(members))
        checkRef(ctx, ['schedules', id, 'rotations', i, 'members', j], member, 'person', 'people');
    });
  }
}

function located(issues: ScheduleIssue[], source: SourceNode, fallback: Loc): ConfigIssue[] {
  return issues.map((issue) => ({
    ...(source.locate(issue.path) ?? fallback),
    path: formatPath(issue.path),
    message: issue.message,
  }));
}

/** The schedule engine's semantic errors of a schema-valid config, with positions. */
export function checkScheduleSemantics(
  config: OpsConfig,
  source: SourceNode,
  fallback: Loc,
): ConfigIssue[] {
  return located(validateSchedules(config.schedules), source, fallback);
}

/** Gaps in the next `oncall.gap_horizon` from `now`, as warnings with positions. */
export function scheduleWarnings(
  config: OpsConfig,
  source: SourceNode,
  fallback: Loc,
  now: number,
): ConfigIssue[] {
  return located(scheduleGapWarnings(config, now), source, fallback);
}
