import type { Kysely } from 'kysely';

/**
 * Console sign-in (issue 7).
 *
 * - `console_sessions`: one row per signed-in browser. The id is the SHA-256 of the cookie's
 *   secret (like API tokens, the secret itself is never stored). A session signed in with an
 *   API token keeps `token_id`, so revoking the token ends its sessions too; a person's session
 *   keeps `person`. `expires_at` slides with use (idle timeout) up to `absolute_expires_at`.
 * - `person_passwords`: scrypt hashes of the passwords people sign in with. People come from
 *   config, their passwords do not (config is shared as code; passwords are not).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('console_sessions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('actor_id', 'text', (c) => c.notNull())
    .addColumn('actor_name', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('token_id', 'text')
    .addColumn('person', 'text')
    .addColumn('csrf_token', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('last_seen_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addColumn('absolute_expires_at', 'bigint', (c) => c.notNull())
    .addColumn('ended_at', 'bigint')
    .execute();
  await db.schema
    .createIndex('console_sessions_expiry_idx')
    .on('console_sessions')
    .column('absolute_expires_at')
    .execute();

  await db.schema
    .createTable('person_passwords')
    .addColumn('person', 'text', (c) => c.primaryKey())
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.notNull())
    .execute();
}
