/**
 * Times with nobody on call in the coming `oncall.gap_horizon`, as warnings for
 * `opsdeck validate`: a schedule with holes pages nobody during them. Overrides are runtime
 * data and are not considered here; the API's gaps include them.
 */
import { formatDuration } from '../../config/duration.js';
import type { OpsConfig } from '../../config/schema/index.js';
import { compileSchedule } from './compile.js';
import { finalShifts, gapsOf } from './final.js';
import { HOUR_MS, MINUTE_MS } from './local-time.js';
import { formatLocal, type ScheduleIssue } from './validate.js';

/** One warning per schedule with gaps in `[now, now + gap_horizon)`, at the schedule. */
export function scheduleGapWarnings(
  config: Pick<OpsConfig, 'schedules' | 'oncall'>,
  now: number,
): ScheduleIssue[] {
  const horizon = config.oncall.gap_horizon;
  const out: ScheduleIssue[] = [];
  for (const [id, schedule] of Object.entries(config.schedules)) {
    const compiled = compileSchedule(id, schedule);
    const gaps = gapsOf(finalShifts(compiled, [], now, now + horizon), now, now + horizon);
    const first = gaps[0];
    if (!first) continue;
    const total = gaps.reduce((sum, g) => sum + g.end - g.start, 0);
    const local = (t: number) => formatLocal(compiled.clock.toLocal(t));
    const more = gaps.length > 1 ? ` and ${gaps.length - 1} more` : '';
    out.push({
      path: ['schedules', id],
      message: `nobody is on call for ${formatHours(total)} of the next ${formatDuration(horizon)}: ${local(first.start)} to ${local(first.end)} (${schedule.timezone})${more}`,
    });
  }
  return out;
}

/** Whole hours as `15h`, else a duration to the minute (`now` rarely falls on the hour). */
function formatHours(ms: number): string {
  const minutes = Math.max(1, Math.round(ms / MINUTE_MS)) * MINUTE_MS;
  return minutes % HOUR_MS === 0 ? `${minutes / HOUR_MS}h` : formatDuration(minutes);
}
