/** The side-by-side table: each metric for Opsdeck and Alertmanager, their ratio, the target. */
import { bytes, fixed, int } from '../checks/report.js';
import type { IngestFigures, NotifyFigures } from './phases.js';

export interface Row {
  metric: string;
  opsdeck: string;
  alertmanager: string;
  /** Opsdeck / Alertmanager. */
  ratio: string;
  better: string;
  target: string;
}

type Better = 'higher' | 'lower' | 'info';

function row(
  metric: string,
  o: number,
  a: number,
  format: (n: number) => string,
  better: Better,
  target?: 'at least AM' | 'at most AM',
): Row {
  const ratio = o / a;
  let verdict = '—';
  if (target) {
    const ok = better === 'higher' ? o >= a : o <= a;
    verdict =
      Number.isFinite(o) && Number.isFinite(a) ? `${target}: ${ok ? 'met' : 'NOT MET'}` : 'n/a';
  }
  return {
    metric,
    opsdeck: format(o),
    alertmanager: format(a),
    ratio: Number.isFinite(ratio) ? `${ratio.toFixed(2)}×` : 'n/a',
    better: better === 'info' ? 'info' : `${better} is better`,
    target: verdict,
  };
}

const ms = (digits: number) => (n: number) => fixed(n, digits, ' ms');

export function rows(
  ingest: Array<{ opsdeck: IngestFigures; alertmanager: IngestFigures }>,
  notify: { opsdeck: NotifyFigures; alertmanager: NotifyFigures },
): Row[] {
  const out: Row[] = [];
  for (const { opsdeck: o, alertmanager: a } of ingest) {
    const n = int(o.alerts);
    out.push(
      row(`ingest ${n}: alerts/s`, o.alertsPerS, a.alertsPerS, int, 'higher', 'at least AM'),
      row(
        `ingest ${n}: CPU ms / 1,000 alerts`,
        o.cpuMsPer1k,
        a.cpuMsPer1k,
        (v) => fixed(v, 0),
        'lower',
      ),
      row(
        `ingest ${n}: CPU ms / 1,000 incl. settle`,
        o.cpuMsPer1kSettled,
        a.cpuMsPer1kSettled,
        (v) => fixed(v, 0),
        'lower',
      ),
      row(`ingest ${n}: server CPU cores busy`, o.cores, a.cores, (v) => fixed(v, 2), 'info'),
      row(`ingest ${n}: POST p50`, o.requestP50Ms, a.requestP50Ms, ms(1), 'lower'),
      row(`ingest ${n}: POST p99`, o.requestP99Ms, a.requestP99Ms, ms(1), 'lower'),
      row(`ingest ${n}: RSS after`, o.rssAfterBytes, a.rssAfterBytes, bytes, 'lower'),
    );
  }
  const { opsdeck: no, alertmanager: na } = notify;
  out.push(
    row('new group → webhook p50', no.p50Ms, na.p50Ms, ms(2), 'lower', 'at most AM'),
    row('new group → webhook p99', no.p99Ms, na.p99Ms, ms(2), 'lower', 'at most AM'),
    row('new group → webhook max', no.maxMs, na.maxMs, ms(2), 'lower'),
    row('new group: POST → 200 answer p50', no.answerP50Ms, na.answerP50Ms, ms(2), 'lower'),
    row('new group: server CPU ms per alert', no.cpuMsPerAlert, na.cpuMsPerAlert, ms(2), 'lower'),
    row(
      'new group: webhooks after the answer',
      no.afterAnswer / no.sent,
      na.afterAnswer / na.sent,
      (v) => fixed(v * 100, 0, '%'),
      'info',
    ),
  );
  for (const { opsdeck: o, alertmanager: a } of ingest) {
    if (!o.active || !a.active) continue;
    const n = int(o.alerts);
    out.push(
      row(`${n} active: RSS at rest`, o.active.rssBytes, a.active.rssBytes, bytes, 'lower'),
      row(
        `${n} active: GET /api/v2/alerts p50`,
        o.active.getP50Ms,
        a.active.getP50Ms,
        ms(1),
        'lower',
      ),
      row(
        `${n} active: GET /api/v2/alerts p99`,
        o.active.getP99Ms,
        a.active.getP99Ms,
        ms(1),
        'lower',
      ),
      row(
        `${n} active: RSS after the GETs`,
        o.active.rssAfterGetsBytes,
        a.active.rssAfterGetsBytes,
        bytes,
        'lower',
      ),
    );
  }
  return out;
}

/** Prints rows as an aligned table (the style of bench/lib.ts printTable). */
export function printRows(title: string, rs: Row[]): void {
  const headers = ['metric', 'opsdeck', 'alertmanager', 'ratio', 'better', 'target'] as const;
  const names = ['metric', 'Opsdeck', 'Alertmanager', 'ratio Opsdeck/AM', 'direction', 'target'];
  const widths = headers.map((h, i) => Math.max(names[i]!.length, ...rs.map((r) => r[h].length)));
  const line = (cs: string[]) => '| ' + cs.map((c, i) => c.padEnd(widths[i]!)).join(' | ') + ' |';
  console.log(`\n${title}\n`);
  console.log(line(names));
  console.log('|' + widths.map((w) => '-'.repeat(w + 2)).join('|') + '|');
  for (const r of rs) console.log(line(headers.map((h) => r[h])));
}
