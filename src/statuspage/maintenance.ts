/**
 * Scheduled maintenance from the config's `maintenance_windows`: a window shows on a page when
 * it names a service of the page and is in progress or starts within the next week. Recurring
 * windows are walked forward in 5-minute steps to find their next occurrence (done once per
 * rebuild, not per request). Windows that select alerts by matchers only name no service, so
 * they cannot be placed on a page and are left out.
 */
import type { OpsConfig } from '../config/index.js';
import {
  containsAny,
  parseTimeInterval,
  type TimeInterval,
} from '../alerts/time-intervals/index.js';
import type { PageMaintenance } from './model.js';

const STEP_MS = 5 * 60_000;
const AHEAD_MS = 7 * 86_400_000;

/** The first [from, until) within the week ahead when `intervals` hold, if any. */
function nextSpan(intervals: TimeInterval[], now: number): [number, number] | undefined {
  const on = (t: number) => containsAny(intervals, new Date(t));
  let t = now;
  if (!on(t)) {
    t = now - (now % STEP_MS) + STEP_MS;
    while (t < now + AHEAD_MS && !on(t)) t += STEP_MS;
    if (t >= now + AHEAD_MS) return undefined;
  }
  let from = t;
  // In progress: walk back to when it started (to the step), for "since" on the page.
  if (t === now) {
    from = now - (now % STEP_MS);
    while (from > now - AHEAD_MS && on(from - STEP_MS)) from -= STEP_MS;
  }
  let until = t + STEP_MS - (t % STEP_MS);
  while (until < from + AHEAD_MS && on(until)) until += STEP_MS;
  return [from, until];
}

export function pageMaintenances(
  windows: OpsConfig['maintenance_windows'],
  componentsOf: (service: string) => string[],
  now: number,
): PageMaintenance[] {
  const out: PageMaintenance[] = [];
  for (const [id, w] of Object.entries(windows)) {
    const components = [...new Set(w.services.flatMap(componentsOf))];
    if (components.length === 0) continue;
    let span: [number, number] | undefined;
    if (w.time_intervals) span = nextSpan(w.time_intervals.map(parseTimeInterval), now);
    else if (
      w.starts !== undefined &&
      w.ends !== undefined &&
      w.ends > now &&
      w.starts < now + AHEAD_MS
    )
      span = [w.starts, w.ends];
    if (!span) continue;
    out.push({
      id,
      name: w.description ?? id,
      description: w.description ?? '',
      status: span[0] <= now ? 'in_progress' : 'scheduled',
      from: span[0],
      until: span[1],
      components,
    });
  }
  return out.sort((a, b) => a.from - b.from);
}
