import { describe, expect, it } from 'vitest';
import {
  compileTimeIntervals,
  contains,
  daysInMonth,
  mutedByTimeIntervals,
  parseTimeInterval,
  wallClock,
  type TimeInterval,
  type TimeIntervalSpec,
} from './index.js';

const MONTHS = 'Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec'.split(' ');

/** Go's time.RFC822Z as Alertmanager's tests write instants: `02 Jan 06 15:04 -0700`. */
function rfc822z(text: string): Date {
  const m = /^(\d{1,2}) (\w{3}) (\d{2}) (\d{2}):(\d{2}) ([+-])(\d{2})(\d{2})$/.exec(text);
  if (!m) throw new Error(`bad test time ${text}`);
  const [, d, mon, yy, hh, mm, sign, oh, om] = m as unknown as string[];
  const year = Number(yy) >= 69 ? 1900 + Number(yy) : 2000 + Number(yy);
  const offset = (Number(oh) * 60 + Number(om)) * (sign === '-' ? -1 : 1);
  const utc = Date.UTC(year, MONTHS.indexOf(mon!), Number(d), Number(hh), Number(mm));
  return new Date(utc - offset * 60_000);
}

function check(interval: TimeInterval, inside: string[], outside: string[]): void {
  for (const t of inside) expect(contains(interval, rfc822z(t)), `contains ${t}`).toBe(true);
  for (const t of outside) expect(contains(interval, rfc822z(t)), `excludes ${t}`).toBe(false);
}

const parse = (spec: TimeIntervalSpec) => parseTimeInterval(spec);

describe('contains (Alertmanager timeIntervalTestCases)', () => {
  it('an empty interval contains everything', () => {
    check(parse({}), ['02 Jan 06 15:04 +0000', '03 Jan 07 10:04 +0000'], []);
  });

  it('9am to 5pm, monday to friday', () => {
    const i = parse({
      times: [{ start_time: '09:00', end_time: '17:00' }],
      weekdays: ['monday:friday'],
    });
    check(
      i,
      ['04 May 20 15:04 +0000', '05 May 20 10:04 +0000', '09 Jun 20 09:04 +0000'],
      ['03 May 20 15:04 +0000', '04 May 20 08:59 +0000', '05 May 20 05:00 +0000'],
    );
  });

  it('Easter 2020', () => {
    const i = parse({ days_of_month: ['4:6'], months: ['april'], years: ['2020'] });
    check(
      i,
      ['04 Apr 20 15:04 +0000', '05 Apr 20 00:00 +0000', '06 Apr 20 23:05 +0000'],
      ['03 May 18 15:04 +0000', '03 Apr 20 23:59 +0000', '04 Jun 20 23:59 +0000'],
    );
    check(i, [], ['06 Apr 19 23:59 +0000', '07 Apr 20 00:00 +0000']);
  });

  it('negative days of month: the last 3 days of each month', () => {
    check(
      parse({ days_of_month: ['-3:-1'] }),
      [
        '31 Jan 20 15:04 +0000',
        '29 Jan 20 15:04 +0000',
        '30 Jun 20 00:00 +0000',
        '29 Feb 20 23:05 +0000',
      ],
      ['27 Jan 20 15:04 +0000', '04 Jun 20 23:59 +0000', '01 Mar 20 00:00 +0000'],
    );
  });

  it('clamps out-of-bound days to the month', () => {
    // Built directly, as Alertmanager's test does: the parser refuses `-31:31`.
    check(
      { location: 'UTC', months: [{ begin: 6, end: 6 }], daysOfMonth: [{ begin: -31, end: 31 }] },
      ['30 Jun 20 00:00 +0000', '01 Jun 20 00:00 +0000'],
      ['31 May 20 00:00 +0000', '01 Jul 20 00:00 +0000'],
    );
  });

  it('does not clamp a start after the end of the month (30:31 in February)', () => {
    check(
      parse({ days_of_month: ['30:31'], months: ['february'], years: ['2020:2023'] }),
      [],
      ['28 Feb 21 13:00 +0000'],
    );
  });

  it('reads the wall clock of the location (Australia/Sydney, with and without DST)', () => {
    const nineToFive = {
      times: [{ start_time: '09:00', end_time: '17:00' }],
      weekdays: ['monday:friday'],
    };
    check(
      parse({ ...nineToFive, location: 'Australia/Sydney' }),
      ['06 Apr 21 13:00 +1000'],
      ['06 Apr 21 13:00 +0000'],
    );
    check(
      parse({ ...nineToFive, months: ['november'], location: 'Australia/Sydney' }),
      ['01 Nov 21 09:00 +1100', '31 Oct 21 22:00 +0000'],
      ['31 Oct 21 21:00 +0000'],
    );
  });
});

