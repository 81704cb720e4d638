/**
 * `opsdeck report incidents`: the incident report of a running Opsdeck
 * (`GET /api/v1/reports/incidents`), as tables with humanized durations, or `--json`.
 */
import type { Command } from 'commander';
import type { DateTime } from 'luxon';
import { AppError } from '../../errors.js';
import { timeOption } from '../options.js';
import { printJson, table } from '../output.js';
import { remoteFrom, withRemoteOptions, type RemoteOptions } from '../remote.js';
import type { IncidentReport } from '../../incidents/reports/report.js';

/** The API's report (type-only: nothing of the server is loaded by the CLI for it). */
export type ReportInfo = IncidentReport;
type Figures = IncidentReport['overall'];

/** Breaches listed in the table; `--json` has up to 500. */
const BREACHES_SHOWN = 20;

/** Seconds as people read them: 45s, 4m12s, 2h3m, 3d4h; `-` for none. */
export function humanize(seconds: number | null): string {
  if (seconds === null) return '-';
  if (seconds < 0) return `-${humanize(-seconds)}`;
  if (seconds > 0 && seconds < 1) return `${Math.round(seconds * 1000)}ms`;
  const s = Math.round(seconds);
  const part = (big: number, bigUnit: string, small: number, smallUnit: string) =>
    `${big}${bigUnit}${small > 0 ? `${small}${smallUnit}` : ''}`;
  if (s < 60) return `${s}s`;
  if (s < 3600) return part(Math.floor(s / 60), 'm', s % 60, 's');
  if (s < 86_400) return part(Math.floor(s / 3600), 'h', Math.floor((s % 3600) / 60), 'm');
  return part(Math.floor(s / 86_400), 'd', Math.floor((s % 86_400) / 3600), 'h');
}

const METRICS = [
  ['detect', 'time_to_detect'],
  ['acknowledge', 'time_to_acknowledge'],
  ['mitigate', 'time_to_mitigate'],
  ['resolve', 'time_to_resolve'],
] as const;

/** `a 1, b 2` of the non-zero counts, or `none`. */
const counts = (byKey: Record<string, number>) =>
  Object.entries(byKey)
    .filter(([, n]) => n > 0)
    .map(([k, n]) => `${k} ${n}`)
    .join(', ') || 'none';

/** One row per group: incidents, breaches, and each duration as `mean / p90`. */
function groupTable(head: string, rows: Array<[string, Figures]>): string {
  return table(
    [head, 'INCIDENTS', 'BREACHED', ...METRICS.map(([m]) => m.toUpperCase())],
    rows.map(([name, f]) => [
      name,
      String(f.incidents),
      String(f.breaches),
      ...METRICS.map(([, key]) =>
        f[key].count === 0 ? '-' : `${humanize(f[key].mean)} / ${humanize(f[key].p90)}`,
      ),
    ]),
  );
}

/** `dateTime` is luxon's `DateTime`, which the action loads only to print a table. */
export function renderReport(r: ReportInfo, dateTime: typeof DateTime): string {
  const local = (iso: string) =>
    dateTime.fromISO(iso, { zone: r.timezone }).toFormat('yyyy-MM-dd HH:mm');
  const pm = r.postmortems;
  const ai = r.action_items;
  const out = [
    `Incidents opened from ${local(r.from)} to ${local(r.to)} (${r.timezone})`,
    '',
    `incidents:     ${r.overall.incidents}, ${r.overall.breaches} response breach${r.overall.breaches === 1 ? '' : 'es'}`,
    `by status:     ${counts(r.by_status)}`,
    `by source:     ${counts(r.by_source)}`,
    `post-mortems:  ${pm.total} (${pm.required} required, ${pm.published} published, ${pm.overdue} overdue)`,
    `action items:  ${ai.open} open (${ai.overdue} overdue), ${ai.done} done`,
    '',
    table(
      ['TIME TO', 'COUNT', 'MEAN', 'P50', 'P90', 'P95', 'MAX'],
      METRICS.map(([name, key]) => {
        const s = r.overall[key];
        return [name, String(s.count), ...[s.mean, s.p50, s.p90, s.p95, s.max].map(humanize)];
      }),
    ),
    '',
    'Time to detect, acknowledge, mitigate and resolve per group: mean / p90',
    '',
    groupTable(
      'SEVERITY',
      r.by_severity.map((g) => [g.severity ?? '(none)', g]),
    ),
    '',
    r.by_service.length
      ? groupTable(
          'SERVICE',
          r.by_service.map((g) => [g.service ?? '(none)', g]),
        )
      : 'no services',
    '',
    groupTable(
      'MONTH',
      r.by_month.map((g) => [g.month, g]),
    ),
    '',
  ];
  const { count, items } = r.breaches;
  if (count === 0) out.push('no response breaches');
  else {
    const shown = items.slice(0, BREACHES_SHOWN);
    out.push(
      `Response breaches: ${count}${count > shown.length ? ` (newest ${shown.length}; --json lists up to 500)` : ''}`,
      '',
      table(
        ['ID', 'OPENED', 'SEVERITY', 'RESPOND BY', 'RESPONDED', 'LATE BY', 'TITLE'],
        shown.map((b) => [
          String(b.id),
          local(b.opened_at),
          b.severity ?? '-',
          local(b.respond_by),
          b.responded_at === null ? 'not yet' : local(b.responded_at),
          humanize(b.late_by),
          b.title.length <= 60 ? b.title : `${b.title.slice(0, 59)}…`,
        ]),
      ),
    );
  }
  return out.join('\n') + '\n';
}

function zoneOption(zone: string | undefined): string | undefined {
  if (zone === undefined) return undefined;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return zone;
  } catch {
    throw new AppError(
      'bad_request',
      `--tz: expected an IANA time zone like Europe/Madrid, got '${zone}'`,
    );
  }
}

export function registerReportCommands(program: Command): void {
  const group = program.command('report').description('reports over a running Opsdeck’s history');
  withRemoteOptions(
    group
      .command('incidents')
      .description(
        'time to detect, acknowledge, mitigate and resolve (mean, p50, p90, p95, max) overall, per severity, service and month; response breaches; post-mortems and action items — of the incidents opened in [--from, --to)',
      )
      .option(
        '--from <time>',
        'opened at or after (ISO 8601 or epoch ms); default: 30 days before --to',
      )
      .option('--to <time>', 'opened before (ISO 8601 or epoch ms); default: now')
      .option(
        '--tz <zone>',
        'IANA time zone of the months; default: the server’s incidents.report_timezone',
      )
      .option('--json', 'print the report as JSON'),
  ).action(
    async (opts: RemoteOptions & { from?: string; to?: string; tz?: string; json?: boolean }) => {
      const report = await remoteFrom(opts).get<ReportInfo>('/api/v1/reports/incidents', {
        query: {
          from: opts.from === undefined ? undefined : timeOption(opts.from, '--from'),
          to: opts.to === undefined ? undefined : timeOption(opts.to, '--to'),
          tz: zoneOption(opts.tz),
        },
      });
      if (opts.json) return printJson(report);
      const { DateTime } = await import('luxon');
      process.stdout.write(renderReport(report, DateTime));
    },
  );
}
