import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Metrics } from './metrics.js';

export interface ReadinessReport {
  ready: boolean;
  /** One entry per dependency: "ok" or the reason it is not. */
  checks: Record<string, string>;
}

export interface HealthDeps {
  metrics: Metrics;
  readiness: () => Promise<ReadinessReport>;
}

/** Probes and metrics, for load balancers, orchestrators and Prometheus (no token needed). */
export const healthRoutes: FastifyPluginAsyncZod<HealthDeps> = async (
  app,
  { metrics, readiness },
) => {
  app.get(
    '/healthz',
    {
      config: { auth: 'public' },
      schema: {
        tags: ['health'],
        summary: 'Liveness: the process answers',
        response: { 200: z.object({ status: z.literal('ok') }) },
      },
    },
    async () => ({ status: 'ok' as const }),
  );

  app.get(
    '/readyz',
    {
      config: { auth: 'public' },
      schema: {
        tags: ['health'],
        summary: 'Readiness: storage reachable and config loaded (503 with the reason otherwise)',
        response: {
          200: z.object({ status: z.literal('ready'), checks: z.record(z.string(), z.string()) }),
          503: z.object({
            status: z.literal('not_ready'),
            reason: z.string(),
            checks: z.record(z.string(), z.string()),
          }),
        },
      },
    },
    async (_request, reply) => {
      const report = await readiness();
      if (report.ready) return { status: 'ready' as const, checks: report.checks };
      const reason = Object.entries(report.checks)
        .filter(([, v]) => v !== 'ok')
        .map(([k, v]) => `${k}: ${v}`)
        .join('; ');
      return reply.code(503).send({ status: 'not_ready' as const, reason, checks: report.checks });
    },
  );

  app.get(
    '/metrics',
    { config: { auth: 'public' }, schema: { hide: true } },
    async (_request, reply) => {
      reply.type(metrics.registry.contentType);
      return metrics.render();
    },
  );
};