describe('contains across DST changes', () => {
  it('"-1" is the 31st of March in New York (Alertmanager #5447)', () => {
    const i = parse({ days_of_month: ['-1'], location: 'America/New_York' });
    expect(contains(i, new Date('2021-03-31T12:00:00-04:00'))).toBe(true);
    expect(contains(i, new Date('2021-03-30T12:00:00-04:00'))).toBe(false);
    expect(daysInMonth(2021, 3)).toBe(31);
    expect(daysInMonth(2024, 2)).toBe(29);
  });

  it('business hours in Madrid follow the clock change', () => {
    const i = parse({
      times: [{ start_time: '09:00', end_time: '17:00' }],
      location: 'Europe/Madrid',
    });
    // Saturday 27 March 2021 is CET (+1), Sunday 28 is CEST (+2).
    expect(contains(i, new Date('2021-03-27T07:30:00Z'))).toBe(false); // 08:30 CET
    expect(contains(i, new Date('2021-03-28T07:30:00Z'))).toBe(true); // 09:30 CEST
    expect(contains(i, new Date('2021-03-28T14:59:00Z'))).toBe(true); // 16:59 CEST
    expect(contains(i, new Date('2021-03-28T15:00:00Z'))).toBe(false); // 17:00 CEST
  });

  it('a skipped hour never matches, a repeated hour matches twice (Madrid)', () => {
    const i = parse({
      times: [{ start_time: '02:00', end_time: '03:00' }],
      location: 'Europe/Madrid',
    });
    expect(contains(i, new Date('2021-03-28T00:59:00Z'))).toBe(false); // 01:59 CET
    expect(contains(i, new Date('2021-03-28T01:00:00Z'))).toBe(false); // 03:00 CEST
    expect(contains(i, new Date('2021-10-31T00:30:00Z'))).toBe(true); // 02:30 CEST
    expect(contains(i, new Date('2021-10-31T01:30:00Z'))).toBe(true); // 02:30 CET
    expect(contains(i, new Date('2021-10-31T02:00:00Z'))).toBe(false); // 03:00 CET
  });

  it('days and weekdays change at local midnight, not UTC midnight', () => {
    const sunday = parse({ weekdays: ['sunday'], location: 'America/New_York' });
    expect(contains(sunday, new Date('2021-11-07T03:30:00Z'))).toBe(false); // Sat 23:30 EDT
    expect(contains(sunday, new Date('2021-11-07T04:30:00Z'))).toBe(true); // Sun 00:30 EDT
    expect(wallClock(new Date('2021-11-07T06:30:00Z'), 'America/New_York')).toEqual({
      year: 2021,
      month: 11,
      day: 7,
      weekday: 0,
      minute: 60 + 30, // 01:30 EST, after falling back
    });
  });
});

describe('complete intervals and mute/active semantics', () => {
  it('Alertmanager completeTestCases', () => {
    const i = parse({
      weekdays: ['monday:wednesday', 'saturday', 'sunday'],
      times: [{ start_time: '13:00', end_time: '15:00' }],
      days_of_month: ['1', '10', '20:-1'],
      years: ['2020:2023'],
      months: ['january:march'],
    });
    check(
      i,
      ['10 Jan 21 13:00 +0000', '30 Jan 21 14:24 +0000'],
      ['09 Jan 21 13:00 +0000', '20 Jan 21 12:59 +0000', '02 Feb 21 13:00 +0000'],
    );
  });

  it('mutes inside a mute interval, and outside every active interval', () => {
    const named = compileTimeIntervals([
      { name: 'weekends', time_intervals: [{ weekdays: ['saturday', 'sunday'] }] },
      { name: 'office', time_intervals: [{ times: [{ start_time: '09:00', end_time: '17:00' }] }] },
    ]);
    const saturdayNoon = new Date('2025-06-07T12:00:00Z');
    const mondayNight = new Date('2025-06-09T22:00:00Z');
    const none = { muteTimeIntervals: [], activeTimeIntervals: [] };
    expect(mutedByTimeIntervals(none, named, saturdayNoon)).toBe(false);
    const mute = { ...none, muteTimeIntervals: ['weekends'] };
    expect(mutedByTimeIntervals(mute, named, saturdayNoon)).toBe(true);
    expect(mutedByTimeIntervals(mute, named, mondayNight)).toBe(false);
    const active = { ...none, activeTimeIntervals: ['office'] };
    expect(mutedByTimeIntervals(active, named, saturdayNoon)).toBe(false);
    expect(mutedByTimeIntervals(active, named, mondayNight)).toBe(true);
    expect(mutedByTimeIntervals({ ...active, ...mute }, named, saturdayNoon)).toBe(true);
  });

  it('names the bad entry when compiling', () => {
    expect(() =>
      compileTimeIntervals([{ name: 'bad', time_intervals: [{ weekdays: ['funday'] }] }]),
    ).toThrow("time interval 'bad': funday is not a valid weekday");
  });
});
