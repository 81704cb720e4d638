/** Incident severities: how bad, how fast someone must respond, and whether it pages. */
import { z } from 'zod';
import { durationSchema, idMap } from './primitives.js';

export const severitySchema = z
  .strictObject({
    title: z.string().min(1).meta({ description: 'Short human name, e.g. "Critical".' }),
    description: z
      .string()
      .optional()
      .meta({ description: 'When to use this severity, in the words of your handbook.' }),
    respond_within: durationSchema.meta({
      description: 'How soon someone must acknowledge an incident of this severity.',
    }),
    page: z
      .boolean()
      .default(false)
      .meta({ description: 'Whether incidents of this severity page people (phone, push).' }),
    postmortem_within: durationSchema.optional().meta({
      description: 'Deadline for the post-mortem after the incident resolves; none when omitted.',
    }),
    auto_resolve: z.boolean().optional().meta({
      description:
        'Whether an incident of this severity resolves by itself when every alert of its group has resolved. Defaults to the opposite of `page`: incidents that page people (P0 and P1 by default) wait for a person to resolve them.',
    }),
  })
  .meta({ description: 'One severity level.' });

/**
 * The handbooks' P0–P3 scale, used when `severities` is omitted. Written in input form so the
 * JSON Schema shows it as a default and it goes through the same parsing as user values.
 */
export const DEFAULT_SEVERITIES = {
  P0: { title: 'Critical', respond_within: '15m', page: true, postmortem_within: '48h' },
  P1: { title: 'High', respond_within: '15m', page: true, postmortem_within: '48h' },
  P2: { title: 'Medium', respond_within: '1h' },
  P3: { title: 'Low', respond_within: '1d' },
} satisfies Record<string, z.input<typeof severitySchema>>;

/** `auto_resolve` as written, else the opposite of `page`. */
export function autoResolves(severity: z.output<typeof severitySchema> | undefined): boolean {
  return severity?.auto_resolve ?? !(severity?.page ?? false);
}

export const severitiesSchema = idMap(severitySchema)
  .prefault(DEFAULT_SEVERITIES)
  .meta({
    description:
      'Severity levels by id, most severe first (the order written is the order used). ' +
      'Omit the key to get P0 (Critical) to P3 (Low) from the handbooks.',
  });
