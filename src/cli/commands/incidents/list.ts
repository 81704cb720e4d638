/** `opsdeck incidents list`: the incident API's filters, and a table of where each one stands. */
import type { Command } from 'commander';
import { AppError } from '../../../errors.js';
import { INCIDENT_STATUSES } from '../../../incidents/lifecycle.js';
import { expectOneOf, timeOption } from '../../options.js';
import { printList, table } from '../../output.js';
import { remoteFrom, withRemoteOptions, type Query, type RemoteOptions } from '../../remote.js';
import { relativeTime } from '../checks.js';
import type { IncidentInfo } from './api.js';
import { between, minute, oneLine, span } from './format.js';

/** `open` and `all` are the CLI's words for "not resolved or closed" and "no status filter". */
const STATUS_WORDS = [...INCIDENT_STATUSES, 'open', 'all'] as const;
const SOURCES = ['alerts', 'manual'] as const;
const DEFAULT_LIMIT = 50;
/** The API's largest page. */
const PAGE_SIZE = 500;
const TITLE_WIDTH = 60;

interface ListOptions extends RemoteOptions {
  status?: string;
  severity?: string;
  service?: string;
  source?: string;
  search?: string;
  from?: string;
  to?: string;
  breached?: boolean;
  limit?: string;
  all?: boolean;
  json?: boolean;
}

function csv(text: string): string[] {
  return text
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean);
}

/** The list query; each bad value is a usage error naming its option. */
export function listQuery(opts: ListOptions): Query {
  const statuses = csv(opts.status ?? 'open');
  for (const s of statuses) expectOneOf('--status', s, STATUS_WORDS);
  expectOneOf('--source', opts.source, SOURCES);
  return {
    status: statuses.includes('all') ? undefined : statuses.join(','),
    severity: opts.severity === undefined ? undefined : csv(opts.severity).join(','),
    service: opts.service,
    source: opts.source,
    q: opts.search,
    from: opts.from === undefined ? undefined : timeOption(opts.from, '--from'),
    to: opts.to === undefined ? undefined : timeOption(opts.to, '--to'),
    breached: opts.breached ? 'true' : undefined,
  };
}

function limitOf(opts: ListOptions): number {
  if (opts.all && opts.limit !== undefined)
    throw new AppError('bad_request', '--all and --limit: give one of them');
  if (opts.all) return Infinity;
  if (opts.limit === undefined) return DEFAULT_LIMIT;
  const n = Number(opts.limit);
  if (!Number.isSafeInteger(n) || n <= 0)
    throw new AppError('bad_request', `--limit: expected a positive number, got '${opts.limit}'`);
  return n;
}

/** Time to acknowledge, or how long is left to (or how late it is). */
function ackCell(i: IncidentInfo, now: number): string {
  const took = between(i.opened_at, i.acknowledged_at);
  if (took !== undefined) return span(took) + (i.response_breached ? ' late' : '');
  if (i.resolved_at || !i.respond_by) return '-';
  const left = Date.parse(i.respond_by) - now;
  return left >= 0 ? `due in ${span(left)}` : `overdue ${span(-left)}`;
}

/** Time to resolve, or what happens next while it is open. */
function resolveCell(i: IncidentInfo, now: number): string {
  const took = between(i.opened_at, i.resolved_at);
  if (took !== undefined) return span(took);
  if (i.status === 'triggered' && i.escalation.next_at)
    return `next page ${relativeTime(i.escalation.next_at, now)}`;
  if (i.escalation.snoozed_until)
    return `snoozed, pages ${relativeTime(i.escalation.snoozed_until, now)}`;
  return '-';
}

export function renderIncidents(items: readonly IncidentInfo[], now = Date.now()): string {
  return table(
    ['ID', 'STATUS', 'SEVERITY', 'SERVICES', 'OPENED', 'ACK', 'RESOLVE', 'TITLE'],
    items.map((i) => [
      String(i.id),
      i.status,
      i.severity ?? '-',
      i.services.join(',') || '-',
      minute(i.opened_at),
      ackCell(i, now),
      resolveCell(i, now),
      oneLine(i.title, TITLE_WIDTH),
    ]),
  );
}

export function registerList(incidents: Command): void {
  withRemoteOptions(
    incidents
      .command('list')
      .description('incidents, newest first (open ones unless --status says otherwise)')
      .option(
        '--status <statuses>',
        `comma-separated: ${STATUS_WORDS.join(', ')} (default open: not resolved or closed)`,
      )
      .option('--severity <severities>', 'comma-separated severities, e.g. P0,P1')
      .option('--service <id>', 'only incidents affecting this service')
      .option('--source <source>', `how they opened: ${SOURCES.join(' or ')}`)
      .option('--search <words>', 'words of the title')
      .option('--from <time>', 'opened at or after (ISO 8601 or epoch ms)')
      .option('--to <time>', 'opened before (ISO 8601 or epoch ms)')
      .option('--breached', 'only incidents nobody acknowledged in time')
      .option('--limit <n>', `at most this many (default ${DEFAULT_LIMIT})`)
      .option('--all', 'every match, page after page')
      .option('--json', 'print the incidents as a JSON array'),
  ).action(async (opts: ListOptions) => {
    const query = listQuery(opts);
    const limit = limitOf(opts);
    const remote = remoteFrom(opts);
    const items: IncidentInfo[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: IncidentInfo[]; next_cursor: string | null } = await remote.get(
        '/api/v1/incidents',
        {
          query: {
            ...query,
            limit: Math.min(PAGE_SIZE, limit - items.length),
            cursor: cursor ?? undefined,
          },
        },
      );
      items.push(...page.items);
      // A server repeating its cursor would loop forever; stop instead.
      cursor = page.next_cursor === cursor ? null : page.next_cursor;
    } while (cursor !== null && items.length < limit);
    printList(items, opts.json, renderIncidents, 'no incidents');
    // On stderr, so the table stays what scripts parse.
    if (cursor !== null && !opts.json)
      process.stderr.write(`more incidents match: raise --limit or pass --all\n`);
  });
}
