import type { Kysely } from 'kysely';
import type { Database } from '../store/schema.js';
import type { Actor, Role } from './roles.js';
import { hashToken } from './secrets.js';

/** `last_used_at` is informational; writing it on every request would turn reads into writes. */
const LAST_USED_RESOLUTION_MS = 60_000;

export type AuthOutcome =
  | { ok: true; actor: Actor; expiresAt: number | null }
  | { ok: false; reason: 'missing' | 'malformed' | 'unknown' | 'revoked' | 'expired' };

/** Extracts the bearer secret from an Authorization header value. */
export function bearerSecret(header: string | undefined): string | null | undefined {
  if (header === undefined || header === '') return undefined;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match ? match[1]! : null;
}

/**
 * Verifies a token secret against the store. Lookup is by SHA-256, so the secret itself is
 * never compared or kept. Revoked and expired tokens are refused.
 */
export async function authenticateSecret(
  db: Kysely<Database>,
  secret: string,
  now = Date.now(),
): Promise<AuthOutcome> {
  const row = await db
    .selectFrom('api_tokens')
    .select(['id', 'name', 'role', 'last_used_at', 'expires_at', 'revoked_at'])
    .where('token_hash', '=', hashToken(secret))
    .executeTakeFirst();
  if (!row) return { ok: false, reason: 'unknown' };
  if (row.revoked_at !== null) return { ok: false, reason: 'revoked' };
  if (row.expires_at !== null && row.expires_at <= now) return { ok: false, reason: 'expired' };
  if (row.last_used_at === null || now - row.last_used_at > LAST_USED_RESOLUTION_MS) {
    // Best effort and off the request's path: a failed stamp must not fail the request.
    db.updateTable('api_tokens')
      .set({ last_used_at: now })
      .where('id', '=', row.id)
      .execute()
      .catch(() => undefined);
  }
  const actor: Actor = { id: `token:${row.id}`, name: row.name, role: row.role as Role };
  return { ok: true, actor, expiresAt: row.expires_at };
}

/** How long a verified token is trusted without asking storage again. */
export const TOKEN_CACHE_TTL_MS = 10_000;

/**
 * Verifies tokens with a short memory. Every API call would otherwise cost a database round
 * trip before any work is done; with the cache, a busy client costs one lookup per
 * TOKEN_CACHE_TTL_MS. Only successes are remembered, expiry is checked on every use, and a
 * revocation through this instance applies at once (`forget`). A revocation made elsewhere
 * (another instance, the CLI) applies within the TTL.
 */
export class TokenVerifier {
  readonly #cache = new Map<string, { actor: Actor; expiresAt: number | null; cachedAt: number }>();

  constructor(
    private readonly db: () => Kysely<Database>,
    private readonly ttlMs = TOKEN_CACHE_TTL_MS,
  ) {}

  async verify(secret: string, now = Date.now()): Promise<AuthOutcome> {
    const key = hashToken(secret);
    const hit = this.#cache.get(key);
    if (hit && now - hit.cachedAt < this.ttlMs) {
      if (hit.expiresAt !== null && hit.expiresAt <= now) return { ok: false, reason: 'expired' };
      return { ok: true, actor: hit.actor, expiresAt: hit.expiresAt };
    }
    const outcome = await authenticateSecret(this.db(), secret, now);
    if (outcome.ok)
      this.#cache.set(key, { actor: outcome.actor, expiresAt: outcome.expiresAt, cachedAt: now });
    else this.#cache.delete(key);
    return outcome;
  }

  /** Drops everything remembered; call after revoking a token. */
  forget(): void {
    this.#cache.clear();
  }
}
