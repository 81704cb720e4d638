import type { Command } from 'commander';
import { relativeTime } from './checks.js';
import { table } from '../output.js';
import { expectOneOf } from '../options.js';
import { listAllPages, remoteFrom, withRemoteOptions, type RemoteOptions } from '../remote.js';

/** The API's alert (src/alerts/api/v1-views.ts), as far as the CLI reads it. */
interface AlertInfo {
  fingerprint: string;
  state: 'firing' | 'resolved';
  status: 'active' | 'suppressed' | 'unprocessed';
  severity: string | null;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  starts_at: string;
  ends_at: string;
  silenced_by: string[];
  inhibited_by: string[];
  muted_by: string[];
  suppressed_by: string | null;
}

const STATES = ['firing', 'active', 'suppressed', 'resolved'] as const;
const SUMMARY_WIDTH = 60;
/** Labels shown in their own columns, so the LABELS column lists the rest. */
const SHOWN = new Set(['alertname', 'service', 'severity']);

/** Why a firing alert is held back, in a few words. */
function heldBy(a: AlertInfo): string {
  if (a.silenced_by.length) return `silenced (${a.silenced_by[0]!.slice(0, 8)})`;
  if (a.inhibited_by.length) return `inhibited by ${a.inhibited_by[0]}`;
  if (a.muted_by.length) return `muted (${a.muted_by[0]})`;
  if (a.suppressed_by) return `${a.suppressed_by} is down`;
  return '';
}

export function renderAlerts(items: readonly AlertInfo[], now = Date.now()): string {
  const rows = items.map((a) => {
    const rest = Object.entries(a.labels)
      .filter(([name]) => !SHOWN.has(name))
      .map(([name, value]) => `${name}=${value}`)
      .join(' ');
    const summary = a.annotations.summary ?? '';
    return [
      a.labels.alertname ?? '',
      a.labels.service ?? '',
      a.severity ?? a.labels.severity ?? '',
      a.state === 'resolved' ? 'resolved' : a.status === 'suppressed' ? heldBy(a) : 'firing',
      relativeTime(a.starts_at, now),
      rest,
      summary.length > SUMMARY_WIDTH ? `${summary.slice(0, SUMMARY_WIDTH - 1)}…` : summary,
    ];
  });
  return table(['ALERT', 'SERVICE', 'SEVERITY', 'STATE', 'SINCE', 'LABELS', 'SUMMARY'], rows);
}

export function registerAlertCommands(program: Command): void {
  const group = program.command('alerts').description('alerts held by a running Opsdeck');
  withRemoteOptions(
    group
      .command('list')
      .description('list alerts with their state and why they are held back (all pages)')
      .option('--state <state>', `one of ${STATES.join(', ')}`, 'firing')
      .option('--service <id>', 'only alerts of this service')
      .option(
        '--filter <matcher>',
        'Alertmanager matcher, e.g. severity=~"P0|P1"; repeat for several',
        (value: string, previous: string[] | undefined) => [...(previous ?? []), value],
      )
      .option('--json', 'print the alerts as a JSON array'),
  ).action(
    async (
      opts: RemoteOptions & { state: string; service?: string; filter?: string[]; json?: boolean },
    ) => {
      expectOneOf('--state', opts.state, STATES);
      const items = await listAllPages<AlertInfo>(remoteFrom(opts), '/api/v1/alerts', {
        state: opts.state,
        service: opts.service,
        filter: opts.filter,
      });
      if (opts.json) return void process.stdout.write(JSON.stringify(items, null, 2) + '\n');
      if (items.length === 0) return void process.stdout.write(`no ${opts.state} alerts\n`);
      process.stdout.write(renderAlerts(items) + '\n');
    },
  );
}
