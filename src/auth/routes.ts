import type { Kysely } from 'kysely';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Database } from '../store/schema.js';
import { authErrors, errorEnvelope } from '../lib/api-schemas.js';
import { durationMs } from '../lib/duration-field.js';
import { ROLES } from './roles.js';
import { createToken, listTokens, revokeToken } from './tokens.js';
import type { TokenVerifier } from './authenticate.js';

const tokenInfo = z
  .object({
    id: z.string(),
    name: z.string(),
    role: z.enum(ROLES),
    created_at: z.string(),
    created_by: z.string(),
    last_used_at: z.string().nullable(),
    expires_at: z.string().nullable(),
    revoked_at: z.string().nullable(),
  })
  .meta({ id: 'Token' });

const createBody = z.strictObject({
  name: z
    .string()
    .trim()
    .min(1)
    .max(100)
    .meta({ description: 'What the token is for, e.g. "ci-deployer".' }),
  role: z.enum(ROLES),
  expires_in: durationMs
    .optional()
    .meta({ description: 'Lifetime as a duration, e.g. 90d. Omit for no expiry.' }),
});

export const tokenRoutes: FastifyPluginAsyncZod<{
  db: () => Kysely<Database>;
  verifier: TokenVerifier;
}> = async (app, { db, verifier }) => {
  app.get(
    '/api/v1/me',
    {
      config: { auth: 'viewer' },
      schema: {
        tags: ['auth'],
        summary: 'The caller: token id, name and role',
        response: {
          200: z.object({ id: z.string(), name: z.string(), role: z.enum(ROLES) }),
          ...authErrors,
        },
      },
    },
    async (request) => request.actor!,
  );

  app.get(
    '/api/v1/tokens',
    {
      config: { auth: 'admin' },
      schema: {
        tags: ['auth'],
        summary: 'List API tokens (never their secrets)',
        response: { 200: z.object({ items: z.array(tokenInfo) }), ...authErrors },
      },
    },
    async () => ({ items: await listTokens(db()) }),
  );

  app.post(
    '/api/v1/tokens',
    {
      config: { auth: 'admin' },
      schema: {
        tags: ['auth'],
        summary: 'Create an API token; the secret is returned this once',
        body: createBody,
        response: { 201: z.object({ token: tokenInfo, secret: z.string() }), ...authErrors },
      },
    },
    async (request, reply) => {
      const ctx = { actor: request.actor!, requestId: request.id };
      const { name, role, expires_in } = request.body;
      const created = await createToken(db(), ctx, { name, role, expiresInMs: expires_in });
      return reply.code(201).send(created);
    },
  );

  app.delete(
    '/api/v1/tokens/:id',
    {
      config: { auth: 'admin' },
      schema: {
        tags: ['auth'],
        summary: 'Revoke an API token (idempotent)',
        params: z.object({ id: z.string().max(64) }),
        response: { 200: z.object({ token: tokenInfo }), 404: errorEnvelope, ...authErrors },
      },
    },
    async (request) => {
      const ctx = { actor: request.actor!, requestId: request.id };
      const token = await revokeToken(db(), ctx, request.params.id);
      verifier.forget();
      return { token };
    },
  );
};
