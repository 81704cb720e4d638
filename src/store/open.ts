import { sql } from 'kysely';
import { runStatements } from './bulk-insert.js';
import type { Kysely } from 'kysely';
import { AppError } from '../errors.js';
import { openPostgres } from './dialects/postgres.js';
import { openSqlite, SQLITE_BUSY_TIMEOUT_MS } from './dialects/sqlite.js';
import { SqliteWriterThread, type BatchStatement } from './dialects/sqlite-writer.js';
import { consoleLogger } from './logger.js';
import type { StoreLogger } from './logger.js';
import { runMigrations } from './migrations/run.js';
import { describeError } from './reason.js';
import type { Database } from './schema.js';
import type { Store } from './store.js';
import { parseStorageUrl } from './url.js';

export interface OpenStoreOptions {
  /** Receives connection-loss warnings and migration logs; defaults to stderr for warn/error. */
  logger?: StoreLogger;
}

const DEFAULT_PING_MS = 2_000;
/** Opening waits longer than a ping: the first connection includes TCP, TLS and auth. */
const OPEN_PING_MS = 10_000;

/**
 * Opens the storage named by `url` (see parseStorageUrl) and checks that it answers.
 * Does not migrate: call `store.migrate()`.
 * @throws AppError('bad_request') for a malformed URL;
 *   AppError('storage_unavailable', "cannot connect to storage <displayUrl>: <reason>") when
 *   PostgreSQL is unreachable, or "cannot open SQLite database at PATH: <reason>".
 */
export async function openStore(url: string, opts: OpenStoreOptions = {}): Promise<Store> {
  const target = parseStorageUrl(url);
  const logger = opts.logger ?? consoleLogger;
  const db =
    target.dialect === 'sqlite'
      ? openSqlite(target.path, logger)
      : openPostgres(target.connectionString, target.displayUrl, logger);
  const lockKey = target.dialect === 'sqlite' ? target.path : target.connectionString;

  let closing: Promise<void> | undefined;
  // Started on first use: CLI commands that never write batches never start a thread.
  let writer: SqliteWriterThread | undefined;
  const threaded = target.dialect === 'sqlite' && target.path !== ':memory:';
  const writeBatch = async (statements: readonly BatchStatement[]): Promise<void> => {
    try {
      if (threaded) {
        writer ??= new SqliteWriterThread(target.path, SQLITE_BUSY_TIMEOUT_MS);
        await writer.run(statements);
        return;
      }
      await db.transaction().execute((trx) => runStatements(trx, statements));
    } catch (error) {
      throw new AppError('storage_unavailable', `storage write failed: ${describeError(error)}`, {
        cause: error,
      });
    }
  };
  const store: Store = {
    db,
    dialect: target.dialect,
    displayUrl: target.displayUrl,
    async ping(timeoutMs = DEFAULT_PING_MS) {
      const failure = await probe(db, timeoutMs);
      if (failure) {
        throw new AppError('storage_unavailable', `storage unavailable: ${failure.reason}`, {
          cause: failure.cause,
        });
      }
    },
    migrate: () => runMigrations(db, target.dialect, lockKey, logger),
    writeBatch,
    close: () =>
      (closing ??= (async () => {
        await writer?.close();
        await db.destroy();
      })()),
  };

  const failure = await probe(db, OPEN_PING_MS);
  if (failure) {
    await store.close().catch(() => {});
    throw new AppError(
      'storage_unavailable',
      `cannot connect to storage ${target.displayUrl}: ${failure.reason}`,
      { cause: failure.cause },
    );
  }
  return store;
}

/**
 * Runs `select 1`; resolves undefined if it answers within `timeoutMs`, else why not.
 * A query still pending at the deadline is left to finish or fail on its own (pg's connect
 * timeout bounds it); its outcome is ignored.
 */
async function probe(
  db: Kysely<Database>,
  timeoutMs: number,
): Promise<{ reason: string; cause?: unknown } | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<{ reason: string }>((resolve) => {
    timer = setTimeout(() => resolve({ reason: `no answer within ${timeoutMs} ms` }), timeoutMs);
  });
  const query = sql`select 1`.execute(db).then(
    () => undefined,
    (cause: unknown) => ({ reason: describeError(cause), cause }),
  );
  try {
    return await Promise.race([query, deadline]);
  } finally {
    clearTimeout(timer);
  }
}
