import { describe, expect, it } from 'vitest';
import { contains, parseTimeInterval, parseTimeRange, type TimeIntervalSpec } from './index.js';

const parse = (spec: TimeIntervalSpec) => parseTimeInterval(spec);

describe('parsing (Alertmanager yamlUnmarshalTestCases and timeStringTestCases)', () => {
  it('parses ranges, names in any case, negative days and locations', () => {
    expect(
      parse({
        weekdays: ['monday:friday', 'sunday'],
        months: ['January:march'],
        days_of_month: ['-7:-1', '1:-1'],
        years: ['2020:2025', '2030'],
        times: [{ start_time: '00:00', end_time: '24:00' }],
        location: 'Australia/Sydney',
      }),
    ).toEqual({
      weekdays: [
        { begin: 1, end: 5 },
        { begin: 0, end: 0 },
      ],
      months: [{ begin: 1, end: 3 }],
      daysOfMonth: [
        { begin: -7, end: -1 },
        { begin: 1, end: -1 },
      ],
      years: [
        { begin: 2020, end: 2025 },
        { begin: 2030, end: 2030 },
      ],
      times: [{ begin: 0, end: 1440 }],
      location: 'Australia/Sydney',
    });
    expect(parseTimeRange({ start_time: '01:35', end_time: '17:39' })).toEqual({
      begin: 95,
      end: 1059,
    });
  });

  it.each([
    [
      { times: [{ start_time: '01:99', end_time: '23:59' }] },
      "couldn't parse timestamp 01:99, invalid format",
    ],
    [
      { times: [{ start_time: '00:00', end_time: '99:99' }] },
      "couldn't parse timestamp 99:99, invalid format",
    ],
    [
      { times: [{ start_time: '12:30', end_time: '24:01' }] },
      "couldn't parse timestamp 24:01, invalid format",
    ],
    [
      { times: [{ start_time: '17:31', end_time: '17:31' }] },
      'start time cannot be equal or greater than end time',
    ],
    [
      { times: [{ start_time: '24:00', end_time: '17:41' }] },
      'start time cannot be equal or greater than end time',
    ],
    [{ times: [{ start_time: '14:03' }] }, 'both start and end times must be provided'],
    [{ weekdays: ['friday:monday'] }, 'start day cannot be before end day'],
    [{ weekdays: ['blurgsday:flurgsday'] }, 'blurgsday is not a valid weekday'],
    [{ weekdays: ['1:3'] }, '1 is not a valid weekday'],
    [{ weekdays: ['-2:-1'] }, '-2 is not a valid weekday'],
    [
      { weekdays: ['monday:tuesday:friday'] },
      "couldn't parse range monday:tuesday:friday, invalid format",
    ],
    [{ days_of_month: ['0'] }, '0 is not a valid day of the month: out of range'],
    [{ days_of_month: ['-50:-20'] }, '-50 is not a valid day of the month: out of range'],
    [{ days_of_month: ['1:50'] }, '50 is not a valid day of the month: out of range'],
    [{ days_of_month: ['-15:5'] }, 'end day must be negative if start day is negative'],
    [{ days_of_month: ['10:-25'] }, 'end day -25 is always before start day 10'],
    [{ days_of_month: ['first'] }, 'first is not a valid day of the month'],
    [{ months: ['martius:june'] }, 'martius is not a valid month'],
    [{ months: ['march:junius'] }, 'junius is not a valid month'],
    [{ months: ['december:january'] }, 'end month january is before start month december'],
    [{ months: ['13'] }, '13 is not a valid month: out of range'],
    [{ years: ['2022:2020'] }, 'end year 2020 is before start year 2022'],
    [{ location: 'Mars/Olympus_Mons' }, 'unknown time zone Mars/Olympus_Mons'],
  ] as [TimeIntervalSpec, string][])('rejects %j', (spec, message) => {
    expect(() => parse(spec)).toThrow(new SyntaxError(message));
  });

  it('an empty list matches nothing, as in Alertmanager (Go decodes [] to a non-nil slice)', () => {
    expect(contains(parse({ weekdays: [] }), new Date())).toBe(false);
  });
});
