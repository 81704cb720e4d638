/**
 * `opsdeck oncall` and `opsdeck schedules …`: who is on call and the shifts of a schedule, from
 * a running server (src/oncall/routes.ts). Times print in UTC (ISO 8601, to the minute).
 */
import type { Command } from 'commander';
import { AppError } from '../../errors.js';
import { table, printJson, printList } from '../output.js';
import { remoteFrom, withRemoteOptions, type RemoteOptions } from '../remote.js';
import { timeOption } from '../options.js';

interface PersonRef {
  id: string;
  name: string;
}

/** `GET /api/v1/oncall`, as far as the CLI reads it. */
interface OncallInfo {
  at: string;
  schedules: Array<{ id: string; name: string; on_call: PersonRef[]; until: string | null }>;
}

/** `GET /api/v1/schedules` items. */
interface ScheduleInfo {
  id: string;
  name: string;
  timezone: string;
  on_call: PersonRef[];
  until: string | null;
  next_handoff: { at: string; to: PersonRef[] } | null;
  gaps: Array<{ start: string; end: string }>;
  gap_horizon: string;
}

interface ShiftsInfo {
  schedule: string;
  from: string;
  to: string;
  shifts: Array<{
    person: string;
    person_name: string;
    start: string;
    end: string;
    source: string;
  }>;
  gaps: Array<{ start: string; end: string }>;
}

/** ISO time to the minute, `2026-03-30 07:00Z`; `-` for none. */
export function shortTime(iso: string | null | undefined): string {
  return iso ? `${iso.slice(0, 10)} ${iso.slice(11, 16)}Z` : '-';
}

const people = (refs: readonly PersonRef[]) =>
  refs.length ? refs.map((p) => p.name).join(', ') : '(nobody)';

export function renderOncall(info: OncallInfo): string {
  return table(
    ['SCHEDULE', 'ON CALL', 'UNTIL'],
    info.schedules.map((s) => [s.id, people(s.on_call), shortTime(s.until)]),
  );
}

export function renderSchedules(items: readonly ScheduleInfo[]): string {
  return table(
    ['ID', 'NAME', 'TIMEZONE', 'ON CALL', 'UNTIL', 'NEXT', 'GAPS'],
    items.map((s) => [
      s.id,
      s.name,
      s.timezone,
      people(s.on_call),
      shortTime(s.until),
      s.next_handoff ? people(s.next_handoff.to) : '-',
      s.gaps.length ? `${s.gaps.length} in ${s.gap_horizon}` : 'none',
    ]),
  );
}

/** Shifts and gaps of a range, in time order; gaps read "(nobody)". */
export function renderShifts(info: ShiftsInfo): string {
  const rows = [
    ...info.shifts.map((s) => [s.start, s.end, `${s.person_name} (${s.person})`, s.source]),
    ...info.gaps.map((g) => [g.start, g.end, '(nobody)', 'gap']),
  ].sort((a, b) => a[0]!.localeCompare(b[0]!));
  return table(
    ['START', 'END', 'ON CALL', 'SOURCE'],
    rows.map(([start, end, who, source]) => [shortTime(start), shortTime(end), who!, source!]),
  );
}

export function registerOncallCommands(program: Command): void {
  withRemoteOptions(
    program
      .command('oncall')
      .description('who is on call in every schedule, and until when')
      .option('--at <time>', 'ISO 8601 time or epoch ms (default now)')
      .option('--schedule <id>', 'only this schedule')
      .option('--json', 'print the API answer as JSON'),
  ).action(async (opts: RemoteOptions & { at?: string; schedule?: string; json?: boolean }) => {
    const at = opts.at === undefined ? undefined : timeOption(opts.at, '--at');
    const info = await remoteFrom(opts).get<OncallInfo>('/api/v1/oncall', { query: { at } });
    if (opts.schedule !== undefined) {
      info.schedules = info.schedules.filter((s) => s.id === opts.schedule);
      if (info.schedules.length === 0)
        throw new AppError('not_found', `--schedule: schedule '${opts.schedule}' not found`);
    }
    if (opts.json) return printJson(info);
    process.stdout.write(
      (info.schedules.length ? renderOncall(info) : 'no schedules configured') + '\n',
    );
  });

  const schedules = program
    .command('schedules')
    .description('on-call schedules of a running server');
  withRemoteOptions(
    schedules
      .command('list')
      .description('schedules with who is on call, the next handoff and gaps ahead')
      .option('--json', 'print the schedules as a JSON array'),
  ).action(async (opts: RemoteOptions & { json?: boolean }) => {
    const page = await remoteFrom(opts).get<{ items: ScheduleInfo[] }>('/api/v1/schedules');
    printList(page.items, opts.json, renderSchedules, 'no schedules configured');
  });
  withRemoteOptions(
    schedules
      .command('shifts')
      .description('final shifts of a schedule (layers and overrides applied) and its gaps')
      .argument('<id>', 'schedule id')
      .option('--from <time>', 'ISO 8601 time or epoch ms (default now)')
      .option('--to <time>', 'ISO 8601 time or epoch ms (default 7 days after --from)')
      .option('--json', 'print the API answer as JSON'),
  ).action(
    async (id: string, opts: RemoteOptions & { from?: string; to?: string; json?: boolean }) => {
      const query = {
        from: opts.from === undefined ? undefined : timeOption(opts.from, '--from'),
        to: opts.to === undefined ? undefined : timeOption(opts.to, '--to'),
      };
      const info = await remoteFrom(opts).get<ShiftsInfo>(
        `/api/v1/schedules/${encodeURIComponent(id)}/shifts`,
        { query },
      );
      if (opts.json) return printJson(info);
      process.stdout.write(renderShifts(info) + '\n');
    },
  );
}
