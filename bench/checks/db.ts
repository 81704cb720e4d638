/**
 * The SQLite side: file sizes during the run, and after it (server stopped, file opened
 * read-only) rows and bytes per row of the check tables, from `count(*)` and `dbstat`.
 */
import { existsSync, statSync } from 'node:fs';
import Database from 'better-sqlite3';

/** Bytes of the database file plus its write-ahead log. */
export function fileBytes(path: string): number {
  const size = (p: string) => (existsSync(p) ? statSync(p).size : 0);
  return size(path) + size(`${path}-wal`);
}

/** Bytes in use (pages minus free pages), as a reader sees the database now; NaN if unreadable. */
export function usedBytes(path: string): number {
  try {
    const db = new Database(path, { readonly: true, fileMustExist: true });
    try {
      const pragma = (name: string) => db.pragma(name, { simple: true }) as number;
      return (pragma('page_count') - pragma('freelist_count')) * pragma('page_size');
    } finally {
      db.close();
    }
  } catch {
    return NaN;
  }
}

export interface TableStats {
  table: string;
  rows: number | null;
  /** Bytes per row (table and its indexes), or null when missing, empty or no dbstat. */
  bytesPerRow: number | null;
  /** How bytesPerRow was measured. */
  basis: string;
}

/** Below this many rows, a table's partly filled pages would inflate bytes per row. */
const MIN_ROWS_FOR_PAGES = 1000;

export function tableStats(path: string, tables: string[]): TableStats[] {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    let dbstat = true;
    try {
      db.prepare('SELECT count(*) FROM dbstat').get();
    } catch {
      dbstat = false;
    }
    return tables.map((table): TableStats => {
      const exists = db
        .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?")
        .get(table);
      if (!exists) return { table, rows: null, bytesPerRow: null, basis: 'table missing' };
      const { n } = db.prepare(`SELECT count(*) AS n FROM "${table}"`).get() as { n: number };
      if (n === 0) return { table, rows: 0, bytesPerRow: null, basis: 'empty' };
      if (!dbstat) return { table, rows: n, bytesPerRow: null, basis: 'no dbstat' };
      const { size, unused } = db
        .prepare(
          `SELECT sum(pgsize) AS size, sum(unused) AS unused FROM dbstat
           WHERE name IN (SELECT name FROM sqlite_master WHERE tbl_name = ?)`,
        )
        .get(table) as { size: number; unused: number };
      return n >= MIN_ROWS_FOR_PAGES
        ? { table, rows: n, bytesPerRow: size / n, basis: 'pages incl. indexes' }
        : { table, rows: n, bytesPerRow: (size - unused) / n, basis: 'used bytes incl. indexes' };
    });
  } finally {
    db.close();
  }
}

/**
 * Cross-check of the restart figure from stored results (read after the server stopped): how
 * many checks have a result at or after `sinceMs` (epoch ms), and when the last of them had its
 * first one, in seconds after `sinceMs`. Null if the table or its columns are not as expected.
 */
export function firstRunsAfter(
  path: string,
  sinceMs: number,
): { checks: number; lastS: number } | null {
  try {
    const db = new Database(path, { readonly: true, fileMustExist: true });
    try {
      const r = db
        .prepare(
          `SELECT count(*) AS n, max(first) AS last FROM
             (SELECT min(at) AS first FROM check_results WHERE at >= ? GROUP BY check_id)`,
        )
        .get(sinceMs) as { n: number; last: number | null };
      return { checks: r.n, lastS: r.last === null ? NaN : (r.last - sinceMs) / 1000 };
    } finally {
      db.close();
    }
  } catch {
    return null;
  }
}
