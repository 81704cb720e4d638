import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from '../errors.js';
import { bearerSecret, type TokenVerifier } from './authenticate.js';
import { roleAllows, type Access, type Actor } from './roles.js';
import { csrfMatches, SESSION_COOKIE, type Session, type SessionVerifier } from './sessions.js';

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
    /** The console session the caller came with; null for bearer tokens and public routes. */
    session: Session | null;
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

const SESSION_REASONS = {
  unknown: 'you are signed out; sign in again',
  expired: 'your session has expired; sign in again',
  revoked: 'the token this session signed in with has been revoked; sign in again',
} as const;

/** Methods that change something: with a session cookie they must carry the CSRF header. */
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
export const CSRF_HEADER = 'x-csrf-token';

function requireRole(actor: Actor, access: Exclude<Access, 'public'>, holder: string): void {
  if (!roleAllows(actor.role, access)) {
    throw new AppError(
      'forbidden',
      `this action needs the '${access}' role; ${holder} has '${actor.role}'`,
    );
  }
}

/**
 * Installs authentication on the root instance: every route states its `auth` level and this
 * hook enforces it (401 without a valid token or session, 403 with a too-weak role or, for a
 * session, an unsafe request without its CSRF token). A bearer token wins over a cookie: API
 * clients never depend on browser state.
 */
export function installAuthGuard(
  app: FastifyInstance,
  verifier: TokenVerifier,
  sessions: SessionVerifier,
): void {
  app.decorateRequest('actor', null);
  app.decorateRequest('session', null);

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
    const cookie = request.cookies[SESSION_COOKIE];
    if (secret === undefined && cookie) {
      const outcome = await sessions.verify(cookie);
      if (!outcome.ok) throw new AppError('unauthorized', SESSION_REASONS[outcome.reason]);
      const presented = request.headers[CSRF_HEADER];
      if (
        !SAFE_METHODS.has(request.method) &&
        !csrfMatches(outcome.session, typeof presented === 'string' ? presented : undefined)
      ) {
        throw new AppError(
          'csrf',
          `missing or wrong ${CSRF_HEADER} header: send the csrf_token of GET /api/v1/session with every change made with the session cookie`,
        );
      }
      requireRole(outcome.session.actor, access, 'your session');
      request.actor = outcome.session.actor;
      request.session = outcome.session;
      return;
    }
    if (secret === undefined) throw new AppError('unauthorized', REASONS.missing);
    if (secret === null) throw new AppError('unauthorized', REASONS.malformed);
    const outcome = await verifier.verify(secret);
    if (!outcome.ok) throw new AppError('unauthorized', REASONS[outcome.reason]);
    requireRole(outcome.actor, access, 'the token');
    request.actor = outcome.actor;
  });
}
