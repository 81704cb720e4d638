import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { authErrors, errorEnvelope, pageOf, pageQuery } from '../lib/api-schemas.js';
import { sendSerialized } from '../lib/keyset-page.js';
import type { ServiceCatalog } from './catalog.js';

const service = z
  .object({
    id: z.string(),
    name: z.string(),
    description: z.string().nullable(),
    owner: z.string().nullable().meta({ description: 'Person id of the owner.' }),
    team: z.string().nullable(),
    tier: z.number().int().nullable().meta({ description: '1 is most critical.' }),
    depends_on: z.array(z.string()),
    runbooks: z.array(z.string()),
    labels: z.record(z.string(), z.string()),
    created_at: z.string(),
    updated_at: z.string(),
    removed_at: z
      .string()
      .nullable()
      .meta({ description: 'Set when the service left the config.' }),
  })
  .meta({ id: 'Service' });

const serviceDetail = service
  .extend({
    dependents: z
      .array(z.string())
      .meta({ description: 'Active services that depend on this one.' }),
  })
  .meta({ id: 'ServiceDetail' });

export const serviceRoutes: FastifyPluginAsyncZod<{ catalog: ServiceCatalog }> = async (
  app,
  { catalog },
) => {
  app.get(
    '/api/v1/services',
    {
      config: { auth: 'viewer' },
      schema: {
        tags: ['services'],
        summary: 'List services from the config, by id',
        querystring: z.object({
          ...pageQuery,
          team: z.string().max(100).optional(),
          tier: z.coerce.number().int().min(1).max(4).optional(),
          include_removed: z
            .enum(['true', 'false'])
            .default('false')
            .transform((v) => v === 'true')
            .meta({ description: 'Include services that have left the config.' }),
        }),
        response: { 200: pageOf(service), ...authErrors },
      },
    },
    async (request, reply) => {
      const { limit, cursor, team, tier, include_removed } = request.query;
      // The catalog hands back encoded JSON (the shape of the schema above): the hot path
      // skips per-request serialization of up to 500 services.
      const page = catalog.page({
        limit,
        after: cursor,
        team,
        tier,
        includeRemoved: include_removed,
      });
      return sendSerialized(reply, page);
    },
  );

  app.get(
    '/api/v1/services/:id',
    {
      config: { auth: 'viewer' },
      schema: {
        tags: ['services'],
        summary: 'One service, with its dependents',
        params: z.object({ id: z.string().max(200) }),
        response: { 200: serviceDetail, 404: errorEnvelope, ...authErrors },
      },
    },
    async (request) => catalog.get(request.params.id),
  );
};
