/**
 * Restriction windows as sets of minutes of the week (Monday 00:00 = 0), for reasoning about
 * a rotation's coverage independently of dates: the same-layer overlap check and its message.
 */
import type { CompiledRotation } from './compile.js';
import { DAY_MIN, WEEK_MIN, formatWeekMinute } from './local-time.js';
import { union, type Interval } from './timeline.js';

/** The minutes of the week a rotation can be on call, merged; the whole week when unrestricted. */
export function weeklyCoverage(rotation: CompiledRotation): Interval[] {
  if (rotation.restrictions.length === 0) return [{ start: 0, end: WEEK_MIN }];
  const out: Interval[] = [];
  for (const r of rotation.restrictions)
    r.days.forEach((on, day) => {
      if (!on) return;
      const start = day * DAY_MIN + r.from;
      const end = day * DAY_MIN + r.to;
      // Sunday night windows wrap into Monday morning.
      if (end <= WEEK_MIN) out.push({ start, end });
      else out.push({ start, end: WEEK_MIN }, { start: 0, end: end - WEEK_MIN });
    });
  return union(out);
}

/** `mon 09:00–18:00, tue 09:00–18:00 and 3 more`, or `at all times` for the whole week. */
export function describeWeekly(windows: readonly Interval[], shown = 2): string {
  const total = windows.reduce((sum, w) => sum + w.end - w.start, 0);
  if (total >= WEEK_MIN) return 'at all times';
  const texts = windows.slice(0, shown).map((w) => {
    // The end is on the same day as the start in most windows: print its time only.
    const sameDay = Math.floor(w.start / DAY_MIN) === Math.floor((w.end - 1) / DAY_MIN);
    const end = !sameDay
      ? formatWeekMinute(w.end)
      : w.end % DAY_MIN === 0
        ? '24:00'
        : formatWeekMinute(w.end).slice(4);
    return `${formatWeekMinute(w.start)}–${end}`;
  });
  const more = windows.length - shown;
  return more > 0 ? `${texts.join(', ')} and ${more} more` : texts.join(', ');
}
