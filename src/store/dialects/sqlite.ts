import { existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely } from 'kysely';
import { AppError } from '../../errors.js';
import type { StoreLogger } from '../logger.js';
import { describeError } from '../reason.js';
import type { Database } from '../schema.js';
import { OpsdeckSqliteDialect } from './sqlite-immediate.js';

/** How long a writer waits for another connection's write lock before SQLITE_BUSY. */
export const SQLITE_BUSY_TIMEOUT_MS = 5_000;

/**
 * Opens (creating it and its parent directory if needed) the SQLite database at `path`
 * (absolute, or `:memory:`) and returns a Kysely instance over it.
 * @throws AppError('storage_unavailable', "cannot open SQLite database at PATH: <reason>")
 */
export function openSqlite(path: string, logger: StoreLogger): Kysely<Database> {
  let sqlite: SqliteDatabase.Database | undefined;
  try {
    if (path !== ':memory:') makeParents(dirname(path));
    sqlite = new SqliteDatabase(path);
    // The first pragma reads the file header, so a non-database file fails here, not later.
    const mode = sqlite.pragma('journal_mode = WAL', { simple: true });
    if (path !== ':memory:' && String(mode).toLowerCase() !== 'wal') {
      // Some network file systems cannot do WAL; SQLite then keeps its rollback journal.
      logger.warn({ path, journalMode: mode }, 'SQLite WAL mode unavailable; writes are slower');
    }
    // FULL syncs the WAL on every commit: an acknowledged write survives power loss.
    // (NORMAL, the usual WAL companion, may lose the last commits on power loss.)
    sqlite.pragma('synchronous = FULL');
    sqlite.pragma(`busy_timeout = ${SQLITE_BUSY_TIMEOUT_MS}`);
    sqlite.pragma('foreign_keys = ON');
  } catch (err) {
    sqlite?.close();
    throw new AppError(
      'storage_unavailable',
      `cannot open SQLite database at ${path}: ${describeError(err)}`,
      { cause: err },
    );
  }
  cachePreparedStatements(sqlite);
  return new Kysely<Database>({ dialect: new OpsdeckSqliteDialect({ database: sqlite }) });
}

/** Distinct SQL texts kept prepared; hot paths use a few dozen. */
const STATEMENT_CACHE_SIZE = 500;

/**
 * Kysely's SQLite driver prepares every statement on every call. Hot paths repeat the same
 * few texts (a group commit is BEGIN IMMEDIATE, one bulk upsert, COMMIT), and preparing
 * costs as much as a small write, so prepared statements are kept by SQL text. A statement
 * still iterating (a streamed select) is busy and cannot be shared: the caller gets a fresh one.
 */
function cachePreparedStatements(db: SqliteDatabase.Database): void {
  const prepare = db.prepare.bind(db);
  const cache = new Map<string, SqliteDatabase.Statement>();
  db.prepare = ((source: string) => {
    const hit = cache.get(source);
    if (hit && !hit.busy) return hit;
    const statement = prepare(source);
    if (!hit) {
      if (cache.size >= STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value!);
      cache.set(source, statement);
    }
    return statement;
  }) as typeof db.prepare;
}

/**
 * `mkdir -p` in one pass from the top. Not `mkdirSync(dir, { recursive: true })`: where a file
 * system answers ENOENT for an existing parent (procfs, e.g. `sqlite:/proc/x/db`), Node's
 * recursive mkdir retries forever and start-up hangs with no message. Each level is tried
 * once here, so the real error (ENOENT, ENOTDIR, EACCES…) surfaces.
 */
function makeParents(dir: string): void {
  if (existsSync(dir)) return;
  const parent = dirname(dir);
  if (parent !== dir) makeParents(parent);
  try {
    mkdirSync(dir);
  } catch (err) {
    // Another process created it meanwhile; a non-directory fails at open with ENOTDIR.
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
}
