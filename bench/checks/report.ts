/** Formatting: the results table (same style as bench/lib.ts printTable) and number helpers. */

export interface Figure {
  figure: string;
  measured: string;
  target: string;
  result: string;
}

export const int = (n: number) => Math.round(n).toLocaleString('en-US');

export function bytes(n: number): string {
  if (!Number.isFinite(n)) return 'n/a';
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let i = 0;
  for (let v = Math.abs(n); v >= 1000 && i < units.length - 1; v /= 1000) i++;
  return `${(n / 1000 ** i).toFixed(i === 0 ? 0 : 1)} ${units[i]}`;
}

export const pct = (f: number) => (Number.isFinite(f) ? `${(f * 100).toFixed(2)}%` : 'n/a');

export const fixed = (n: number, digits: number, unit = '') =>
  Number.isFinite(n) ? `${n.toFixed(digits)}${unit}` : 'n/a';

/** 'met', 'NOT MET', or 'n/a' when the value could not be measured. */
export function verdict(value: number, ok: (v: number) => boolean): string {
  if (!Number.isFinite(value)) return 'n/a';
  return ok(value) ? 'met' : 'NOT MET';
}

/** Prints the figures as an aligned table. */
export function printFigures(title: string, rows: Figure[]): void {
  const headers = Object.keys(rows[0]!) as (keyof Figure)[];
  const widths = headers.map((h) => Math.max(h.length, ...rows.map((r) => r[h].length)));
  const line = (cs: string[]) => '| ' + cs.map((c, i) => c.padEnd(widths[i]!)).join(' | ') + ' |';
  console.log(`\n${title}\n`);
  console.log(line(headers));
  console.log('|' + widths.map((w) => '-'.repeat(w + 2)).join('|') + '|');
  for (const r of rows) console.log(line(headers.map((h) => r[h])));
}

/** One JSON line for machines; non-finite numbers become null. */
export function printJson(payload: Record<string, unknown>): void {
  const json = JSON.stringify(payload, (_k, v: unknown) =>
    typeof v === 'number' && !Number.isFinite(v) ? null : v,
  );
  console.log('\nJSON ' + json);
}
