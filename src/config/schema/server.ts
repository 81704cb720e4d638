/** Settings of the Opsdeck server itself. */
import { z } from 'zod';
import { byteSizeSchema, httpUrlSchema } from './primitives.js';

export const serverSchema = z
  .strictObject({
    public_url: httpUrlSchema.optional().meta({
      description:
        'URL where people reach this Opsdeck, used in links inside notifications (e.g. https://ops.example.com).',
    }),
    body_limit: byteSizeSchema.prefault('1MiB').meta({
      description:
        'Largest accepted HTTP request body, e.g. 512KiB, 1MiB or 2MB (bytes when a number).',
    }),
  })
  .prefault({})
  .meta({ description: 'Settings of the Opsdeck server.' });
