import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { authErrors, errorEnvelope } from '../lib/api-schemas.js';
import type { LiveConfig } from './live-config.js';

/** `POST /-/reload`, as in Prometheus and Alertmanager: reload the config from disk. */
export const reloadRoutes: FastifyPluginAsyncZod<{ live: LiveConfig }> = async (app, { live }) => {
  app.post(
    '/-/reload',
    {
      config: { auth: 'admin' },
      schema: {
        tags: ['config'],
        summary:
          'Reload the configuration; on error the running config is kept and the errors returned',
        response: {
          200: z.object({
            status: z.literal('reloaded'),
            changed: z.boolean(),
            hash: z.string(),
            services: z.object({ added: z.number(), updated: z.number(), removed: z.number() }),
          }),
          422: errorEnvelope,
          ...authErrors,
        },
      },
    },
    async (request) => {
      const outcome = await live.reload({ actor: request.actor!, requestId: request.id });
      return { status: 'reloaded' as const, ...outcome };
    },
  );
};
