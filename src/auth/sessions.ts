import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../store/schema.js';
import type { Actor, Role } from './roles.js';
import { hashToken } from './secrets.js';

/**
 * Console sessions: a browser signs in once (with an API token or a person's password) and then
 * holds an httpOnly, SameSite=Strict cookie instead of a bearer token, so no script on the page
 * can read a credential. Unsafe requests made with the cookie also carry the session's CSRF
 * token in a header (see guard.ts), which a cross-site form cannot set.
 */
export const SESSION_COOKIE = 'opsdeck_session';
/** Signed out after this long without a request. */
export const SESSION_IDLE_MS = 12 * 3_600_000;
/** Signed out this long after sign-in, however busy. */
export const SESSION_MAX_MS = 7 * 24 * 3_600_000;
/** `last_seen_at` and the idle deadline move at most this often (reads stay reads). */
const TOUCH_RESOLUTION_MS = 60_000;
const CACHE_TTL_MS = 10_000;

export interface Session {
  actor: Actor;
  person: string | null;
  csrfToken: string;
  /** Idle deadline, epoch ms. */
  expiresAt: number;
}

export type SessionOutcome =
  { ok: true; session: Session } | { ok: false; reason: 'unknown' | 'expired' | 'revoked' };

export interface NewSession {
  actor: Actor;
  tokenId?: string | null;
  person?: string | null;
  /** The credential's own expiry (a token's), which the session never outlives. */
  notAfter?: number | null;
}

/** Opens a session and returns the cookie secret: the only time it exists outside the cookie. */
export async function openSession(
  db: Kysely<Database>,
  input: NewSession,
  now = Date.now(),
): Promise<{ secret: string; session: Session }> {
  const secret = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(24).toString('base64url');
  const absolute = Math.min(now + SESSION_MAX_MS, input.notAfter ?? Infinity);
  const expiresAt = Math.min(now + SESSION_IDLE_MS, absolute);
  await db
    .insertInto('console_sessions')
    .values({
      id: hashToken(secret),
      actor_id: input.actor.id,
      actor_name: input.actor.name,
      role: input.actor.role,
      token_id: input.tokenId ?? null,
      person: input.person ?? null,
      csrf_token: csrfToken,
      created_at: now,
      last_seen_at: now,
      expires_at: expiresAt,
      absolute_expires_at: absolute,
      ended_at: null,
    })
    .execute();
  // Sessions past their absolute deadline are dead weight; sign-ins are rare, so tidy here.
  await db.deleteFrom('console_sessions').where('absolute_expires_at', '<', now).execute();
  return {
    secret,
    session: { actor: input.actor, person: input.person ?? null, csrfToken, expiresAt },
  };
}

/** Constant-time comparison of a presented CSRF token with the session's. */
export function csrfMatches(session: Session, presented: string | undefined): boolean {
  if (!presented) return false;
  const a = Buffer.from(session.csrfToken);
  const b = Buffer.from(presented);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Verifies session cookies with a short memory, like TokenVerifier: one storage read per
 * session per 10 s. Ending a session through this instance applies at once; a revoked token or
 * a sign-out on another instance applies within the cache time.
 */
export class SessionVerifier {
  readonly #cache = new Map<string, { session: Session; cachedAt: number }>();

  constructor(private readonly db: () => Kysely<Database>) {}

  async verify(secret: string, now = Date.now()): Promise<SessionOutcome> {
    const id = hashToken(secret);
    const hit = this.#cache.get(id);
    if (hit && now - hit.cachedAt < CACHE_TTL_MS && hit.session.expiresAt > now) {
      return { ok: true, session: hit.session };
    }
    this.#cache.delete(id);
    const row = await this.db()
      .selectFrom('console_sessions as s')
      .leftJoin('api_tokens as t', 't.id', 's.token_id')
      .select([
        's.actor_id',
        's.actor_name',
        's.role',
        's.person',
        's.csrf_token',
        's.last_seen_at',
        's.expires_at',
        's.absolute_expires_at',
        's.ended_at',
        's.token_id',
        't.revoked_at',
      ])
      .where('s.id', '=', id)
      .executeTakeFirst();
    if (!row || row.ended_at !== null) return { ok: false, reason: 'unknown' };
    if (row.token_id !== null && row.revoked_at !== null) return { ok: false, reason: 'revoked' };
    if (row.expires_at <= now) return { ok: false, reason: 'expired' };
    let expiresAt = row.expires_at;
    if (now - row.last_seen_at > TOUCH_RESOLUTION_MS) {
      expiresAt = Math.min(now + SESSION_IDLE_MS, row.absolute_expires_at);
      await this.db()
        .updateTable('console_sessions')
        .set({ last_seen_at: now, expires_at: expiresAt })
        .where('id', '=', id)
        .execute();
    }
    const session: Session = {
      actor: { id: row.actor_id, name: row.actor_name, role: row.role as Role },
      person: row.person,
      csrfToken: row.csrf_token,
      expiresAt,
    };
    this.#cache.set(id, { session, cachedAt: now });
    return { ok: true, session };
  }

  /** Signs a session out (idempotent). */
  async end(secret: string, now = Date.now()): Promise<void> {
    const id = hashToken(secret);
    this.#cache.delete(id);
    await this.db()
      .updateTable('console_sessions')
      .set({ ended_at: now })
      .where('id', '=', id)
      .where('ended_at', 'is', null)
      .execute();
  }

  /** Ends every session of a person (after a password change) or token (after revocation). */
  async endAllOf(by: { person: string } | { tokenId: string }, now = Date.now()): Promise<void> {
    this.#cache.clear();
    const query = this.db()
      .updateTable('console_sessions')
      .set({ ended_at: now })
      .where('ended_at', 'is', null);
    await (
      'person' in by
        ? query.where('person', '=', by.person)
        : query.where('token_id', '=', by.tokenId)
    ).execute();
  }

  forget(): void {
    this.#cache.clear();
  }
}
