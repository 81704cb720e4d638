/**
 * The JSON shapes of the on-call API (zod, so they are also the OpenAPI document) and the
 * functions that build them. Times are ISO 8601 in UTC; person ids come with display names.
 */
import { z } from 'zod';
import { formatDuration } from '../config/duration.js';
import { isoTime, isoTimeOrNull } from '../lib/time.js';
import type { OnCall } from './oncall.js';
import type { Override } from './overrides.js';
import { formatMinute } from './schedule/local-time.js';
import type { Interval, Shift } from './schedule/index.js';

export const personRef = z.object({ id: z.string(), name: z.string() }).meta({ id: 'PersonRef' });
export const interval = z.object({ start: z.string(), end: z.string() }).meta({ id: 'TimeRange' });

export const scheduleSummary = z
  .object({
    id: z.string(),
    name: z.string(),
    description: z.string().nullable(),
    timezone: z.string(),
    on_call: z.array(personRef).meta({ description: 'On call now; empty in a gap.' }),
    until: z
      .string()
      .nullable()
      .meta({ description: 'When that changes; null if not within 90 days.' }),
    next_handoff: z
      .object({ at: z.string(), to: z.array(personRef) })
      .nullable()
      .meta({ description: 'The next change of who is on call (to nobody: a gap starts).' }),
    gap_horizon: z.string(),
    gaps: z
      .array(interval)
      .meta({ description: 'Times with nobody on call in the next gap_horizon.' }),
    ical_url: z.string().meta({ description: 'Calendar subscription URL (no token needed).' }),
  })
  .meta({ id: 'ScheduleSummary' });

const rotationView = z.object({
  index: z.number(),
  name: z.string().nullable(),
  layer: z.number(),
  members: z.array(personRef),
  every: z.string(),
  handoff: z.string(),
  start: z.string(),
  end: z.string().nullable(),
  restrictions: z.array(z.object({ days: z.array(z.string()), from: z.string(), to: z.string() })),
});

export const scheduleDetail = scheduleSummary
  .extend({ rotations: z.array(rotationView) })
  .meta({ id: 'ScheduleDetail' });

export const shiftView = z
  .object({
    person: z.string(),
    person_name: z.string(),
    start: z.string(),
    end: z.string(),
    source: z.enum(['rotation', 'override']),
    layer: z.number().nullable(),
    rotation: z.number().nullable(),
    override_id: z.string().nullable(),
  })
  .meta({ id: 'Shift' });

export const overrideView = z
  .object({
    id: z.string(),
    schedule: z.string(),
    person: personRef,
    replaces: personRef.nullable(),
    start: z.string(),
    end: z.string(),
    reason: z.string().nullable(),
    created_by: z.string(),
    created_at: z.string(),
    deleted_at: z.string().nullable(),
  })
  .meta({ id: 'ScheduleOverride' });

export { parseInstant } from '../lib/time.js';

export function intervalView(i: Interval): z.infer<typeof interval> {
  return { start: isoTime(i.start), end: isoTime(i.end) };
}

export function shiftViewOf(s: Shift, oncall: OnCall): z.infer<typeof shiftView> {
  return {
    person: s.person,
    person_name: oncall.personName(s.person),
    start: isoTime(s.start),
    end: isoTime(s.end),
    source: s.source,
    layer: s.layer,
    rotation: s.rotation,
    override_id: s.overrideId,
  };
}

export function overrideViewOf(o: Override, oncall: OnCall): z.infer<typeof overrideView> {
  const ref = (id: string) => ({ id, name: oncall.personName(id) });
  return {
    id: o.id,
    schedule: o.scheduleId,
    person: ref(o.person),
    replaces: o.replaces === null ? null : ref(o.replaces),
    start: isoTime(o.start),
    end: isoTime(o.end),
    reason: o.reason,
    created_by: o.createdBy,
    created_at: isoTime(o.createdAt),
    deleted_at: isoTimeOrNull(o.deletedAt),
  };
}

/** The list entry of a schedule at `now`: who is on call, the next handoff, the gaps ahead. */
export function scheduleSummaryOf(
  oncall: OnCall,
  id: string,
  now: number,
  icalUrl: string,
): z.infer<typeof scheduleSummary> {
  const schedule = oncall.schedule(id);
  const config = oncall.config;
  const horizon = config.oncall.gap_horizon;
  const summary = oncall.summary(id, now);
  const refs = (ids: readonly string[]) => ids.map((p) => ({ id: p, name: oncall.personName(p) }));
  return {
    id,
    name: schedule.name,
    description: config.schedules[id]!.description ?? null,
    timezone: schedule.timezone,
    on_call: refs(summary.people),
    until: isoTimeOrNull(summary.until),
    next_handoff:
      summary.until === null ? null : { at: isoTime(summary.until), to: refs(summary.next ?? []) },
    gap_horizon: formatDuration(horizon),
    gaps: oncall.gaps(id, now, now + horizon).map(intervalView),
    ical_url: icalUrl,
  };
}

/** The schedule as configured, for `GET /api/v1/schedules/:id`. */
export function rotationsOf(oncall: OnCall, id: string): z.infer<typeof rotationView>[] {
  return oncall.config.schedules[id]!.rotations.map((r, index) => ({
    index,
    name: r.name ?? null,
    layer: r.layer,
    members: r.members.map((p) => ({ id: p, name: oncall.personName(p) })),
    every: formatDuration(r.every),
    handoff: `${r.handoff.day ? `${r.handoff.day} ` : ''}${formatMinute(r.handoff.minute)}`,
    start: r.start,
    end: r.end ?? null,
    restrictions: r.restrictions.map((w) => ({
      days: [...w.days],
      from: formatMinute(w.from),
      to: formatMinute(w.to),
    })),
  }));
}
