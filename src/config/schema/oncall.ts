/** Settings of paging itself. */
import { z } from 'zod';
import { durationSchema } from './primitives.js';

export const oncallSchema = z
  .strictObject({
    link_ttl: durationSchema.prefault('24h').meta({
      description: 'How long the acknowledge/resolve links inside notifications work.',
    }),
    gap_horizon: durationSchema.prefault('28d').meta({
      description:
        'How far ahead `opsdeck validate` and the API look for times with nobody on call.',
    }),
  })
  .prefault({})
  .meta({ description: 'On-call and paging settings.' });
