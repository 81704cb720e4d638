import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { authErrors } from '../lib/api-schemas.js';
import type { CheckEngine } from './engine.js';
import type { DailyUptime } from './history/daily-uptime.js';
import { buildOverview } from './overview.js';
import { CHECK_STATES } from './state.js';

export interface OverviewRouteDeps {
  engine: CheckEngine;
  daily: DailyUptime;
  /** The configured services (id, display name, team). */
  services: () => Iterable<{ id: string; name: string; team: string | null }>;
}

const counts = z.object({
  total: z.number(),
  up: z.number(),
  degraded: z.number(),
  down: z.number(),
  paused: z.number(),
  unknown: z.number(),
});

const serviceOverview = z
  .object({
    id: z.string(),
    name: z.string(),
    team: z.string().nullable(),
    state: z.enum(CHECK_STATES),
    checks: counts,
    uptime_90d: z.number().nullable().meta({ description: 'Uptime ratio (0–1) over 90 days.' }),
    days_from: z.string().meta({ description: 'UTC date of the first entry of `days`.' }),
    days: z
      .array(z.number().nullable())
      .meta({ description: 'Daily uptime ratios, oldest first; the last is today so far.' }),
    latency_24h: z
      .array(z.number().nullable())
      .meta({ description: 'Average latency (ms) per hour over the last 24 hours, oldest first.' }),
  })
  .meta({ id: 'ServiceOverview' });

export const overviewRoutes: FastifyPluginAsyncZod<OverviewRouteDeps> = async (
  app,
  { engine, daily, services },
) => {
  app.get(
    '/api/v1/overview',
    {
      config: { auth: 'viewer' },
      schema: {
        tags: ['checks'],
        summary: 'Services with their state, 90-day daily uptime and 24-hour latency, worst first',
        querystring: z.object({
          limit: z.coerce.number().int().min(1).max(500).default(100),
          offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
          q: z.string().max(200).optional(),
          state: z.enum(CHECK_STATES).optional(),
        }),
        response: {
          200: z.object({
            generated_at: z.string(),
            total: z.number(),
            services: z.array(serviceOverview),
          }),
          ...authErrors,
        },
      },
    },
    async (request) => {
      const figures = await daily.byService();
      const page = buildOverview(services(), engine.checks, figures, request.query);
      return { generated_at: new Date().toISOString(), ...page };
    },
  );
};
