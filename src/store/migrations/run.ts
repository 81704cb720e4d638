import { Migrator } from 'kysely';
import type { Kysely } from 'kysely';
import { AppError } from '../../errors.js';
import type { StoreLogger } from '../logger.js';
import { describeError, isUnavailable } from '../reason.js';
import type { Database } from '../schema.js';
import type { Dialect } from '../store.js';
import { migrationProvider } from './index.js';

/**
 * Serialises migrations per database within this process. Across processes the Migrator
 * locks (a PostgreSQL advisory lock; an immediate transaction on SQLite). That is not enough
 * for two Stores on one SQLite file in one process: better-sqlite3 is synchronous, so the
 * second would block the event loop on the lock the first can then never release.
 */
const inProcess = new Map<string, Promise<unknown>>();

async function serialised<T>(key: string, fn: () => Promise<T>): Promise<T> {
  const previous = inProcess.get(key) ?? Promise.resolve();
  const run = previous.catch(() => {}).then(fn);
  inProcess.set(key, run);
  try {
    return await run;
  } finally {
    if (inProcess.get(key) === run) inProcess.delete(key);
  }
}

/**
 * Applies pending migrations and returns the names it applied (empty when up to date).
 * `lockKey` identifies the database (file path or connection string).
 * @throws AppError('storage_unavailable') when the database cannot be reached, or
 *   AppError('internal_error') naming the failed migration; nothing of a failed run stays applied.
 */
export async function runMigrations(
  db: Kysely<Database>,
  dialect: Dialect,
  lockKey: string,
  logger: StoreLogger,
): Promise<{ applied: string[] }> {
  const migrator = new Migrator({ db, provider: migrationProvider(dialect) });
  const { error, results = [] } = await serialised(lockKey, () => migrator.migrateToLatest());
  if (error === undefined) {
    const applied = results.filter((r) => r.status === 'Success').map((r) => r.migrationName);
    if (applied.length > 0) logger.info({ applied }, 'storage migrated');
    return { applied };
  }
  throw migrationError(error, results.find((r) => r.status === 'Error')?.migrationName, logger);
}

function migrationError(error: unknown, failed: string | undefined, logger: StoreLogger): AppError {
  const raw = error instanceof Error ? error.message : String(error);
  // The operator log gets the driver's error as is (pg and SQLite never quote credentials in
  // it); the AppError, which may reach an API caller, gets the scrubbed reason.
  logger.error({ migration: failed, err: error }, 'storage migration failed');
  const missing = /previously executed migration (\S+) is missing/.exec(raw)?.[1];
  if (missing) {
    return new AppError(
      'internal_error',
      `the database was migrated by a newer Opsdeck (unknown migration ${missing}); ` +
        'run that version or newer',
      { cause: error },
    );
  }
  const code = isUnavailable(error) ? 'storage_unavailable' : 'internal_error';
  const which = failed ? `migration ${failed}` : 'migration';
  return new AppError(code, `storage ${which} failed: ${describeError(error)}`, { cause: error });
}
