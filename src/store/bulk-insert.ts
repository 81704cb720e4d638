import { CompiledQuery, type Kysely } from 'kysely';
import type { BatchStatement } from './dialects/sqlite-writer.js';
import type { Dialect } from './store.js';

export type BulkColumnType = 'integer' | 'bigint' | 'text';

/** What to insert: the table, its columns in row order, and an optional `on conflict …` tail. */
export interface BulkInsertSpec {
  table: string;
  columns: ReadonlyArray<readonly [name: string, type: BulkColumnType]>;
  /** Raw SQL after the select, e.g. `on conflict (check_id, at) do nothing` (same on both). */
  conflict?: string;
}

/** Rows per SQLite statement; smaller remainders go in power-of-two chunks (few SQL texts). */
const SQLITE_ROWS = 256;

/**
 * Inserts many rows with few statements and no query builder: building a VALUES list of
 * thousands of parameters through Kysely allocated about 2.4 KB per row.
 *
 * - PostgreSQL: one statement, one bound parameter, the rows as a JSON array of arrays
 *   unpacked by `json_array_elements` (one round trip whatever the row count).
 * - SQLite: multi-row `VALUES` with bound parameters, 256 rows a statement. In process there
 *   is no round trip to save, and unpacking JSON cost about twice as much per row as binding
 *   (measured: 10.6 vs 5.6 µs a row for an alert upsert). Chunk sizes are 256 or a power of
 *   two, so the statement cache holds at most nine texts per table.
 *
 * Values must be numbers, strings or null.
 */
export function bulkInserter(dialect: Dialect, spec: BulkInsertSpec) {
  const statements = bulkStatements(dialect, spec);
  return (db: Kysely<never>, rows: ReadonlyArray<ReadonlyArray<unknown>>): Promise<void> =>
    runStatements(db, statements(rows));
}

/** Anything that runs a compiled query: a Kysely instance or transaction of any schema. */
export interface QueryRunner {
  executeQuery(query: CompiledQuery): Promise<unknown>;
}

/**
 * Runs compiled statements in order on `db`, usually a transaction: how a caller commits what
 * another domain prepared for `Store.writeBatch` together with its own writes.
 */
export async function runStatements(
  db: QueryRunner,
  statements: readonly BatchStatement[],
): Promise<void> {
  for (const s of statements) await db.executeQuery(CompiledQuery.raw(s.sql, [...s.parameters]));
}

/** The statements `bulkInserter` runs, for `Store.writeBatch` (which runs them off-thread). */
export function bulkStatements(dialect: Dialect, spec: BulkInsertSpec) {
  return dialect === 'sqlite' ? sqliteValuesStatements(spec) : postgresJsonStatements(spec);
}

function sqliteValuesStatements(spec: BulkInsertSpec) {
  const names = spec.columns.map(([name]) => name).join(', ');
  const tuple = `(${spec.columns.map(() => '?').join(', ')})`;
  const texts = new Map<number, string>();
  const textFor = (n: number): string => {
    let text = texts.get(n);
    if (text === undefined) {
      const values = new Array<string>(n).fill(tuple).join(', ');
      text = `insert into ${spec.table} (${names}) values ${values} ${spec.conflict ?? ''}`;
      texts.set(n, text);
    }
    return text;
  };
  return (rows: ReadonlyArray<ReadonlyArray<unknown>>): BatchStatement[] => {
    const out: BatchStatement[] = [];
    for (let i = 0; i < rows.length;) {
      const left = rows.length - i;
      const n = left >= SQLITE_ROWS ? SQLITE_ROWS : 2 ** Math.floor(Math.log2(left));
      const parameters: unknown[] = [];
      for (let j = i; j < i + n; j++) parameters.push(...rows[j]!);
      out.push({ sql: textFor(n), parameters });
      i += n;
    }
    return out;
  };
}

/** Element `i` of a JSON array `e`, cast to the column's type (PostgreSQL). */
const jsonPick = (type: BulkColumnType, i: number) =>
  type === 'text' ? `(e ->> ${i})` : `(e ->> ${i})::${type}`;

function postgresJsonStatements(spec: BulkInsertSpec) {
  const names = spec.columns.map(([name]) => name).join(', ');
  const picks = spec.columns.map(([, type], i) => jsonPick(type, i)).join(', ');
  const text =
    `insert into ${spec.table} (${names}) select ${picks} ` +
    `from json_array_elements($1::json) as e ${spec.conflict ?? ''}`;
  return (rows: ReadonlyArray<ReadonlyArray<unknown>>): BatchStatement[] =>
    rows.length === 0 ? [] : [{ sql: text, parameters: [JSON.stringify(rows)] }];
}

/** A bulk UPDATE: the rows arrive as `v`, a derived table of `columns`; `set` and `where` use it. */
export interface BulkUpdateSpec {
  table: string;
  columns: ReadonlyArray<readonly [name: string, type: BulkColumnType]>;
  /** e.g. `status = v.status, attempts = v.attempts` (same SQL on both databases). */
  set: string;
  /** e.g. `notifications.id = v.id and notifications.attempts = v.prev_attempts`. */
  where: string;
}

/**
 * Updates many rows: `update … from (row) as v where …`.
 *
 * - PostgreSQL: one statement, the rows bound as one JSON parameter unpacked by
 *   `json_array_elements`: a group commit of thousands of outcomes is one round trip.
 * - SQLite: one statement a row, the row bound as parameters of a one-row derived table (one
 *   cached SQL text). In process there is no round trip to save, and the `json_each` form made
 *   the writer thread fall behind a burst (measured with `bench:paging`: 4,200 outcomes waiting
 *   against 200 with a statement a row).
 */
export function bulkUpdateStatements(dialect: Dialect, spec: BulkUpdateSpec) {
  const update = (source: string) =>
    `update ${spec.table} set ${spec.set} from (${source}) as v where ${spec.where}`;
  if (dialect === 'sqlite') {
    const text = update(`select ${spec.columns.map(([name]) => `? as ${name}`).join(', ')}`);
    return (rows: ReadonlyArray<ReadonlyArray<unknown>>): BatchStatement[] =>
      rows.map((row) => ({ sql: text, parameters: row }));
  }
  const picks = spec.columns.map(([name, type], i) => `${jsonPick(type, i)} as ${name}`).join(', ');
  const text = update(`select ${picks} from json_array_elements($1::json) as e`);
  return (rows: ReadonlyArray<ReadonlyArray<unknown>>): BatchStatement[] =>
    rows.length === 0 ? [] : [{ sql: text, parameters: [JSON.stringify(rows)] }];
}
