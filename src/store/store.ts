import type { Kysely } from 'kysely';
import type { Database } from './schema.js';

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
  /** Closes connections; idempotent. */
  close(): Promise<void>;
}
