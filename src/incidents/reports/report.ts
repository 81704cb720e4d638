/**
 * Incident metrics and reports (`GET /api/v1/reports/incidents`, `opsdeck report incidents`).
 *
 * Definitions:
 * - An incident is in the report when it was OPENED (`opened_at`, detection) in [from, to).
 * - Time to detect = opened_at − started_at (incidents whose start is known);
 *   time to acknowledge = acknowledged_at − opened_at (acknowledged incidents only: the first
 *   acknowledgement; incidents resolved without one are not counted);
 *   time to mitigate = mitigated_at − opened_at; time to resolve = resolved_at − opened_at.
 *   Each: count, mean and nearest-rank p50, p90, p95 and max, in seconds (statistics.ts).
 * - A response breach is `responseBreached(row, now)` (types.ts): the incident has a
 *   deadline (`respond_by`) and nobody acknowledged or resolved it by then, counting an
 *   unanswered incident as answered now. `late_by` = (response, else now) − respond_by.
 * - Groups: by severity (the config's order, then unknown ids alphabetically, then none);
 *   by service (an incident counts once for each affected service in incident_services,
 *   incidents without one under null, shown as "(none)"; the busiest services first); by
 *   calendar month of `opened_at` in the report's time zone (every month overlapping the
 *   range, empty ones included).
 * - Post-mortems of the report's incidents: total, required, published, overdue (due before
 *   now and not published). Their action items: open, overdue (open and due before now), done.
 */
import { responseBreached } from '../types.js';
import { INCIDENT_STATUSES } from '../lifecycle.js';
import { isoTime, isoTimeOrNull } from '../../lib/time.js';
import type { Db } from '../repository.js';
import {
  figuresByGroup,
  groupByKey,
  groupByService,
  oneGroupEach,
  type Durations,
  type GroupFigures,
} from './grouping.js';
import { monthIndex, monthsOf } from './months.js';
import {
  loadReportData,
  titlesOf,
  type ActionItemCounts,
  type IncidentColumns,
  type PostmortemCounts,
  type ReportData,
} from './query.js';
import { seconds } from './statistics.js';

/** Breaches listed at most; `breaches.count` is the whole number. */
export const BREACH_LIST_MAX = 500;

export interface ReportOptions {
  from: number;
  to: number;
  /** IANA zone months are counted in. */
  zone: string;
  now: number;
  /** Severity ids in the config's order. */
  severities: readonly string[];
}

export interface BreachItem {
  id: number;
  title: string;
  severity: string | null;
  opened_at: string;
  respond_by: string;
  /** First acknowledgement, else the resolution; null while nobody has responded. */
  responded_at: string | null;
  /** Seconds past `respond_by` (until now while nobody has responded). */
  late_by: number;
}

export interface IncidentReport {
  from: string;
  to: string;
  timezone: string;
  generated_at: string;
  overall: GroupFigures;
  by_status: Record<string, number>;
  by_source: Record<string, number>;
  by_severity: Array<{ severity: string | null } & GroupFigures>;
  by_service: Array<{ service: string | null } & GroupFigures>;
  by_month: Array<{ month: string; starts_at: string } & GroupFigures>;
  breaches: { count: number; items: BreachItem[] };
  postmortems: PostmortemCounts;
  action_items: ActionItemCounts;
}

/** Reads and computes the report (a few queries, none per incident; see query.ts). */
export async function incidentReport(db: Db, opts: ReportOptions): Promise<IncidentReport> {
  const data = await loadReportData(db, opts.from, opts.to, opts.now);
  const report = computeReport(data, opts);
  const titles = await titlesOf(
    db,
    report.breaches.items.map((b) => b.id),
  );
  for (const b of report.breaches.items) b.title = titles.get(b.id) ?? '';
  return report;
}

