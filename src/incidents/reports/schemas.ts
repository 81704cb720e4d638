/** The report's response shape (zod): the single source of its part of the OpenAPI document. */
import { z } from 'zod';

const seconds = z.number().nullable();

export const durationStatsSchema = z
  .object({
    count: z.number(),
    mean: seconds,
    p50: seconds,
    p90: seconds,
    p95: seconds,
    max: seconds,
  })
  .meta({
    id: 'DurationStats',
    description: 'Seconds; nearest-rank percentiles. Null figures when count is 0.',
  });

const figures = {
  incidents: z.number(),
  breaches: z.number(),
  time_to_detect: durationStatsSchema,
  time_to_acknowledge: durationStatsSchema,
  time_to_mitigate: durationStatsSchema,
  time_to_resolve: durationStatsSchema,
};

export const incidentReportSchema = z
  .object({
    from: z.string(),
    to: z.string(),
    timezone: z.string(),
    generated_at: z.string(),
    overall: z.object(figures),
    by_status: z.record(z.string(), z.number()),
    by_source: z.record(z.string(), z.number()),
    by_severity: z.array(z.object({ severity: z.string().nullable(), ...figures })),
    by_service: z.array(z.object({ service: z.string().nullable(), ...figures })),
    by_month: z.array(
      z.object({
        month: z.string().meta({ description: 'YYYY-MM in the report’s time zone.' }),
        starts_at: z.string(),
        ...figures,
      }),
    ),
    breaches: z.object({
      count: z.number().meta({ description: 'Every breach; `items` lists the newest 500.' }),
      items: z.array(
        z.object({
          id: z.number(),
          title: z.string(),
          severity: z.string().nullable(),
          opened_at: z.string(),
          respond_by: z.string(),
          responded_at: z.string().nullable(),
          late_by: z.number().meta({ description: 'Seconds past respond_by.' }),
        }),
      ),
    }),
    postmortems: z.object({
      total: z.number(),
      required: z.number(),
      published: z.number(),
      overdue: z.number(),
    }),
    action_items: z.object({ open: z.number(), overdue: z.number(), done: z.number() }),
  })
  .meta({ id: 'IncidentReport' });
