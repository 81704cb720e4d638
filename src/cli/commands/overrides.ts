/** `opsdeck overrides add|list|remove`: schedule overrides on a running server. */
import type { Command } from 'commander';
import { table, printList } from '../output.js';
import { remoteFrom, withRemoteOptions, type RemoteOptions } from '../remote.js';
import { shortTime } from './oncall.js';
import { timeOption } from '../options.js';

/** The API's override (src/oncall/views.ts), as far as the CLI reads it. */
interface OverrideInfo {
  id: string;
  schedule: string;
  person: { id: string; name: string };
  replaces: { id: string; name: string } | null;
  start: string;
  end: string;
  reason: string | null;
  created_by: string;
}

interface AddOptions extends RemoteOptions {
  person: string;
  replaces?: string;
  from: string;
  to: string;
  reason?: string;
  json?: boolean;
}

const path = (schedule: string) => `/api/v1/schedules/${encodeURIComponent(schedule)}/overrides`;

export function renderOverrides(items: readonly OverrideInfo[]): string {
  return table(
    ['ID', 'ON CALL', 'REPLACES', 'START', 'END', 'BY', 'REASON'],
    items.map((o) => [
      o.id,
      o.person.id,
      o.replaces?.id ?? '(anyone)',
      shortTime(o.start),
      shortTime(o.end),
      o.created_by,
      o.reason ?? '',
    ]),
  );
}

export function registerOverrideCommands(program: Command): void {
  const group = program
    .command('overrides')
    .description('schedule overrides: someone else on call for a while');

  withRemoteOptions(
    group
      .command('add')
      .description('add an override; prints its id')
      .argument('<schedule>', 'schedule id')
      .requiredOption('--person <id>', 'who is on call instead')
      .option('--replaces <id>', 'cover only this person’s shifts (default: whoever is on call)')
      .requiredOption('--from <time>', 'ISO 8601 time or epoch ms')
      .requiredOption('--to <time>', 'ISO 8601 time or epoch ms')
      .option('--reason <text>', 'why, for the others')
      .option('--json', 'print the override as JSON'),
  ).action(async (schedule: string, opts: AddOptions) => {
    const body = {
      person: opts.person,
      replaces: opts.replaces ?? null,
      start: timeOption(opts.from, '--from'),
      end: timeOption(opts.to, '--to'),
      reason: opts.reason ?? null,
    };
    const created = await remoteFrom(opts).post<OverrideInfo>(path(schedule), { body });
    process.stdout.write(opts.json ? JSON.stringify(created, null, 2) + '\n' : `${created.id}\n`);
  });

  withRemoteOptions(
    group
      .command('list')
      .description('overrides of a schedule that have not ended')
      .argument('<schedule>', 'schedule id')
      .option('--json', 'print the overrides as a JSON array'),
  ).action(async (schedule: string, opts: RemoteOptions & { json?: boolean }) => {
    const page = await remoteFrom(opts).get<{ items: OverrideInfo[] }>(path(schedule));
    printList(page.items, opts.json, renderOverrides, 'no overrides');
  });

  withRemoteOptions(
    group
      .command('remove')
      .description('remove an override')
      .argument('<schedule>', 'schedule id')
      .argument('<id>', 'override id'),
  ).action(async (schedule: string, id: string, opts: RemoteOptions) => {
    await remoteFrom(opts).request('DELETE', `${path(schedule)}/${encodeURIComponent(id)}`);
    process.stdout.write(`removed ${id}\n`);
  });
}
