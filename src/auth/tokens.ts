import type { Kysely } from 'kysely';
import type { Database } from '../store/schema.js';
import { recordAudit } from '../audit/index.js';
import { AppError } from '../errors.js';
import { isoTime, isoTimeOrNull } from '../lib/time.js';
import type { Actor, Role } from './roles.js';
import { generateTokenId, generateTokenSecret, hashToken } from './secrets.js';

/** A token as shown to people: never the secret, never the hash. */
export interface TokenInfo {
  id: string;
  name: string;
  role: Role;
  created_at: string;
  created_by: string;
  last_used_at: string | null;
  expires_at: string | null;
  revoked_at: string | null;
}

/** A verb's context: who asks and which request it belongs to (for the audit log). */
export interface VerbContext {
  actor: Actor;
  requestId?: string | undefined;
}

function toInfo(row: Database['api_tokens']): TokenInfo {
  return {
    id: row.id,
    name: row.name,
    role: row.role as Role,
    created_at: isoTime(row.created_at),
    created_by: row.created_by,
    last_used_at: isoTimeOrNull(row.last_used_at),
    expires_at: isoTimeOrNull(row.expires_at),
    revoked_at: isoTimeOrNull(row.revoked_at),
  };
}

export interface CreateTokenInput {
  name: string;
  role: Role;
  /** Milliseconds from now; none means the token does not expire. */
  expiresInMs?: number | undefined;
  /** Use this secret instead of generating one (bootstrap from OPSDECK_ADMIN_TOKEN). */
  secret?: string;
}

/** Creates a token and returns its secret: the only time the secret is ever available. */
export async function createToken(
  db: Kysely<Database>,
  ctx: VerbContext,
  input: CreateTokenInput,
): Promise<{ token: TokenInfo; secret: string }> {
  const secret = input.secret ?? generateTokenSecret();
  const now = Date.now();
  const row: Database['api_tokens'] = {
    id: generateTokenId(),
    name: input.name,
    role: input.role,
    token_hash: hashToken(secret),
    created_at: now,
    created_by: ctx.actor.id,
    last_used_at: null,
    expires_at: input.expiresInMs === undefined ? null : now + input.expiresInMs,
    revoked_at: null,
  };
  await db.transaction().execute(async (trx) => {
    await trx.insertInto('api_tokens').values(row).execute();
    await recordAudit(trx, ctx, 'token.create', `token:${row.id}`, {
      name: row.name,
      role: row.role,
    });
  });
  return { token: toInfo(row), secret };
}

export async function listTokens(db: Kysely<Database>): Promise<TokenInfo[]> {
  const rows = await db
    .selectFrom('api_tokens')
    .selectAll()
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return rows.map(toInfo);
}

export async function revokeToken(
  db: Kysely<Database>,
  ctx: VerbContext,
  id: string,
): Promise<TokenInfo> {
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .selectFrom('api_tokens')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    if (!row) throw AppError.notFound('token', id);
    if (row.revoked_at !== null) return toInfo(row);
    const revokedAt = Date.now();
    await trx
      .updateTable('api_tokens')
      .set({ revoked_at: revokedAt })
      .where('id', '=', id)
      .execute();
    await recordAudit(trx, ctx, 'token.revoke', `token:${id}`, { name: row.name });
    return toInfo({ ...row, revoked_at: revokedAt });
  });
}

export async function countActiveTokens(db: Kysely<Database>): Promise<number> {
  const { n } = await db
    .selectFrom('api_tokens')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('revoked_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(n);
}
