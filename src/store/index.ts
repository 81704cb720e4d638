/**
 * The storage surface used by the rest of Opsdeck: open a Store from a URL, then use its
 * Kysely `db`. Nothing dialect-specific leaks past this module.
 */
export { openStore } from './open.js';
export type { OpenStoreOptions } from './open.js';
export { parseStorageUrl, redactUrl } from './url.js';
export {
  describeError as describeStorageError,
  isUnavailable as isStorageUnavailable,
} from './reason.js';
export type { StorageTarget } from './url.js';
export type { StoreLogger } from './logger.js';
export type { Store, Dialect } from './store.js';
export {
  bulkInserter,
  bulkStatements,
  bulkUpdateStatements,
  runStatements,
  type QueryRunner,
  type BulkInsertSpec,
  type BulkUpdateSpec,
  type BulkColumnType,
} from './bulk-insert.js';
export type { BatchStatement } from './dialects/sqlite-writer.js';
export type { Database, ServicesTable, ApiTokensTable, AuditLogTable } from './schema.js';
