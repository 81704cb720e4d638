/**
 * Zod schemas shared by every domain's routes: the error envelope, pagination and the
 * standard error responses. Route schemas are the single source of the OpenAPI document.
 */
import { z } from 'zod';

export const errorEnvelope = z
  .object({
    error: z.object({
      code: z.string().meta({ description: 'Stable machine-readable code, e.g. not_found.' }),
      message: z
        .string()
        .meta({ description: 'Human-readable explanation naming the field or reason.' }),
      requestId: z.string(),
      details: z.unknown().optional(),
    }),
  })
  .meta({ id: 'ErrorEnvelope' });

/** The error responses every authenticated route can produce. */
export const authErrors = {
  400: errorEnvelope,
  401: errorEnvelope,
  403: errorEnvelope,
} as const;

export const pageQuery = {
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(500)
    .default(100)
    .meta({ description: 'Page size (1–500).' }),
  cursor: z.string().max(200).optional().meta({ description: 'The previous page’s next_cursor.' }),
};

/** Page size and cursor of lists paged newest first by numeric id (incidents, action items). */
export const idPageQuery = {
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.coerce
    .number({ error: 'expected the previous page’s next_cursor' })
    .int()
    .positive()
    .optional(),
};

/** A page of items with the cursor of the next page (null on the last page). */
export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), next_cursor: z.string().nullable() });
}
