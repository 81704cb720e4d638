/** Settings of the incident lifecycle: post-mortem reminders and response reporting. */
import { z } from 'zod';
import { durationSchema, timeZoneSchema } from './primitives.js';

export const incidentsSchema = z
  .strictObject({
    postmortem_reminders: z
      .strictObject({
        before: durationSchema.prefault('24h').meta({
          description:
            'How long before a required post-mortem is due its owner is reminded (never earlier than the incident’s resolution).',
        }),
        every: durationSchema.prefault('24h').meta({
          description: 'How often an overdue post-mortem’s owner is reminded again.',
        }),
        max: z.int().min(0).max(100).default(7).meta({
          description: 'Reminders after the due date at most (0: only the one before it).',
        }),
      })
      .prefault({})
      .meta({
        description:
          'Reminders to the post-mortem’s owner (the incident commander, else whoever acknowledged or resolved it), on their `default` notification channels; pager kinds (PagerDuty, Opsgenie) are skipped.',
      }),
    report_timezone: timeZoneSchema
      .default('UTC')
      .meta({ description: 'Time zone months are counted in by incident reports (IANA name).' }),
  })
  .prefault({})
  .meta({ description: 'Incident lifecycle settings.' });