function durationsOf(c: IncidentColumns, now: number): Durations {
  const d: Durations = {
    detect: new Float64Array(c.n),
    acknowledge: new Float64Array(c.n),
    mitigate: new Float64Array(c.n),
    resolve: new Float64Array(c.n),
    breached: new Uint8Array(c.n),
  };
  const nul = (v: number) => (Number.isNaN(v) ? null : v);
  // One reused object: responseBreached reads these three fields and keeps nothing.
  const row = {
    respond_by: 0 as number | null,
    acknowledged_at: 0 as number | null,
    resolved_at: 0 as number | null,
  };
  for (let i = 0; i < c.n; i++) {
    const opened = c.opened[i]!;
    // NaN propagates: a milestone not reached stays NaN and is left out of the figures.
    d.detect[i] = opened - c.started[i]!;
    d.acknowledge[i] = c.acknowledged[i]! - opened;
    d.mitigate[i] = c.mitigated[i]! - opened;
    d.resolve[i] = c.resolved[i]! - opened;
    row.respond_by = nul(c.respondBy[i]!);
    row.acknowledged_at = nul(c.acknowledged[i]!);
    row.resolved_at = nul(c.resolved[i]!);
    d.breached[i] = responseBreached(row, now) ? 1 : 0;
  }
  return d;
}

/** `counts` with every key of `first` present (zero when absent), those first. */
function withKeys(counts: Record<string, number>, first: readonly string[]) {
  return { ...Object.fromEntries(first.map((k) => [k, 0])), ...counts };
}

/** Newest first (opened_at, then id), at most BREACH_LIST_MAX; titles are filled by the caller. */
function breachList(c: IncidentColumns, d: Durations, now: number) {
  const rows: number[] = [];
  for (let i = 0; i < c.n; i++) if (d.breached[i] === 1) rows.push(i);
  rows.sort((a, b) => c.opened[b]! - c.opened[a]! || c.id[b]! - c.id[a]!);
  const items = rows.slice(0, BREACH_LIST_MAX).map((i): BreachItem => {
    const ack = c.acknowledged[i]!;
    const responded = Number.isNaN(ack) ? c.resolved[i]! : ack;
    const answered = !Number.isNaN(responded);
    return {
      id: c.id[i]!,
      title: '',
      severity: c.severity[i]!,
      opened_at: isoTime(c.opened[i]!),
      respond_by: isoTime(c.respondBy[i]!),
      responded_at: isoTimeOrNull(answered ? responded : null),
      late_by: seconds((answered ? responded : now) - c.respondBy[i]!),
    };
  });
  return { count: rows.length, items };
}

/** The report from loaded data: pure, so figures can be checked without a database. */
export function computeReport(data: ReportData, opts: ReportOptions): IncidentReport {
  const c = data.incidents;
  const d = durationsOf(c, opts.now);

  const overall = figuresByGroup(d, oneGroupEach(new Int32Array(c.n), 1))[0]!;

  const sev = groupByKey(c.severity, opts.severities);
  const bySeverity = figuresByGroup(d, sev.membership);

  const svc = groupByService(c.n, data.services);
  const byService = figuresByGroup(d, svc.membership);

  const months = monthsOf(opts.from, opts.to, opts.zone);
  const monthOf = new Int32Array(c.n);
  for (let i = 0; i < c.n; i++) monthOf[i] = monthIndex(months.starts, c.opened[i]!);
  const byMonth = figuresByGroup(d, oneGroupEach(monthOf, months.labels.length));

  return {
    from: isoTime(opts.from),
    to: isoTime(opts.to),
    timezone: opts.zone,
    generated_at: isoTime(opts.now),
    overall,
    by_status: withKeys(data.byStatus, INCIDENT_STATUSES),
    by_source: withKeys(data.bySource, ['alerts', 'manual']),
    by_severity: sev.keys.map((severity, g) => ({ severity, ...bySeverity[g]! })),
    by_service: svc.keys.map((service, g) => ({ service, ...byService[g]! })),
    by_month: months.labels.map((month, g) => ({
      month,
      starts_at: isoTime(months.starts[g]!),
      ...byMonth[g]!,
    })),
    breaches: breachList(c, d, opts.now),
    postmortems: data.postmortems,
    action_items: data.actionItems,
  };
}
