import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { authErrors } from '../lib/api-schemas.js';
import { isoTimeOrNull } from '../lib/time.js';
import type { RuleEngine } from './engine.js';

const labels = z.record(z.string(), z.string());

const ruleView = z
  .object({
    name: z.string(),
    expr: z.string(),
    severity: z.string(),
    service: z.string().nullable(),
    state: z.enum(['inactive', 'pending', 'firing']),
    health: z.enum(['ok', 'error', 'unknown']),
    last_evaluation: z.string().nullable(),
    last_duration_ms: z.number().nullable(),
    last_error: z.string().nullable(),
    alerts: z.array(
      z.object({
        labels,
        annotations: labels,
        state: z.enum(['inactive', 'pending', 'firing']),
        value: z.number().nullable().meta({ description: 'null when NaN or infinite.' }),
        active_at: z.string().nullable(),
        fired_at: z.string().nullable(),
        resolved_at: z.string().nullable(),
      }),
    ),
  })
  .meta({ id: 'AlertRule' });

const targetView = z
  .object({
    job: z.string(),
    url: z.string(),
    up: z.boolean(),
    last_scrape: z.string().nullable(),
    last_error: z.string().nullable(),
    last_duration_ms: z.number().nullable(),
    samples: z.number(),
  })
  .meta({ id: 'ScrapeTarget' });

const finite = (v: number) => (Number.isFinite(v) ? v : null);

/** `GET /api/v1/rules` and `GET /api/v1/scrape-targets`: what the rule engine is doing. */
export const ruleRoutes: FastifyPluginAsyncZod<{ engine: RuleEngine }> = async (
  app,
  { engine },
) => {
  app.get(
    '/api/v1/rules',
    {
      config: { auth: 'viewer' },
      schema: {
        tags: ['alerts'],
        summary: 'Metric alert rules with their state, last evaluation and active alerts',
        response: { 200: z.object({ items: z.array(ruleView) }), ...authErrors },
      },
    },
    async () => ({
      items: engine.rules().map((r) => ({
        name: r.name,
        expr: r.expr,
        severity: r.severity,
        service: r.service,
        state: r.state,
        health: r.health,
        last_evaluation: isoTimeOrNull(r.lastEvaluation),
        last_duration_ms: r.lastDurationMs,
        last_error: r.lastError,
        alerts: r.alerts.map((a) => ({
          labels: a.labels,
          annotations: a.annotations,
          state: a.state,
          value: finite(a.value),
          active_at: isoTimeOrNull(a.activeAt),
          fired_at: isoTimeOrNull(a.firedAt),
          resolved_at: isoTimeOrNull(a.resolvedAt),
        })),
      })),
    }),
  );

  app.get(
    '/api/v1/scrape-targets',
    {
      config: { auth: 'viewer' },
      schema: {
        tags: ['alerts'],
        summary: 'Metric scrape targets: up, last scrape, last error, samples kept',
        response: { 200: z.object({ items: z.array(targetView) }), ...authErrors },
      },
    },
    async () => ({
      items: engine.targets().map((t) => ({
        job: t.job,
        url: t.url,
        up: t.up,
        last_scrape: isoTimeOrNull(t.lastScrape),
        last_error: t.lastError,
        last_duration_ms: t.lastDurationMs,
        samples: t.samples,
      })),
    }),
  );
};
