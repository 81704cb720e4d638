import type { Kysely } from 'kysely';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Database } from '../store/schema.js';
import { AppError } from '../errors.js';
import { authErrors, errorEnvelope } from '../lib/api-schemas.js';
import { recordAudit } from '../audit/index.js';
import { authenticateSecret } from './authenticate.js';
import { MAX_PASSWORD_LENGTH, verifyPassword } from './passwords.js';
import { ROLES, type Actor, type Role } from './roles.js';
import { SignInThrottle } from '../lib/sign-in-throttle.js';
import {
  openSession,
  SESSION_COOKIE,
  SESSION_MAX_MS,
  type Session,
  type SessionVerifier,
} from './sessions.js';

/** What sign-in needs to know about people: their name and console role, from config. */
export type PersonLookup = (id: string) => { name: string; role: Role } | undefined;

const sessionBody = z
  .object({
    actor: z.object({ id: z.string(), name: z.string(), role: z.enum(ROLES) }),
    person: z.string().nullable(),
    expires_at: z
      .string()
      .nullable()
      .meta({ description: 'Signed out after this unless used again (null for bearer tokens).' }),
    csrf_token: z.string().nullable().meta({
      description:
        'Send it as the X-CSRF-Token header with every change made with the cookie (null for bearer tokens, which need none).',
    }),
  })
  .meta({ id: 'ConsoleSession' });

const signIn = z.union([
  z.strictObject({ token: z.string().min(1).max(512) }),
  z.strictObject({
    person: z.string().min(1).max(100),
    password: z.string().min(1).max(MAX_PASSWORD_LENGTH),
  }),
]);

function view(session: Session) {
  return {
    actor: session.actor,
    person: session.person,
    expires_at: new Date(session.expiresAt).toISOString(),
    csrf_token: session.csrfToken,
  };
}

/**
 * Sign-in is the one unsafe request made without a CSRF token, so a cross-site page must not
 * be able to sign a browser in to an account of its choosing ("login CSRF"): a browser always
 * sends Origin on a cross-site POST, and it must name this server.
 */
function refuseForeignOrigin(request: FastifyRequest): void {
  const origin = request.headers.origin;
  if (origin === undefined) return;
  if (hostOf(origin) !== hostOf(`http://${request.headers.host ?? ''}`)) {
    throw new AppError('csrf', `sign-in from another site (${origin}) is refused`);
  }
}

/** `host[:port]` with default ports dropped, so `http://a:80` and `a` compare equal. */
function hostOf(url: string): string | undefined {
  try {
    return new URL(url).host;
  } catch {
    return undefined;
  }
}

function setCookie(request: FastifyRequest, reply: FastifyReply, secret: string): void {
  reply.setCookie(SESSION_COOKIE, secret, {
    path: '/',
    httpOnly: true,
    sameSite: 'strict',
    secure: request.protocol === 'https',
    maxAge: SESSION_MAX_MS / 1000,
  });
}

export const sessionRoutes: FastifyPluginAsyncZod<{
  db: () => Kysely<Database>;
  sessions: SessionVerifier;
  people: PersonLookup;
  throttle?: SignInThrottle;
}> = async (app, { db, sessions, people, throttle = new SignInThrottle() }) => {
  app.post(
    '/api/v1/session',
    {
      config: { auth: 'public' },
      schema: {
        tags: ['auth'],
        summary: 'Sign in to the console with an API token or a person and password',
        description:
          'Answers the session and sets the httpOnly, SameSite=Strict `opsdeck_session` cookie. Every later change made with the cookie must send `X-CSRF-Token: <csrf_token>`.',
        body: signIn,
        response: {
          200: sessionBody,
          400: errorEnvelope,
          401: errorEnvelope,
          403: errorEnvelope,
          429: errorEnvelope,
        },
      },
    },
    async (request, reply) => {
      refuseForeignOrigin(request);
      const body = request.body;
      let actor: Actor;
      let opened;
      if ('token' in body) {
        const outcome = await authenticateSecret(db(), body.token);
        if (!outcome.ok)
          throw new AppError(
            'unauthorized',
            `cannot sign in: the token is ${outcome.reason === 'unknown' ? 'not valid' : outcome.reason}`,
          );
        actor = outcome.actor;
        opened = await openSession(db(), {
          actor,
          tokenId: actor.id.replace(/^token:/, ''),
          notAfter: outcome.expiresAt,
        });
      } else {
        // Tokens are 32 random bytes and cannot be guessed; passwords can, so they are throttled.
        const keys = [`person:${body.person}`, `ip:${request.ip}`];
        throttle.check(keys);
        const person = people(body.person);
        const stored = person
          ? await db()
              .selectFrom('person_passwords')
              .select('password_hash')
              .where('person', '=', body.person)
              .executeTakeFirst()
          : undefined;
        // One answer for an unknown person, no password set and a wrong password: sign-in must
        // not tell a stranger which names exist.
        if (!person || !stored || !(await verifyPassword(body.password, stored.password_hash))) {
          throttle.failed(keys);
          throw new AppError('unauthorized', 'cannot sign in: unknown person or wrong password');
        }
        throttle.succeeded(keys[0]!);
        actor = { id: `person:${body.person}`, name: person.name, role: person.role };
        opened = await openSession(db(), { actor, person: body.person });
      }
      await recordAudit(db(), { actor, requestId: request.id }, 'session.open', actor.id);
      setCookie(request, reply, opened.secret);
      return view(opened.session);
    },
  );

  app.get(
    '/api/v1/session',
    {
      config: { auth: 'viewer' },
      schema: {
        tags: ['auth'],
        summary: 'The console session of this browser (with its CSRF token), or the bearer token',
        response: { 200: sessionBody, ...authErrors },
      },
    },
    async (request) =>
      request.session
        ? view(request.session)
        : { actor: request.actor!, person: null, expires_at: null, csrf_token: null },
  );

  app.delete(
    '/api/v1/session',
    {
      config: { auth: 'public' },
      schema: {
        tags: ['auth'],
        summary: 'Sign out (ends the session, clears the cookie)',
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      // Public, so an expired or unknown session can still clear its cookie. Ending a session
      // is harmless to force on someone, so it needs no CSRF token.
      const secret = request.cookies[SESSION_COOKIE];
      if (secret) await sessions.end(secret);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.code(204).send(null);
    },
  );
};
