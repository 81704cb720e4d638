import type { DatabaseConnection, DialectAdapter, Driver } from 'kysely';
import { CompiledQuery, SqliteAdapter, SqliteDialect, SqliteDriver } from 'kysely';
import type { SqliteDialectConfig } from 'kysely';

/**
 * Kysely's SQLite driver opens transactions with a deferred `BEGIN`. With several processes on
 * one file (the server plus a CLI command, or two instances during a rolling restart), a
 * deferred transaction that reads and then writes can fail at once with SQLITE_BUSY when
 * another writer committed in between: busy_timeout does not apply to that upgrade.
 * `BEGIN IMMEDIATE` takes the write lock up front, so writers queue under busy_timeout instead.
 */
class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
}

/**
 * SQLite does run DDL inside transactions; Kysely's adapter says otherwise only to stay
 * conservative. Saying yes makes the Migrator run all pending migrations in one (immediate)
 * transaction: a failed migration leaves nothing half-applied, and a second process
 * migrating the same file waits for the first one and then finds nothing left to do.
 */
class TransactionalDdlSqliteAdapter extends SqliteAdapter {
  override get supportsTransactionalDdl(): boolean {
    return true;
  }
}

/** Kysely's SqliteDialect with the driver and adapter above. */
export class OpsdeckSqliteDialect extends SqliteDialect {
  readonly #config: SqliteDialectConfig;

  constructor(config: SqliteDialectConfig) {
    super(config);
    this.#config = config;
  }

  override createDriver(): Driver {
    return new ImmediateSqliteDriver(this.#config);
  }

  override createAdapter(): DialectAdapter {
    return new TransactionalDdlSqliteAdapter();
  }
}
