/**
 * iCalendar (RFC 5545) export of final shifts, for calendar apps: one calendar per schedule
 * (events titled with the person on call) and one per person across every schedule (events
 * titled "On call: <schedule>"). Times are written in UTC, so no VTIMEZONE is needed and
 * every client reads the same instants.
 *
 * A shift's UID is built from its schedule, person and start: the same shift keeps its UID
 * across fetches and in both calendars, so a client updates the event (an override that cuts
 * it short, say) instead of duplicating it.
 */
import ical, { ICalEventTransparency } from 'ical-generator';
import type { Shift } from './schedule/index.js';

/** A shift with the names a calendar shows. */
export interface CalendarShift extends Shift {
  scheduleId: string;
  scheduleName: string;
  personName: string;
}

const PRODID = { company: 'Opsdeck', product: 'On-call', language: 'EN' };

/** The UID of a shift: stable for the same schedule, person and start. */
export function shiftUid(s: Pick<CalendarShift, 'scheduleId' | 'person' | 'start'>): string {
  return `oncall-${s.scheduleId}-${s.person}-${s.start}@opsdeck`;
}

function describe(s: CalendarShift): string {
  const source =
    s.source === 'override' ? 'override' : `rotation ${s.rotation ?? ''}, layer ${s.layer ?? ''}`;
  return `${s.personName} is on call for ${s.scheduleName} (${source}).`;
}

function render(
  name: string,
  description: string,
  shifts: readonly CalendarShift[],
  title: (s: CalendarShift) => string,
  now: number,
): string {
  const calendar = ical({ prodId: PRODID, name, description, ttl: 3600 });
  for (const s of shifts)
    calendar.createEvent({
      id: shiftUid(s),
      start: new Date(s.start),
      end: new Date(s.end),
      stamp: new Date(now),
      summary: title(s),
      description: describe(s),
      // Being on call is not being busy: the person's calendar stays bookable.
      transparency: ICalEventTransparency.TRANSPARENT,
    });
  return calendar.toString();
}

/** The calendar of one schedule: one event per shift, titled with the person's name. */
export function scheduleCalendar(
  schedule: { id: string; name: string },
  shifts: readonly CalendarShift[],
  now = Date.now(),
): string {
  return render(
    `On call: ${schedule.name}`,
    `Who is on call for ${schedule.name} (Opsdeck).`,
    shifts,
    (s) => s.personName,
    now,
  );
}

/** The calendar of one person: their shifts in every schedule. */
export function personCalendar(
  person: { id: string; name: string },
  shifts: readonly CalendarShift[],
  now = Date.now(),
): string {
  return render(
    `On call: ${person.name}`,
    `When ${person.name} is on call (Opsdeck).`,
    shifts,
    (s) => `On call: ${s.scheduleName}`,
    now,
  );
}
