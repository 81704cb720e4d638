/** bench/incidents' table rows: each issue figure, measured, against its target. */
import { int } from '../checks/report.js';
import type { Line } from '../paging-report.js';
import type { LogFigures } from '../paging-server.js';
import type { Latency, ListFigures, ReportFigures } from './measure.js';
import type { SeedFigures } from './seed.js';

export const LIST_P99_MS = 50;
export const REPORT_MS = 1000;

const ms = (n: number) => (Number.isFinite(n) ? `${n.toFixed(1)} ms` : 'n/a');
const met = (ok: boolean) => (ok ? 'met' : 'NOT MET');
const four = (l: Latency) => `${ms(l.p50)} / ${ms(l.p95)} / ${ms(l.p99)} / ${ms(l.max)}`;

export function seedLines(storage: string, f: SeedFigures, readyMs: number): Line[] {
  const r = f.rows;
  return [
    {
      storage,
      figure: 'seeded: incidents / services / events / updates / post-mortems / action items',
      measured:
        `${int(r.incidents ?? 0)} / ${int(r.incident_services ?? 0)} / ${int(r.incident_events ?? 0)} / ` +
        `${int(r.incident_updates ?? 0)} / ${int(r.postmortems ?? 0)} / ${int(r.action_items ?? 0)} in ` +
        `${(f.ms / 1000).toFixed(1)} s`,
      target: 'info',
      result: '—',
    },
    {
      storage,
      figure: 'opsdeck up → /readyz 200',
      measured: ms(readyMs),
      target: 'info',
      result: '—',
    },
  ];
}

export function listLines(storage: string, lists: ListFigures[], pooled: Latency): Line[] {
  const out: Line[] = lists.map((l) => ({
    storage,
    figure: `list ${l.name}${l.query && l.query !== 'cursor=…' ? ` (?${l.query})` : ''}: p50 / p95 / p99 / max, ${l.samples} requests${Number.isFinite(l.firstPage) ? `, ${l.firstPage} on page 1` : ''}`,
    measured: four(l),
    target: `p99 < ${LIST_P99_MS} ms`,
    result: met(l.p99 < LIST_P99_MS),
  }));
  out.push({
    storage,
    figure: `list, all ${int(pooled.samples)} requests: p50 / p95 / p99 / max`,
    measured: four(pooled),
    target: `p99 < ${LIST_P99_MS} ms`,
    result: met(pooled.p99 < LIST_P99_MS),
  });
  return out;
}

export function reportLines(storage: string, r: ReportFigures): Line[] {
  return [
    {
      storage,
      figure: `one-year report: p50 / max of ${r.runs} runs (${int(r.incidents)} incidents, ${int(r.breaches)} breaches, ${int(r.bytes)} bytes)`,
      measured: `${ms(r.p50)} / ${ms(r.max)}`,
      target: `< ${REPORT_MS / 1000} s`,
      result: met(r.max < REPORT_MS),
    },
    {
      storage,
      figure: 'one-year report: first run (untimed above)',
      measured: ms(r.firstMs),
      target: 'info',
      result: '—',
    },
    {
      storage,
      figure: 'one-year report: incidents counted / opened in the year (seed)',
      measured: `${int(r.incidents)} / ${int(r.expected)}`,
      target: 'equal',
      result: met(r.incidents === r.expected),
    },
  ];
}

export function logLine(storage: string, log: LogFigures): Line {
  const top = log.messages
    .slice(0, 3)
    .map((m) => `${m.n}× ${m.level} "${m.msg}"`)
    .join('; ');
  return {
    storage,
    figure: 'server log warn / error lines',
    measured: `${log.warnings} / ${log.errors}${top ? ` — ${top}` : ''}`,
    target: '0 / 0',
    result: met(log.warnings === 0 && log.errors === 0),
  };
}
