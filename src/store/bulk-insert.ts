import { sql, type Kysely } from 'kysely';
import type { Dialect } from './store.js';

export type BulkColumnType = 'integer' | 'bigint' | 'text';

/** What to insert: the table, its columns in row order, and an optional `on conflict …` tail. */
export interface BulkInsertSpec {
  table: string;
  columns: ReadonlyArray<readonly [name: string, type: BulkColumnType]>;
  /** Raw SQL after the select, e.g. `on conflict (check_id, at) do nothing` (same on both). */
  conflict?: string;
}

/**
 * Inserts many rows with one statement and one bound parameter: the rows as a JSON array of
 * arrays, unpacked by the database (`json_each` on SQLite, `json_array_elements` on
 * PostgreSQL). The hot path writes 700 results a second: building a VALUES list of thousands
 * of parameters through the query builder allocated about 2.4 KB per row; this costs one
 * JSON.stringify. Values must be numbers, strings or null.
 */
export function bulkInserter(dialect: Dialect, spec: BulkInsertSpec) {
  const names = spec.columns.map(([name]) => name).join(', ');
  const picks = spec.columns
    .map(([, type], i) =>
      dialect === 'sqlite'
        ? `value ->> ${i}`
        : type === 'text'
          ? `(e ->> ${i})`
          : `(e ->> ${i})::${type}`,
    )
    .join(', ');
  // SQLite needs `where true` so the parser does not take ON CONFLICT for a join clause.
  const source =
    dialect === 'sqlite' ? 'json_each(?) where true' : 'json_array_elements(?::json) as e';
  const [head, tail] = [
    `insert into ${spec.table} (${names}) select ${picks} from `,
    ` ${spec.conflict ?? ''}`,
  ];
  const fromIndex = source.indexOf('?');
  const before = head + source.slice(0, fromIndex);
  const after = source.slice(fromIndex + 1) + tail;
  return async (db: Kysely<never>, rows: ReadonlyArray<ReadonlyArray<unknown>>): Promise<void> => {
    if (rows.length === 0) return;
    await sql`${sql.raw(before)}${JSON.stringify(rows)}${sql.raw(after)}`.execute(db);
  };
}
