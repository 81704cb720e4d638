/**
 * On-call schedules: rotations of people, in the schedule's time zone. Rotations sit on layers;
 * where several layers have someone on call, the highest layer wins (PagerDuty's model), and
 * overrides (made at run time through the API or CLI, not here) win over every layer.
 * Handoffs are wall-clock times: a 09:00 handoff stays 09:00 local across DST changes.
 */
import { z } from 'zod';
import { durationSchema, idMap, refSchema, timeZoneSchema } from './primitives.js';

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

const TIME_RE = /^([01][0-9]|2[0-3]):[0-5][0-9]$|^24:00$/;
const TIME_MESSAGE = 'expected a time of day like 09:00 (24-hour, 00:00 to 24:00)';

/** `HH:MM`, parsed to minutes after midnight (0 … 1440). */
export const timeOfDaySchema = z
  .string({ error: TIME_MESSAGE })
  .regex(TIME_RE, { error: TIME_MESSAGE })
  .transform((t) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3)))
  .meta({ title: 'time of day' });

const HANDOFF_RE = /^(?:(mon|tue|wed|thu|fri|sat|sun)[a-z]* +)?(([01][0-9]|2[0-3]):[0-5][0-9])$/i;
const HANDOFF_MESSAGE = 'expected a handoff like "09:00" or "Mon 09:00"';

/** When a turn changes hands: a time of day, with a weekday for weekly turns. */
export const handoffSchema = z
  .string({ error: HANDOFF_MESSAGE })
  .regex(HANDOFF_RE, { error: HANDOFF_MESSAGE })
  .transform((text) => {
    const m = HANDOFF_RE.exec(text)!;
    const day = m[1] ? (m[1].toLowerCase() as Weekday) : null;
    return { day, minute: Number(m[3]) * 60 + Number(m[2]!.slice(3)) };
  })
  .meta({ title: 'handoff' });

const DATE_MESSAGE = 'expected a date like 2026-01-05';

/** A calendar date `YYYY-MM-DD`, read in the schedule's time zone. */
export const localDateSchema = z
  .string({ error: DATE_MESSAGE })
  .regex(/^\d{4}-\d{2}-\d{2}$/, { error: DATE_MESSAGE })
  .refine(
    (d) =>
      !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) &&
      new Date(`${d}T00:00:00Z`).toISOString().startsWith(d),
    {
      error: 'is not a calendar date',
    },
  )
  .meta({ title: 'date' });

export const restrictionSchema = z
  .strictObject({
    days: z
      .array(z.enum(WEEKDAYS, { error: `expected a weekday: ${WEEKDAYS.join(', ')}` }))
      .min(1)
      .default([...WEEKDAYS])
      .meta({ description: 'Weekdays the window starts on (all when omitted).' }),
    from: timeOfDaySchema.meta({ description: 'Start of the window, local time.' }),
    to: timeOfDaySchema.meta({
      description: 'End of the window, local time; earlier than `from` means the next day.',
    }),
  })
  .refine((r) => r.from !== r.to, { error: 'a window from and to the same time is empty' })
  .meta({
    description: 'A weekly window during which the rotation is on call, e.g. weekdays 09:00–18:00.',
  });

const HOUR_MS = 3_600_000;

export const rotationSchema = z
  .strictObject({
    name: z
      .string()
      .min(1)
      .optional()
      .meta({ description: 'Display name, e.g. "business hours".' }),
    members: z
      .array(refSchema('person'))
      .min(1, { error: 'a rotation needs at least one member' })
      .meta({
        description: 'Ids of the people who take turns (from `people`), in order.',
      }),
    every: durationSchema
      .refine((ms) => ms > 0, { error: 'a turn cannot be zero-length' })
      .refine((ms) => ms % HOUR_MS === 0, { error: 'a turn must be a whole number of hours' })
      .meta({ description: 'Length of one turn: hours, days or weeks (`12h`, `1d`, `1w`).' }),
    handoff: handoffSchema.prefault('09:00').meta({
      description:
        'When turns change hands, local time; weekly turns may name the day ("Mon 09:00").',
    }),
    start: localDateSchema.default('2024-01-01').meta({
      description:
        'First day of the rotation: the first member’s turn starts at the first handoff on or after it.',
    }),
    end: localDateSchema
      .optional()
      .meta({ description: 'Day the rotation stops (exclusive); none when omitted.' }),
    layer: z.int().min(1).max(100).default(1).meta({
      description: 'Precedence: where layers overlap, the highest layer’s person is on call.',
    }),
    restrictions: z.array(restrictionSchema).default([]).meta({
      description: 'Weekly windows the rotation covers; always on call when empty.',
    }),
  })
  .meta({ description: 'One rotation of a schedule.' });

export const scheduleSchema = z
  .strictObject({
    name: z.string().min(1).optional().meta({ description: 'Display name; the id when omitted.' }),
    description: z.string().optional().meta({ description: 'Who this schedule pages and when.' }),
    timezone: timeZoneSchema.default('UTC').meta({
      description: 'Time zone of handoffs, restrictions and dates (IANA, e.g. Europe/Madrid).',
    }),
    rotations: z
      .array(rotationSchema)
      .min(1, { error: 'a schedule needs at least one rotation' })
      .meta({
        description: 'Rotations; on one layer they must not overlap.',
      }),
  })
  .meta({ description: 'One on-call schedule.' });

export const schedulesSchema = idMap(scheduleSchema)
  .default({})
  .meta({ description: 'On-call schedules by id (e.g. `sre-primary`).' });
