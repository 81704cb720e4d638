import type { Kysely } from 'kysely';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Database } from '../store/schema.js';
import { AppError } from '../errors.js';
import { authErrors, errorEnvelope } from '../lib/api-schemas.js';
import { recordAudit } from '../audit/index.js';
import { hashPassword, MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from './passwords.js';
import type { SessionVerifier } from './sessions.js';
import type { PersonLookup } from './session-routes.js';

const body = z.strictObject({
  password: z
    .string()
    .min(MIN_PASSWORD_LENGTH, { error: `use at least ${MIN_PASSWORD_LENGTH} characters` })
    .max(MAX_PASSWORD_LENGTH),
});

/**
 * `PUT /api/v1/people/:id/password`: an admin sets a person's console password. Every session
 * of that person ends, so a leaked password stops working everywhere at once.
 */
export const passwordRoutes: FastifyPluginAsyncZod<{
  db: () => Kysely<Database>;
  sessions: SessionVerifier;
  people: PersonLookup;
}> = async (app, { db, sessions, people }) => {
  app.put(
    '/api/v1/people/:id/password',
    {
      config: { auth: 'admin' },
      schema: {
        tags: ['auth'],
        summary: "Set a person's console password",
        params: z.object({ id: z.string().min(1).max(100) }),
        body,
        response: { 204: z.null(), ...authErrors, 404: errorEnvelope },
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      const actor = request.actor!;
      if (!people(id)) throw new AppError('not_found', `no person '${id}' in the config`);
      const row = {
        person: id,
        password_hash: await hashPassword(request.body.password),
        updated_at: Date.now(),
        updated_by: actor.id,
      };
      await db()
        .transaction()
        .execute(async (trx) => {
          await trx
            .insertInto('person_passwords')
            .values(row)
            .onConflict((oc) => oc.column('person').doUpdateSet(row))
            .execute();
          await recordAudit(
            trx,
            { actor, requestId: request.id },
            'person.password_set',
            `person:${id}`,
          );
        });
      await sessions.endAllOf({ person: id });
      return reply.code(204).send(null);
    },
  );
};
