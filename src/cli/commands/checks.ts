import type { Command } from 'commander';
import { CHECK_STATES } from '../../checks/state.js';
import { tryParseDuration } from '../../config/duration.js';
import { CHECK_KINDS, ID_PATTERN } from '../config-constants.js';
import { AppError } from '../../errors.js';
import { ExitCode, table, printJson } from '../output.js';
import { expectOneOf } from '../options.js';
import {
  DEFAULT_REQUEST_TIMEOUT_MS,
  listAllPages,
  remoteFrom,
  withRemoteOptions,
  type RemoteClient,
  type RemoteOptions,
} from '../remote.js';

/** The API's shapes (src/checks/route-schemas.ts), as far as the CLI reads them. */
interface CheckResult {
  at: string;
  status: 'up' | 'degraded' | 'down';
  latency_ms: number;
  reason: string | null;
  details: Record<string, unknown> | null;
}

interface CheckInfo {
  id: string;
  service: string;
  name: string;
  kind: string;
  state: string;
  state_since: string | null;
  state_reason: string | null;
  every: string | null;
  timeout: string | null;
  target: string | null;
  severity: string;
  labels: Record<string, string>;
  runbook: string | null;
  last_result: CheckResult | null;
  certificate_expires_at: string | null;
  heartbeat: {
    ping_url: string;
    last_ping_at: string | null;
    next_deadline: string | null;
    running: number;
  } | null;
}

interface Uptime {
  from: string;
  to: string;
  uptime: number | null;
  runs: { up: number; degraded: number; down: number };
}

interface CheckEvent {
  at: string;
  from: string;
  to: string;
  reason: string | null;
}

interface Page<T> {
  items: T[];
  next_cursor: string | null;
}

const PAGE_LIMIT = 500;
const REASON_WIDTH = 60;
const EVENTS_SHOWN = 5;
/** Check ids are `service/check`, each an id as in the config. */
const ID = ID_PATTERN.slice(1, -1); // the config's id pattern without its anchors
const CHECK_ID = new RegExp(`^(${ID})/(${ID})$`);

/** Validates a `service/check` argument and returns its API path. */
export function checkPath(id: string): string {
  const match = CHECK_ID.exec(id);
  if (!match)
    throw new AppError('bad_request', `id: expected SERVICE/CHECK (e.g. api/health), got '${id}'`);
  return `/api/v1/checks/${encodeURIComponent(match[1]!)}/${encodeURIComponent(match[2]!)}`;
}

function parseLabel(text: string): string {
  const eq = text.indexOf('=');
  if (eq <= 0) throw new AppError('bad_request', `--label: expected key=value, got '${text}'`);
  return text;
}

/** `3m ago`, `in 2d`, `just now`; `-` without a time. */
export function relativeTime(iso: string | null | undefined, now = Date.now()): string {
  if (!iso) return '-';
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return iso;
  const diff = now - t;
  const abs = Math.abs(diff);
  if (abs < 1000) return 'just now';
  const units: Array<[string, number]> = [
    ['d', 86_400_000],
    ['h', 3_600_000],
    ['m', 60_000],
    ['s', 1000],
  ];
  const [unit, size] = units.find(([, ms]) => abs >= ms)!;
  const amount = `${Math.floor(abs / size)}${unit}`;
  return diff >= 0 ? `${amount} ago` : `in ${amount}`;
}

