/**
 * A year of check history on disk: rows each table holds at steady state (from the default
 * retention) times the bytes per row measured in this run's database. Tables the run left
 * missing or empty print n/a: no number is made up, with one stated exception: hour and day
 * rollups have exactly the columns and key of the minute rollups (migration 0002), and a run
 * of minutes closes no hour, so they are projected at the minute table's measured size.
 */
import type { TableStats } from './db.js';
import { bytes, int } from './report.js';

export interface Projection {
  table: string;
  arithmetic: string;
  rows: number;
  bytesPerRow: number | null;
  bytes: number | null;
  basis: string;
}

/** Steady-state rows per table for `checks` checks run every `intervalMs`. */
function steadyRows(checks: number, intervalMs: number): [string, string, number][] {
  const runsPerDay = 86_400_000 / intervalMs;
  return [
    ['check_rollup_minute', `${int(checks)} × 1,440/day × 14 d`, checks * 1440 * 14],
    ['check_rollup_hour', `${int(checks)} × 24/day × 365 d`, checks * 24 * 365],
    ['check_rollup_day', `${int(checks)} × 730 d`, checks * 730],
    [
      'check_results',
      `${int(checks)} × ${int(runsPerDay)}/day × 2 d (raw)`,
      checks * runsPerDay * 2,
    ],
  ];
}

export function project(checks: number, intervalMs: number, stats: TableStats[]): Projection[] {
  const minute = stats.find((t) => t.table === 'check_rollup_minute');
  return steadyRows(checks, intervalMs).map(([table, arithmetic, rows]) => {
    const s = stats.find((t) => t.table === table);
    let bytesPerRow = s?.bytesPerRow ?? null;
    let basis = s
      ? `${s.basis}, ${s.rows === null ? 'no' : int(s.rows)} rows measured`
      : 'not read';
    const sameShape = table === 'check_rollup_hour' || table === 'check_rollup_day';
    if (bytesPerRow === null && sameShape && minute?.bytesPerRow != null) {
      bytesPerRow = minute.bytesPerRow;
      basis =
        'no hour closed in the run: at check_rollup_minute’s measured size (same columns and key)';
    }
    return {
      table,
      arithmetic,
      rows,
      bytesPerRow,
      bytes: bytesPerRow === null ? null : rows * bytesPerRow,
      basis,
    };
  });
}

/** Bytes of a year of rollups (minute 14 d + hour 1 y + day 2 y); null unless all measured. */
export function rollupTotal(projections: Projection[]): number | null {
  const rollups = projections.filter((p) => p.table.startsWith('check_rollup_'));
  return rollups.every((p) => p.bytes !== null)
    ? rollups.reduce((sum, p) => sum + p.bytes!, 0)
    : null;
}

/** Prints each projection line, the rollup total, and the tables not projected. */
export function printProjection(projections: Projection[], stats: TableStats[]): void {
  console.log('\nProjected history at default retention (rows × measured bytes/row):\n');
  for (const p of projections) {
    const perRow = p.bytesPerRow === null ? 'n/a' : `${p.bytesPerRow.toFixed(1)} B`;
    const total = p.bytes === null ? 'n/a' : bytes(p.bytes);
    console.log(
      `  ${p.table.padEnd(20)} ${p.arithmetic} = ${int(p.rows)} rows × ${perRow} = ${total}  (${p.basis})`,
    );
  }
  const total = rollupTotal(projections);
  console.log(
    `  rollups total (minute 14 d + hour 1 y + day 2 y): ${total === null ? 'n/a (a rollup table is missing or empty)' : bytes(total)}`,
  );
  for (const s of stats.filter((t) => !projections.some((p) => p.table === t.table))) {
    const perRow = s.bytesPerRow === null ? 'n/a' : `${s.bytesPerRow.toFixed(1)} B`;
    const rows = s.rows === null ? 'n/a' : int(s.rows);
    console.log(
      `  ${s.table.padEnd(20)} ${rows} rows, ${perRow} per row (${s.basis}; not projected)`,
    );
  }
}
