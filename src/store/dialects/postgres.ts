import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { StoreLogger } from '../logger.js';
import { describeError } from '../reason.js';
import type { Database } from '../schema.js';

/** A connection attempt gives up after this long (a firewalled host otherwise hangs ~2 min). */
const CONNECT_TIMEOUT_MS = 5_000;

const INT8_OID = 20;

/**
 * Per-pool type parsers, so we never touch pg's process-wide `pg.types` (other code in the
 * process may rely on its defaults). int8 (bigint columns, count(*), identity ids) becomes a
 * JS number, like SQLite returns it: our bigints are epoch ms and row ids, far below 2^53.
 * A value that would lose precision fails the query rather than silently changing. numeric
 * stays a string (pg's default): it exists for exact decimals.
 */
const types = {
  getTypeParser(oid: number, format?: 'text' | 'binary'): unknown {
    if (oid === INT8_OID && format !== 'binary') return parseInt8;
    return pg.types.getTypeParser(oid, format as 'text');
  },
} as pg.CustomTypesConfig;

function parseInt8(value: string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n))
    throw new RangeError(`bigint ${value} exceeds JavaScript's safe integer range`);
  return n;
}

/**
 * A Kysely instance over a pg Pool. The pool connects lazily, so a server that went away and
 * came back is simply reconnected to by the next query; broken clients are discarded by pg-pool.
 */
export function openPostgres(
  connectionString: string,
  displayUrl: string,
  logger: StoreLogger,
): Kysely<Database> {
  const pool = new pg.Pool({
    connectionString,
    types,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    idleTimeoutMillis: 30_000,
    max: 10,
    application_name: 'opsdeck',
  });
  // An idle client whose server restarts emits 'error' through the pool; without a listener
  // Node would crash the process. pg-pool already drops that client, so we only log.
  pool.on('error', (err) => {
    logger.warn({ storage: displayUrl, reason: describeError(err) }, 'storage connection lost');
  });
  // pg-pool detaches its listener while a client is checked out, so an error between two
  // queries of a transaction would be unhandled. The failing query reports it; we only make
  // sure it is not fatal. pg-pool discards such a client on release (it is no longer queryable).
  pool.on('connect', (client) => {
    client.on('error', () => {});
  });
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
}
