/** Fields every check kind shares, and the helpers kind files use to declare themselves. */
import { z } from 'zod';
import { durationSchema, refSchema, runbookRefSchema, stringMapSchema } from '../primitives.js';

/** A duration that must be positive (intervals, timeouts, grace periods). */
export function positiveDuration() {
  return durationSchema.refine((ms) => ms > 0, { error: 'must be greater than 0' });
}

/** A TCP port number. */
export const portSchema = z
  .int({ error: 'expected a port number from 1 to 65535' })
  .min(1, { error: 'expected a port number from 1 to 65535' })
  .max(65535, { error: 'expected a port number from 1 to 65535' })
  .meta({ title: 'port' });

/** A host name or IP address (no scheme, no port). */
export const hostSchema = z
  .string({ error: 'expected a host name or IP address' })
  .regex(/^[A-Za-z0-9._:-]+$/, { error: 'expected a host name or IP address (no scheme, no port)' })
  .meta({ title: 'host' });

export const commonCheckShape = {
  every: positiveDuration().optional().meta({
    description:
      'How often the check runs, e.g. 30s (default 60s; at least 1s). Not used by heartbeats.',
  }),
  timeout: positiveDuration().optional().meta({
    description:
      'How long one run may take before it counts as down (default 10s, and never more than `every`).',
  }),
  failures_to_down: z.int().min(1).max(100).optional().meta({
    description:
      'Consecutive failed runs before the check is down (default 2, 1 for heartbeats): a single blip does not page.',
  }),
  successes_to_up: z
    .int()
    .min(1)
    .max(100)
    .default(1)
    .meta({ description: 'Consecutive good runs before a failed check is up again.' }),
  severity: refSchema('severity').optional().meta({
    description:
      'Severity of the alert raised when the check goes down (from `severities`); default: the least severe severity that pages, else the first.',
  }),
  labels: stringMapSchema
    .default({})
    .meta({ description: 'Labels added to this check’s alerts (after the service’s labels).' }),
  runbook: runbookRefSchema
    .optional()
    .meta({ description: 'Runbook for this check: a path relative to the YAML file, or a URL.' }),
};
