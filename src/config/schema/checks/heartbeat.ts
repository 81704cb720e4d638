/**
 * `heartbeat` checks: jobs ping Opsdeck through the healthchecks.io ping API; late or failed
 * pings are down.
 */
import { Cron } from 'croner';
import { z } from 'zod';
import { parsedString, thrownBy, timeZoneSchema } from '../primitives.js';
import { positiveDuration } from './common.js';

const cronSchema = parsedString(
  'cron expression',
  thrownBy('invalid cron expression', (text) => new Cron(text, { paused: true })),
);

export const heartbeatCheckSchema = z
  .strictObject({
    uuid: z
      .uuid({
        error:
          'expected a UUID like 5bf6a7f4-1a4c-4d2f-9a8e-0b8c2d1e3f40 (generate one with uuidgen)',
      })
      .transform((u) => u.toLowerCase())
      .meta({ description: 'Ping key: jobs call /ping/<uuid>. Generate one with `uuidgen`.' }),
    period: positiveDuration()
      .optional()
      .meta({ description: 'Expected time between pings, e.g. 1d.' }),
    cron: cronSchema
      .optional()
      .meta({ description: 'Expected schedule as a cron expression (instead of `period`).' }),
    timezone: timeZoneSchema.default('UTC').meta({ description: 'Time zone of `cron`.' }),
    grace: positiveDuration().prefault('1h').meta({
      description: 'How late a ping may be, and how long a started run may take (default 1h).',
    }),
  })
  .superRefine((hb, ctx) => {
    if ((hb.period === undefined) === (hb.cron === undefined))
      ctx.addIssue({
        code: 'custom',
        message: 'set exactly one of `period` and `cron`',
        input: hb,
      });
  })
  .meta({ title: 'heartbeat', description: 'Pings from a job (healthchecks.io ping API).' });
