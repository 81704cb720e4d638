/** How the alert store treats what it receives: Alertmanager's global settings and ours. */
import { z } from 'zod';
import { durationSchema } from './primitives.js';

export const alertsSchema = z
  .strictObject({
    resolve_timeout: durationSchema.prefault('5m').meta({
      description:
        'An alert received without `endsAt` resolves this long after its last re-send (Alertmanager’s `resolve_timeout`).',
    }),
    retention: durationSchema.prefault('7d').meta({
      description: 'How long resolved alerts stay queryable before they are deleted.',
    }),
    max_pending: z.int().min(100).max(10_000_000).default(200_000).meta({
      description:
        'Most received alerts waiting for their commit. Beyond it ingest answers 503 (senders retry), never 429.',
    }),
  })
  .prefault({})
  .meta({ description: 'Alert ingest and retention.' });
