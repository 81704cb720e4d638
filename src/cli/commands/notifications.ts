/**
 * `opsdeck notifications list|show` (the delivery log) and `opsdeck notify test <channel>`,
 * against a running Opsdeck's API.
 */
import type { Command } from 'commander';
import { AppError } from '../../errors.js';
import { expectOneOf } from '../options.js';
import { ExitCode, table, printJson, printList } from '../output.js';
import {
  DEFAULT_REQUEST_TIMEOUT_MS,
  remoteFrom,
  withRemoteOptions,
  type RemoteOptions,
} from '../remote.js';
import { relativeTime } from './checks.js';

/** The API's notification (src/notify/views.ts), as far as the CLI reads it. */
export interface NotificationInfo {
  id: string;
  channel: string;
  event: string;
  incident_id: number | null;
  person: string | null;
  title: string;
  status: string;
  attempts: number;
  fallback: string[];
  created_at: string;
  next_attempt_at: string | null;
  delivered_at: string | null;
  last_status: number | null;
  last_detail: string | null;
}

interface AttemptInfo {
  attempt: number;
  at: string;
  duration_ms: number;
  outcome: string;
  status_code: number | null;
  detail: string | null;
}

export interface NotificationDetail extends NotificationInfo {
  text: string;
  attempt_log: AttemptInfo[];
}

const STATUSES = ['pending', 'sending', 'delivered', 'failed', 'cancelled'] as const;
const PAGE_MAX = 500;
/** The test route waits up to 30 s for the outcome; the request gets that on top. */
const TEST_TIMEOUT_MS = DEFAULT_REQUEST_TIMEOUT_MS + 30_000;

const oneLine = (text: string) => text.replace(/\s+/g, ' ').trim();
const cut = (text: string, width: number) =>
  text.length <= width ? text : `${text.slice(0, width - 1)}…`;

/** What the receiver last said (channels' details include the status), or `-`. */
function lastAnswer(n: { last_status: number | null; last_detail: string | null }): string {
  return oneLine(n.last_detail ?? '') || (n.last_status === null ? '-' : String(n.last_status));
}

export function renderNotifications(items: readonly NotificationInfo[], now = Date.now()): string {
  const rows = items.map((n) => [
    n.id.slice(0, 8),
    relativeTime(n.created_at, now),
    n.channel,
    n.event,
    n.status === 'pending' && n.next_attempt_at
      ? `pending (${relativeTime(n.next_attempt_at, now)})`
      : n.status,
    String(n.attempts),
    [n.person, n.incident_id === null ? '' : `#${n.incident_id}`].filter(Boolean).join(' ') || '-',
    cut(oneLine(n.title), 50),
    cut(lastAnswer(n), 50),
  ]);
  return table(
    ['ID', 'CREATED', 'CHANNEL', 'EVENT', 'STATUS', 'ATTEMPTS', 'FOR', 'TITLE', 'LAST ANSWER'],
    rows,
  );
}

export function renderAttempts(attempts: readonly AttemptInfo[]): string {
  if (attempts.length === 0) return 'no attempts';
  return table(
    ['#', 'AT', 'DURATION', 'OUTCOME', 'STATUS', 'DETAIL'],
    attempts.map((a) => [
      String(a.attempt),
      a.at,
      `${a.duration_ms} ms`,
      a.outcome,
      a.status_code === null ? '-' : String(a.status_code),
      cut(oneLine(a.detail ?? ''), 80) || '-',
    ]),
  );
}

