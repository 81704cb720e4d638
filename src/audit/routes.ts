import type { Kysely } from 'kysely';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Database } from '../store/schema.js';
import { authErrors, pageOf, pageQuery } from '../lib/api-schemas.js';
import { listAudit } from './list.js';

const auditEntry = z
  .object({
    id: z.number().int(),
    at: z.string().meta({ description: 'ISO 8601 time of the change.' }),
    actor: z.string().meta({ description: 'Who: token:<id>, cli:<user> or system.' }),
    actor_name: z.string().nullable(),
    action: z.string().meta({ description: 'What, e.g. token.create, config.reload.' }),
    target: z.string().nullable(),
    request_id: z.string().nullable(),
    details: z.record(z.string(), z.unknown()),
  })
  .meta({ id: 'AuditEntry' });

export const auditRoutes: FastifyPluginAsyncZod<{ db: () => Kysely<Database> }> = async (
  app,
  { db },
) => {
  app.get(
    '/api/v1/audit',
    {
      config: { auth: 'admin' },
      schema: {
        tags: ['audit'],
        summary: 'List audit entries, newest first',
        querystring: z.object({
          ...pageQuery,
          cursor: z.coerce
            .number()
            .int()
            .positive()
            .optional()
            .meta({ description: 'The previous page’s next_cursor.' }),
          actor: z.string().max(200).optional(),
          action: z.string().max(200).optional(),
        }),
        response: { 200: pageOf(auditEntry), ...authErrors },
      },
    },
    async (request) => {
      const { limit, cursor, actor, action } = request.query;
      return listAudit(db(), { limit, before: cursor, actor, action });
    },
  );
};