/** `0.78ms`, `1.1ms`, `245ms`, `1.24s`. */
export function formatLatency(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return '-';
  if (ms < 1) return `${ms.toFixed(2)}ms`;
  if (ms < 10) return `${ms.toFixed(1)}ms`;
  if (ms < 1000) return `${Math.round(ms)}ms`;
  return `${(ms / 1000).toFixed(2)}s`;
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function truncate(text: string, width: number): string {
  return text.length <= width ? text : text.slice(0, width - 1) + '…';
}

function percent(uptime: Uptime): string {
  const runs = uptime.runs.up + uptime.runs.degraded + uptime.runs.down;
  if (uptime.uptime === null) return 'no runs';
  const counts = [`${runs} run${runs === 1 ? '' : 's'}`];
  if (uptime.runs.degraded) counts.push(`${uptime.runs.degraded} degraded`);
  if (uptime.runs.down) counts.push(`${uptime.runs.down} down`);
  return `${(uptime.uptime * 100).toFixed(3)}% (${counts.join(', ')})`;
}

function detailValue(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** Aligned `Label: value` lines. */
function fields(rows: Array<[string, string]>): string[] {
  const width = Math.max(...rows.map(([label]) => label.length)) + 2;
  return rows.map(([label, value]) => `${(label + ':').padEnd(width)}${value}`.trimEnd());
}

function listAll(remote: RemoteClient, query: Record<string, string | string[] | undefined>) {
  return listAllPages<CheckInfo>(remote, '/api/v1/checks', query, PAGE_LIMIT);
}

function renderShow(
  check: CheckInfo,
  day: Uptime,
  month: Uptime,
  events: CheckEvent[],
  now: number,
): string {
  const rows: Array<[string, string]> = [
    ['ID', check.id],
    ['Kind', check.kind],
    [
      'State',
      check.state_since
        ? `${check.state} since ${check.state_since} (${relativeTime(check.state_since, now)})`
        : check.state,
    ],
  ];
  if (check.state_reason) rows.push(['Reason', oneLine(check.state_reason)]);
  rows.push(['Target', check.target ?? '-']);
  if (check.every) rows.push(['Schedule', `every ${check.every}, timeout ${check.timeout ?? '-'}`]);
  rows.push(['Severity', check.severity]);
  const labels = Object.entries(check.labels).map(([k, v]) => `${k}=${v}`);
  rows.push(['Labels', labels.length ? labels.join(', ') : '-']);
  rows.push(['Runbook', check.runbook ?? '-']);
  if (check.heartbeat) {
    rows.push(['Ping URL', check.heartbeat.ping_url]);
    rows.push([
      'Last ping',
      check.heartbeat.last_ping_at
        ? `${check.heartbeat.last_ping_at} (${relativeTime(check.heartbeat.last_ping_at, now)})`
        : 'never',
    ]);
    if (check.heartbeat.next_deadline)
      rows.push([
        'Next deadline',
        `${check.heartbeat.next_deadline} (${relativeTime(check.heartbeat.next_deadline, now)})`,
      ]);
  }
  if (check.certificate_expires_at)
    rows.push([
      'Certificate',
      `expires ${check.certificate_expires_at} (${relativeTime(check.certificate_expires_at, now)})`,
    ]);
  const last = check.last_result;
  rows.push([
    'Last result',
    last
      ? `${last.status} in ${formatLatency(last.latency_ms)} at ${last.at} (${relativeTime(last.at, now)})`
      : 'none yet',
  ]);
  rows.push(['Uptime 24h', percent(day)], ['Uptime 30d', percent(month)]);

  const out = fields(rows);
  // The last result's reason and details, indented under it.
  if (last) {
    const at = out.findIndex((line) => line.startsWith('Last result:'));
    const extra: string[] = [];
    if (last.reason) extra.push(`  reason: ${oneLine(last.reason)}`);
    for (const [key, value] of Object.entries(last.details ?? {}))
      extra.push(`  ${key}: ${detailValue(value)}`);
    out.splice(at + 1, 0, ...extra);
  }
  out.push('', events.length ? `Recent events (newest first):` : 'Recent events: none');
  if (events.length) {
    out.push(
      table(
        ['  AT', 'CHANGE', 'REASON'],
        events.map((e) => [
          `  ${e.at} (${relativeTime(e.at, now)})`,
          `${e.from} → ${e.to}`,
          oneLine(e.reason ?? '-'),
        ]),
      ),
    );
  }
  return out.join('\n') + '\n';
}

function stateLine(check: CheckInfo): string {
  return `${check.id}: ${check.state}${check.state_reason ? ` (${oneLine(check.state_reason)})` : ''}\n`;
}

/** `opsdeck checks …`: health checks of a running server, through its HTTP API. */
export function registerCheckCommands(program: Command): void {
  const checks = program
    .command('checks')
    .description(
      'inspect and control the health checks of a running server (through its HTTP API)',
    );

  withRemoteOptions(
    checks
      .command('list')
      .description('list checks with their state, latency and reason (all pages)')
      .option('--service <id>', 'only checks of this service')
      .option('--state <state>', `only checks in this state: one of ${CHECK_STATES.join(', ')}`)
      .option('--kind <kind>', `only checks of this kind: one of ${CHECK_KINDS.join(', ')}`)
      .option(
        '--label <key=value>',
        'only checks with this label; repeat for several (all must match)',
        (value: string, previous: string[] | undefined) => [...(previous ?? []), value],
      )
      .option('--json', 'print the checks as a JSON array'),
  ).action(
    async (
      opts: RemoteOptions & {
        service?: string;
        state?: string;
        kind?: string;
        label?: string[];
        json?: boolean;
      },
    ) => {
      expectOneOf('--state', opts.state, CHECK_STATES);
      expectOneOf('--kind', opts.kind, CHECK_KINDS);
      const labels = (opts.label ?? []).map(parseLabel);
      const items = await listAll(remoteFrom(opts), {
        service: opts.service,
        state: opts.state,
        kind: opts.kind,
        label: labels,
      });
      if (opts.json) return printJson(items);
      if (items.length === 0) {
        const filtered = opts.service || opts.state || opts.kind || labels.length;
        process.stdout.write(filtered ? 'no checks match\n' : 'no checks\n');
        return;
      }
      const now = Date.now();
      const rows = items.map((c) => [
        c.id,
        c.kind,
        c.state,
        relativeTime(c.state_since, now),
        formatLatency(c.last_result?.latency_ms),
        truncate(oneLine(c.state_reason ?? c.last_result?.reason ?? '-'), REASON_WIDTH),
      ]);
      process.stdout.write(
        table(['ID', 'KIND', 'STATE', 'SINCE', 'LATENCY', 'REASON'], rows) + '\n',
      );
    },
  );

  withRemoteOptions(
    checks
      .command('show')
      .description('show one check: state, target, last result, 24h/30d uptime, recent events')
      .argument('<id>', 'check id: SERVICE/CHECK, e.g. api/health')
      .option('--json', 'print {check, uptime_24h, uptime_30d, events} as JSON'),
  ).action(async (id: string, opts: RemoteOptions & { json?: boolean }) => {
    const path = checkPath(id);
    const remote = remoteFrom(opts);
    const [check, day, month, events] = await Promise.all([
      remote.get<CheckInfo>(path),
      remote.get<Uptime>(`${path}/uptime`, { query: { from: '24h' } }),
      remote.get<Uptime>(`${path}/uptime`, { query: { from: '30d' } }),
      remote.get<Page<CheckEvent>>(`${path}/events`, { query: { limit: EVENTS_SHOWN } }),
    ]);
    if (opts.json)
      return printJson({ check, uptime_24h: day, uptime_30d: month, events: events.items });
    process.stdout.write(renderShow(check, day, month, events.items, Date.now()));
  });

  withRemoteOptions(
    checks
      .command('run')
      .description('run a check now and print its result; exits 0 when up or degraded, 2 when down')
      .argument('<id>', 'check id: SERVICE/CHECK, e.g. api/health')
      .option('--json', 'print the result as JSON'),
  ).action(async (id: string, opts: RemoteOptions & { json?: boolean }) => {
    const path = checkPath(id);
    const remote = remoteFrom(opts);
    // The run may take up to the check's timeout (plus queueing): allow that on top.
    const check = await remote.get<CheckInfo>(path);
    const checkTimeout = (check.timeout && tryParseDuration(check.timeout)) || 0;
    const result = await remote.post<CheckResult>(`${path}/run`, {
      timeoutMs: DEFAULT_REQUEST_TIMEOUT_MS + checkTimeout,
    });
    if (opts.json) printJson(result);
    else
      process.stdout.write(
        `${check.id}: ${result.status} in ${formatLatency(result.latency_ms)}` +
          (result.reason ? `: ${oneLine(result.reason)}` : '') +
          '\n',
      );
    if (result.status === 'down') throw new ExitCode(2);
  });

  for (const action of ['pause', 'resume'] as const) {
    withRemoteOptions(
      checks
        .command(action)
        .description(
          action === 'pause'
            ? 'pause a check (no runs, no alerts) until resumed; prints the new state'
            : 'resume a paused check (it starts again from unknown); prints the new state',
        )
        .argument('<id>', 'check id: SERVICE/CHECK, e.g. api/health')
        .option('--json', 'print the check as JSON'),
    ).action(async (id: string, opts: RemoteOptions & { json?: boolean }) => {
      const path = checkPath(id);
      const check = await remoteFrom(opts).post<CheckInfo>(`${path}/${action}`);
      if (opts.json) return printJson(check);
      process.stdout.write(stateLine(check));
    });
  }
}
