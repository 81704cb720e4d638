/**
 * `time_intervals`: named calendars in Alertmanager's format, so a block copied from an
 * alertmanager.yml works unchanged. Routes refer to them by name (`mute_time_intervals`,
 * `active_time_intervals`) and maintenance windows reuse the entry format. Each field is parsed
 * by the alerts domain's own parser, so what loads is exactly what runs.
 */
import { z } from 'zod';
import {
  parseDayOfMonthRange,
  parseMonthRange,
  parseTimeOfDay,
  parseWeekdayRange,
  parseYearRange,
} from '../../alerts/time-intervals/parse.js';
import { parsedString, timeZoneSchema } from './primitives.js';

/** The parser's own message (Alertmanager's wording), or undefined when the text parses. */
function problemOf(parse: (text: string) => unknown) {
  return (text: string): string | undefined => {
    try {
      parse(text);
      return undefined;
    } catch (error) {
      return (error as Error).message;
    }
  };
}

const timeOfDaySchema = parsedString('HH:MM', problemOf(parseTimeOfDay));

const rangeList = (title: string, parse: (text: string) => unknown, description: string) =>
  z
    .array(parsedString(title, problemOf(parse)))
    .optional()
    .meta({ description });

/** One entry of a `time_intervals` list: every field given must match (a field is an OR). */
export const timeIntervalSchema = z
  .strictObject({
    times: z
      .array(
        z
          .strictObject({
            start_time: timeOfDaySchema.meta({ description: 'Start, inclusive (`HH:MM`).' }),
            end_time: timeOfDaySchema.meta({
              description: 'End, exclusive (`HH:MM`, up to 24:00).',
            }),
          })
          .superRefine((range, ctx) => {
            const minutes = (t: string) => (problemOf(parseTimeOfDay)(t) ? NaN : parseTimeOfDay(t));
            if (minutes(range.start_time) >= minutes(range.end_time))
              ctx.addIssue({
                code: 'custom',
                path: ['end_time'],
                message: 'start time cannot be equal or greater than end time',
                input: range.end_time,
              });
          }),
      )
      .optional()
      .meta({ description: 'Times of day, e.g. `{start_time: "09:00", end_time: "17:00"}`.' }),
    weekdays: rangeList(
      'weekday range',
      parseWeekdayRange,
      'Days of the week or ranges, e.g. `monday:friday`, `saturday` (weeks start on Sunday).',
    ),
    days_of_month: rangeList(
      'day range',
      parseDayOfMonthRange,
      'Days of the month or ranges, e.g. `1`, `1:15`; negative counts from the end (`-1` is the last day).',
    ),
    months: rangeList(
      'month range',
      parseMonthRange,
      'Months by name or number, or ranges, e.g. `january:march`, `12`.',
    ),
    years: rangeList('year range', parseYearRange, 'Years or ranges, e.g. `2025`, `2025:2027`.'),
    location: timeZoneSchema
      .optional()
      .meta({ description: 'IANA time zone the other fields are read in (default UTC).' }),
  })
  .meta({ description: 'One period (Alertmanager time interval format).' });

export const namedTimeIntervalSchema = z
  .strictObject({
    name: z.string().min(1).meta({ description: 'Name routes use to refer to these periods.' }),
    time_intervals: z
      .array(timeIntervalSchema)
      .meta({ description: 'The periods; the name covers any instant inside one of them.' }),
  })
  .meta({ description: 'A named list of periods.' });

export const timeIntervalsSchema = z
  .array(namedTimeIntervalSchema)
  .default([])
  .superRefine((list, ctx) => {
    const seen = new Set<string>();
    list.forEach(({ name }, i) => {
      if (seen.has(name))
        ctx.addIssue({
          code: 'custom',
          path: [i, 'name'],
          message: `time interval '${name}' is not unique`,
          input: name,
        });
      seen.add(name);
    });
  })
  .meta({
    description:
      "Named time intervals in Alertmanager's format, for routes' `mute_time_intervals` and `active_time_intervals`.",
  });
