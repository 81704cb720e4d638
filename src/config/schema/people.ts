/** People who can be paged, own services or lead teams, and how each wants to be reached. */
import { z } from 'zod';
import {
  durationSchema,
  emailSchema,
  idMap,
  phoneSchema,
  refSchema,
  timeZoneSchema,
} from './primitives.js';

const ruleObject = z.strictObject({
  channel: refSchema('channel').meta({ description: 'Channel id (from `channels`).' }),
  after: durationSchema.default(0).meta({
    description:
      'Delay after the person is paged; cancelled if the incident is acknowledged first.',
  }),
});

/** `email` or `{channel: email, after: 5m}`. */
export const notificationRuleSchema = z
  .union([refSchema('channel').transform((channel) => ({ channel, after: 0 })), ruleObject], {
    error: 'expected a channel id or {channel, after}',
  })
  .meta({ title: 'rule', description: 'A channel id, or `{channel, after}` to wait first.' });

export const personSchema = z
  .strictObject({
    name: z.string().min(1).meta({ description: 'Full name as shown in the console.' }),
    email: emailSchema.optional().meta({ description: 'Email address, used by email channels.' }),
    phone: phoneSchema.optional().meta({ description: 'Phone number for SMS and voice pages.' }),
    timezone: timeZoneSchema
      .optional()
      .meta({ description: 'Home time zone, used to show shifts in local time.' }),
    slack_user_id: z
      .string()
      .regex(/^[UW][A-Z0-9]{2,}$/, { error: 'expected a Slack user id like U024BE7LH' })
      .optional()
      .meta({ description: 'Slack member id, so notifications can mention the person.' }),
    discord_user_id: z
      .string()
      .regex(/^[0-9]{5,20}$/, { error: 'expected a Discord user id (digits)' })
      .optional()
      .meta({ description: 'Discord user id, so notifications can mention the person.' }),
    telegram_chat_id: z
      .union([z.string().regex(/^-?[0-9]+$/), z.int()], {
        error: 'expected a numeric Telegram chat id',
      })
      .transform(String)
      .optional()
      .meta({
        description:
          'Private chat with the bot; Telegram channels send there instead of their `chat_id`.',
      }),
    ntfy_topic: z
      .string()
      .regex(/^[-_A-Za-z0-9]{1,64}$/, {
        error: 'expected an ntfy topic (letters, digits, - and _)',
      })
      .optional()
      .meta({
        description: 'Personal ntfy topic; ntfy channels publish there instead of their `topic`.',
      }),
    role: z.enum(['viewer', 'responder', 'admin']).default('responder').meta({
      description:
        'What the person may do when signed in to the console with a password (set with `PUT /api/v1/people/<id>/password`): viewer reads, responder also acts on alerts and incidents, admin also manages tokens and passwords.',
    }),
    notify: z
      .record(
        z.string().min(1),
        z.array(notificationRuleSchema).min(1, { error: 'list at least one channel' }),
      )
      .default({})
      .meta({
        description:
          'Notification rules by severity id (`P0: [pagerduty, email]`), plus `default` for the others. Channels in a list are tried together; when one fails for good, the next channel of the list not used yet takes over.',
      }),
  })
  .meta({ description: 'One person.' });

export const peopleSchema = idMap(personSchema)
  .default({})
  .meta({ description: 'People by id (e.g. `alice`); referenced from teams and services.' });
