/** The iCal export, read back with ical.js (an independent RFC 5545 parser). */
import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { personCalendar, scheduleCalendar, shiftUid, type CalendarShift } from './ical.js';
import { finalShifts } from './schedule/index.js';
import { at, override, scheduleOf } from './schedule/testing.js';

const schedule = scheduleOf(
  {
    name: 'SRE primary',
    timezone: 'Europe/Madrid',
    rotations: [
      { members: ['alice', 'bob'], every: '1w', handoff: 'Mon 09:00', start: '2026-03-16' },
    ],
  },
  'sre',
);
const NAMES: Record<string, string> = {
  alice: 'Alice A.',
  bob: 'Bob, "the builder"',
  carol: 'Carol',
};

function named(from: string, to: string): CalendarShift[] {
  const o = override({
    person: 'carol',
    start: at('2026-03-25T10:00Z'),
    end: at('2026-03-25T12:00Z'),
  });
  return finalShifts(schedule, [o], at(from), at(to)).map((s) => ({
    ...s,
    scheduleId: 'sre',
    scheduleName: schedule.name,
    personName: NAMES[s.person]!,
  }));
}

function events(text: string) {
  const calendar = new ICAL.Component(ICAL.parse(text));
  return {
    calendar,
    events: calendar.getAllSubcomponents('vevent').map((c) => new ICAL.Event(c)),
  };
}

describe('iCal export', () => {
  const shifts = named('2026-03-20T00:00Z', '2026-04-10T00:00Z');

  it('writes one event per shift, in UTC, titled with the person, with Opsdeck as PRODID', () => {
    const text = scheduleCalendar(
      { id: 'sre', name: 'SRE primary' },
      shifts,
      at('2026-03-20T00:00Z'),
    );
    expect(text).toMatch(/^BEGIN:VCALENDAR\r\n/);
    expect(text).toContain('DTSTART:20260323T080000Z');
    const { calendar, events: parsed } = events(text);
    expect(calendar.getFirstPropertyValue('prodid')).toBe('-//Opsdeck//On-call//EN');
    expect(calendar.getFirstPropertyValue('x-wr-calname')).toBe('On call: SRE primary');
    expect(
      parsed.map((e) => [
        e.summary,
        e.startDate.toJSDate().getTime(),
        e.endDate.toJSDate().getTime(),
      ]),
    ).toEqual(shifts.map((s) => [s.personName, s.start, s.end]));
    expect(parsed.map((e) => e.uid)).toEqual(shifts.map(shiftUid));
    const times = text.match(/^DT(START|END)[:;].*$/gm) ?? [];
    expect(times.length).toBe(2 * shifts.length);
    for (const line of times) expect(line).toMatch(/^DT(START|END):\d{8}T\d{6}Z\r?$/);
    // The override and the shift it interrupts are separate events.
    expect(parsed.map((e) => e.summary)).toContain('Carol');
    expect(parsed.find((e) => e.summary === 'Carol')!.description).toMatch(/override/);
  });

  it('keeps UIDs stable across renders, and between the schedule and person calendars', () => {
    const again = named('2026-03-22T00:00Z', '2026-04-20T00:00Z');
    const a = events(scheduleCalendar({ id: 'sre', name: 'SRE primary' }, shifts)).events;
    const b = events(scheduleCalendar({ id: 'sre', name: 'SRE primary' }, again)).events;
    const common = a.map((e) => e.uid).filter((uid) => b.some((f) => f.uid === uid));
    expect(common.length).toBeGreaterThanOrEqual(3);
    const mine = shifts.filter((s) => s.person === 'bob');
    const person = events(personCalendar({ id: 'bob', name: NAMES.bob! }, mine)).events;
    expect(person.map((e) => e.summary)).toEqual(mine.map(() => 'On call: SRE primary'));
    expect(person.map((e) => e.uid)).toEqual(mine.map(shiftUid));
  });

  it('escapes names with commas and quotes', () => {
    const text = personCalendar(
      { id: 'bob', name: NAMES.bob! },
      shifts.filter((s) => s.person === 'bob'),
    );
    expect(events(text).calendar.getFirstPropertyValue('x-wr-calname')).toBe(
      `On call: ${NAMES.bob}`,
    );
  });
});
