/** People who can be paged, own services or lead teams. */
import { z } from 'zod';
import { emailSchema, idMap, phoneSchema, timeZoneSchema } from './primitives.js';

export const personSchema = z
  .strictObject({
    name: z.string().min(1).meta({ description: 'Full name as shown in the console.' }),
    email: emailSchema.optional().meta({ description: 'Email address for notifications.' }),
    phone: phoneSchema.optional().meta({ description: 'Phone number for SMS and voice pages.' }),
    timezone: timeZoneSchema
      .optional()
      .meta({ description: 'Home time zone, used to show shifts in local time.' }),
    slack_user_id: z
      .string()
      .regex(/^[UW][A-Z0-9]{2,}$/, { error: 'expected a Slack user id like U024BE7LH' })
      .optional()
      .meta({ description: 'Slack member id, so notifications can mention the person.' }),
  })
  .meta({ description: 'One person.' });

export const peopleSchema = idMap(personSchema)
  .default({})
  .meta({ description: 'People by id (e.g. `alice`); referenced from teams and services.' });
