import type { Kysely } from 'kysely';
import type { Database } from '../store/schema.js';
import { AppError } from '../errors.js';
import { SYSTEM_ACTOR } from './roles.js';
import { hashToken, MIN_TOKEN_LENGTH } from './secrets.js';
import { countActiveTokens, createToken } from './tokens.js';

export const ADMIN_TOKEN_ENV = 'OPSDECK_ADMIN_TOKEN';

export type BootstrapResult =
  | { kind: 'env-token-created' }
  | { kind: 'env-token-present' }
  | { kind: 'env-token-revoked' }
  | { kind: 'generated'; secret: string }
  | { kind: 'none-needed' };

/**
 * Makes sure an admin can get in. With OPSDECK_ADMIN_TOKEN set, that secret becomes an admin
 * token (once; a revoked one stays revoked). Without it, and with no active token at all, one
 * admin token is generated and handed back for the caller to print once.
 */
export async function bootstrapAdminToken(
  db: Kysely<Database>,
  envSecret: string | undefined,
): Promise<BootstrapResult> {
  const ctx = { actor: SYSTEM_ACTOR };
  if (envSecret !== undefined && envSecret !== '') {
    if (envSecret.length < MIN_TOKEN_LENGTH) {
      throw new AppError(
        'bad_request',
        `${ADMIN_TOKEN_ENV} must be at least ${MIN_TOKEN_LENGTH} characters (generate one with: openssl rand -base64 32)`,
      );
    }
    const existing = await db
      .selectFrom('api_tokens')
      .select(['revoked_at'])
      .where('token_hash', '=', hashToken(envSecret))
      .executeTakeFirst();
    if (existing)
      return { kind: existing.revoked_at === null ? 'env-token-present' : 'env-token-revoked' };
    await createToken(db, ctx, { name: ADMIN_TOKEN_ENV, role: 'admin', secret: envSecret });
    return { kind: 'env-token-created' };
  }
  if ((await countActiveTokens(db)) > 0) return { kind: 'none-needed' };
  const { secret } = await createToken(db, ctx, { name: 'bootstrap-admin', role: 'admin' });
  return { kind: 'generated', secret };
}
