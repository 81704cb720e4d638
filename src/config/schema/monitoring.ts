/** How checks are scheduled and how long their history is kept. */
import { z } from 'zod';
import { byteSizeSchema, durationSchema } from './primitives.js';

export const monitoringSchema = z
  .strictObject({
    concurrency: z
      .int()
      .min(1)
      .max(100_000)
      .default(2_000)
      .meta({ description: 'Most check runs in flight at once, all targets together.' }),
    per_target_concurrency: z.int().min(1).max(10_000).default(100).meta({
      description:
        'Most runs in flight against one target (host:port), so many checks of one host do not flood it.',
    }),
    retention: z
      .strictObject({
        raw: durationSchema.prefault('48h').meta({ description: 'Raw results (every run).' }),
        minute: durationSchema.prefault('14d').meta({ description: 'Per-minute rollups.' }),
        hour: durationSchema.prefault('1y').meta({ description: 'Hourly rollups.' }),
        day: durationSchema.prefault('2y').meta({ description: 'Daily rollups.' }),
        events: durationSchema.prefault('2y').meta({
          description: 'State changes (keep at least as long as the longest rollup).',
        }),
      })
      .prefault({})
      .meta({ description: 'How long check history is kept.' }),
    ping_body_limit: byteSizeSchema.prefault('100KiB').meta({
      description:
        'Most of a heartbeat ping body kept (a ping may ask for less with `Ping-Body-Limit`).',
    }),
  })
  .prefault({})
  .meta({ description: 'Check scheduling and history.' });
