import type { Kysely } from 'kysely';
import type { Dialect } from '../store.js';

/**
 * The tables of schema.ts. Column types are the portable subset: `text`, `integer`, and
 * `bigint` for epoch-ms timestamps (SQLite stores any integer in 8 bytes; PostgreSQL needs
 * int8 for ms since 1970). Migrations are frozen once released: change the schema with a new
 * file, never by editing this one.
 */
export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  await db.schema
    .createTable('services')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('owner', 'text')
    .addColumn('team', 'text')
    .addColumn('tier', 'integer')
    .addColumn('depends_on', 'text', (c) => c.notNull())
    .addColumn('runbooks', 'text', (c) => c.notNull())
    .addColumn('labels', 'text', (c) => c.notNull())
    .addColumn('config_hash', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addColumn('removed_at', 'bigint')
    .execute();
  await db.schema.createIndex('services_team_idx').on('services').column('team').execute();

  await db.schema
    .createTable('api_tokens')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('token_hash', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('last_used_at', 'bigint')
    .addColumn('expires_at', 'bigint')
    .addColumn('revoked_at', 'bigint')
    .execute();
  // Unique: a bearer token is looked up by its hash and must identify exactly one row.
  await db.schema
    .createIndex('api_tokens_token_hash_key')
    .on('api_tokens')
    .column('token_hash')
    .unique()
    .execute();

  await db.schema
    .createTable('audit_log')
    // Ids must only grow (readers page by id): AUTOINCREMENT on SQLite never reuses the id of
    // a deleted last row, and an identity column on PostgreSQL never goes back either.
    .addColumn('id', dialect === 'sqlite' ? 'integer' : 'bigint', (c) =>
      dialect === 'sqlite'
        ? c.primaryKey().autoIncrement()
        : c.primaryKey().generatedByDefaultAsIdentity(),
    )
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('target', 'text')
    .addColumn('request_id', 'text')
    .addColumn('details', 'text')
    .execute();
  await db.schema.createIndex('audit_log_at_idx').on('audit_log').column('at').execute();
  await db.schema.createIndex('audit_log_actor_idx').on('audit_log').column('actor').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('audit_log').execute();
  await db.schema.dropTable('api_tokens').execute();
  await db.schema.dropTable('services').execute();
}