export function renderNotification(n: NotificationDetail): string {
  const rows: Array<[string, string]> = [
    ['ID', n.id],
    ['Channel', n.channel],
    ['Event', n.event],
    ['Title', n.title],
    ['Status', n.status],
    [
      'For',
      [n.person, n.incident_id === null ? null : `incident #${n.incident_id}`]
        .filter(Boolean)
        .join(', ') || '-',
    ],
    ['Created', n.created_at],
  ];
  if (n.next_attempt_at) rows.push(['Next attempt', n.next_attempt_at]);
  if (n.delivered_at) rows.push(['Delivered', n.delivered_at]);
  if (n.fallback.length) rows.push(['Fallback', n.fallback.join(' → ')]);
  rows.push(['Last answer', lastAnswer(n)]);
  const width = Math.max(...rows.map(([k]) => k.length));
  const head = rows.map(([k, v]) => `${`${k}:`.padEnd(width + 2)}${v}`).join('\n');
  return `${head}\n\n${renderAttempts(n.attempt_log)}\n`;
}

function positiveInt(option: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1)
    throw new AppError(
      'bad_request',
      `${option}: expected a positive whole number, got '${value}'`,
    );
  return n;
}

export function registerNotificationCommands(program: Command): void {
  const group = program
    .command('notifications')
    .description('the delivery log of a running Opsdeck');
  withRemoteOptions(
    group
      .command('list')
      .description('list notifications, newest first, with their status and last answer')
      .option('--channel <id>', 'only notifications to this channel')
      .option('--status <status>', `one of ${STATUSES.join(', ')}`)
      .option('--incident <id>', 'only notifications of this incident')
      .option('--limit <n>', 'at most this many (newest first)', '50')
      .option('--json', 'print the notifications as a JSON array'),
  ).action(
    async (
      opts: RemoteOptions & {
        channel?: string;
        status?: string;
        incident?: string;
        limit: string;
        json?: boolean;
      },
    ) => {
      expectOneOf('--status', opts.status, STATUSES);
      const incident = positiveInt('--incident', opts.incident);
      const limit = positiveInt('--limit', opts.limit)!;
      const remote = remoteFrom(opts);
      const items: NotificationInfo[] = [];
      let cursor: string | undefined;
      do {
        const page = await remote.get<{ items: NotificationInfo[]; next_cursor: string | null }>(
          '/api/v1/notifications',
          {
            query: {
              channel: opts.channel,
              status: opts.status,
              incident,
              cursor,
              limit: Math.min(PAGE_MAX, limit - items.length),
            },
          },
        );
        items.push(...page.items);
        cursor = page.next_cursor ?? undefined;
      } while (cursor && items.length < limit);
      printList(items, opts.json, (list) => renderNotifications(list), 'no notifications');
    },
  );

  withRemoteOptions(
    group
      .command('show')
      .description('show one notification with every attempt')
      .argument('<id>', 'notification id')
      .option('--json', 'print the notification as JSON'),
  ).action(async (id: string, opts: RemoteOptions & { json?: boolean }) => {
    const n = await remoteFrom(opts).get<NotificationDetail>(
      `/api/v1/notifications/${encodeURIComponent(id)}`,
    );
    if (opts.json) return printJson(n);
    process.stdout.write(renderNotification(n));
  });

  const notify = program.command('notify').description('send notifications by hand');
  withRemoteOptions(
    notify
      .command('test')
      .description(
        'send a test notification through a channel and wait for the outcome; exits 0 when delivered, 2 when failed or still pending',
      )
      .argument('<channel>', 'channel id')
      .option('--json', 'print the notification as JSON'),
  ).action(async (channel: string, opts: RemoteOptions & { json?: boolean }) => {
    const n = await remoteFrom(opts).post<NotificationDetail>(
      `/api/v1/channels/${encodeURIComponent(channel)}/test`,
      { timeoutMs: TEST_TIMEOUT_MS },
    );
    if (opts.json) printJson(n);
    else {
      const tries = `${n.attempts} attempt${n.attempts === 1 ? '' : 's'}`;
      const why = n.status === 'delivered' ? '' : `: ${lastAnswer(n)}`;
      process.stdout.write(
        `${channel}: ${n.status} after ${tries}${why}\n\n${renderAttempts(n.attempt_log)}\n`,
      );
    }
    if (n.status !== 'delivered') throw new ExitCode(2);
  });
}
