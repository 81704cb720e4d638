/**
 * `maintenance_windows`: planned periods when alerts of some services are muted, either once
 * (`starts`/`ends`) or on a calendar (`time_intervals`, Alertmanager's format).
 */
import { z } from 'zod';
import { idMap, refSchema } from './primitives.js';
import { matcherSchema } from './routes.js';
import { timeIntervalSchema } from './time-intervals.js';

const instantSchema = z.iso
  .datetime({ offset: true, error: 'expected a date and time like 2025-01-31T09:00:00Z' })
  .transform((text) => Date.parse(text))
  .meta({ title: 'date-time' });

export const maintenanceWindowSchema = z
  .strictObject({
    description: z.string().optional().meta({ description: 'What is being done, for people.' }),
    services: z.array(refSchema('service')).default([]).meta({
      description:
        'Service ids (from `services`) whose alerts are muted; omit to select by matchers only.',
    }),
    matchers: z.array(matcherSchema).default([]).meta({
      description: 'Alertmanager matchers the alert must also match, e.g. `env="staging"`.',
    }),
    starts: instantSchema
      .optional()
      .meta({ description: 'One-off window: start, with a zone (e.g. 2025-06-01T22:00:00Z).' }),
    ends: instantSchema.optional().meta({ description: 'One-off window: end, after `starts`.' }),
    time_intervals: z.array(timeIntervalSchema).min(1).optional().meta({
      description: 'Recurring window: the periods it covers (instead of `starts`/`ends`).',
    }),
  })
  .superRefine((w, ctx) => {
    const issue = (message: string, path: string[] = []) =>
      ctx.addIssue({ code: 'custom', message, path, input: w });
    const oneOff = w.starts !== undefined || w.ends !== undefined;
    if (oneOff === (w.time_intervals !== undefined))
      issue('set either `starts` and `ends` (one-off) or `time_intervals` (recurring)');
    else if (oneOff && (w.starts === undefined || w.ends === undefined))
      issue(`needs both \`starts\` and \`ends\``, [w.starts === undefined ? 'starts' : 'ends']);
    else if (oneOff && w.ends! <= w.starts!) issue('must be after `starts`', ['ends']);
    // A window selecting every alert of every service is a global mute, not maintenance.
    if (w.services.length === 0 && w.matchers.length === 0)
      issue('needs `services`, `matchers`, or both');
  })
  .meta({ description: 'One maintenance window.' });

export const maintenanceWindowsSchema = idMap(maintenanceWindowSchema)
  .default({})
  .meta({ description: 'Maintenance windows by id; alerts they select are muted while active.' });
