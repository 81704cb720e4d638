import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from '../errors.js';
import { bearerSecret, type TokenVerifier } from './authenticate.js';
import { roleAllows, type Access, type Actor } from './roles.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Who may call this route. Required on every /api/v1 and /-/ route (checked at startup). */
    auth?: Access;
    /**
     * Another credential the route accepts before API tokens (e.g. an integration key for
     * `POST /api/v2/alerts`): true lets the request in with no actor.
     */
    keyAuth?: (request: FastifyRequest) => boolean;
  }
  interface FastifyRequest {
    /** The authenticated caller; null on public routes. */
    actor: Actor | null;
  }
}

/** Prefixes whose routes must declare `config.auth`; forgetting it fails startup, not security. */
export const GUARDED_PREFIXES = ['/api/v1/', '/api/v2/', '/-/'];

const REASONS = {
  missing: 'missing bearer token (send "Authorization: Bearer <token>")',
  malformed: 'malformed Authorization header (expected "Bearer <token>")',
  unknown: 'invalid token',
  revoked: 'token has been revoked',
  expired: 'token has expired',
} as const;

/**
 * Installs authentication on the root instance: every route states its `auth` level and this
 * hook enforces it (401 without a valid token, 403 with a too-weak role).
 */
export function installAuthGuard(app: FastifyInstance, verifier: TokenVerifier): void {
  app.decorateRequest('actor', null);

  app.addHook('onRoute', (route) => {
    const guarded = GUARDED_PREFIXES.some((p) => route.url.startsWith(p));
    if (guarded && route.config?.auth === undefined) {
      throw new Error(`route ${String(route.method)} ${route.url} does not declare config.auth`);
    }
  });

  app.addHook('onRequest', async (request: FastifyRequest) => {
    const access = request.routeOptions.config.auth;
    if (access === undefined || access === 'public') return;
    if (request.routeOptions.config.keyAuth?.(request)) return;
    const secret = bearerSecret(request.headers.authorization);
    if (secret === undefined) throw new AppError('unauthorized', REASONS.missing);
    if (secret === null) throw new AppError('unauthorized', REASONS.malformed);
    const outcome = await verifier.verify(secret);
    if (!outcome.ok) throw new AppError('unauthorized', REASONS[outcome.reason]);
    if (!roleAllows(outcome.actor.role, access)) {
      throw new AppError(
        'forbidden',
        `this action needs the '${access}' role; the token has '${outcome.actor.role}'`,
      );
    }
    request.actor = outcome.actor;
  });
}
