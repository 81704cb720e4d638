import type { Kysely } from 'kysely';
import type { Database } from './schema.js';
import type { BatchStatement } from './dialects/sqlite-writer.js';

export type Dialect = 'sqlite' | 'postgres';

/**
 * An open storage backend. Domains use `db` (Kysely) and nothing dialect-specific.
 */
export interface Store {
  readonly db: Kysely<Database>;
  readonly dialect: Dialect;
  /** The storage URL with any password replaced by `***`, safe to log. */
  readonly displayUrl: string;
  /** Resolves when the database answers a trivial query within `timeoutMs`; throws AppError('storage_unavailable') otherwise. */
  ping(timeoutMs?: number): Promise<void>;
  /** Runs pending migrations under a lock (safe with several instances starting at once). */
  migrate(): Promise<{ applied: string[] }>;
  /**
   * Runs statements in one transaction and resolves once it has committed. On a SQLite file
   * this happens in a writer thread with its own connection, so a hot path's group commit
   * (fsync included) does not stop the event loop; elsewhere it is an ordinary transaction.
   * Rejects with AppError('storage_unavailable') naming the reason. Concurrent calls may
   * commit in any order (PostgreSQL runs them on several connections): callers that need an
   * order await one batch before the next, as the alert writer does.
   */
  writeBatch(statements: readonly BatchStatement[]): Promise<void>;
  /** Closes connections (and the writer thread); idempotent. */
  close(): Promise<void>;
}
