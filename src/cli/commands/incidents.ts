import type { Command } from 'commander';
import { AppError } from '../../errors.js';
import { expectOneOf } from '../options.js';
import { ExitCode, printError, table, printList } from '../output.js';
import { remoteFrom, withRemoteOptions, type RemoteOptions } from '../remote.js';

/** The API's incident (src/incidents/types.ts), as far as the CLI reads it. */
interface IncidentInfo {
  id: number;
  title: string;
  severity: string | null;
  service: string | null;
  status: string;
  opened_at: string;
  acknowledged_by: string | null;
  resolved_by: string | null;
  escalation: {
    policy: string | null;
    step: number;
    steps: number;
    round: number;
    next_at: string | null;
  };
  timeline?: {
    at: string;
    kind: string;
    actor: string | null;
    detail: Record<string, unknown> | null;
  }[];
}

const STATUSES = ['open', 'triggered', 'acknowledged', 'resolved'] as const;

function incidentId(text: string): number {
  const id = Number(text.replace(/^#/, ''));
  if (!Number.isSafeInteger(id) || id <= 0)
    throw new AppError(
      'bad_request',
      `incident: expected an incident number like 42, got '${text}'`,
    );
  return id;
}

export function renderIncidents(items: readonly IncidentInfo[]): string {
  return table(
    ['ID', 'STATUS', 'SEVERITY', 'SERVICE', 'OPENED', 'STEP', 'NEXT STEP', 'TITLE'],
    items.map((i) => [
      String(i.id),
      i.status,
      i.severity ?? '-',
      i.service ?? '-',
      i.opened_at,
      `${i.escalation.step}/${i.escalation.steps}`,
      i.escalation.next_at ?? '-',
      i.title,
    ]),
  );
}

function renderIncident(i: IncidentInfo): string {
  const lines = [
    `#${i.id} ${i.title}`,
    `status: ${i.status}${i.acknowledged_by && i.status === 'acknowledged' ? ` (by ${i.acknowledged_by})` : ''}${i.resolved_by ? ` (by ${i.resolved_by})` : ''}`,
    `severity: ${i.severity ?? '-'}   service: ${i.service ?? '-'}   opened: ${i.opened_at}`,
    `escalation: ${i.escalation.policy ?? '-'}, step ${i.escalation.step}/${i.escalation.steps}, round ${i.escalation.round}, next ${i.escalation.next_at ?? '-'}`,
  ];
  if (i.timeline?.length) {
    lines.push('', 'timeline:');
    for (const e of i.timeline)
      lines.push(
        `  ${e.at}  ${e.kind}${e.actor ? ` by ${e.actor}` : ''}${e.detail ? `  ${JSON.stringify(e.detail)}` : ''}`,
      );
  }
  return lines.join('\n');
}

type Verb = 'acknowledge' | 'resolve' | 'escalate';

/** `opsdeck ack 42 43`: one verb on several incidents; exits 1 if any failed. */
async function runVerb(verb: Verb, ids: string[], opts: RemoteOptions & { json?: boolean }) {
  const remote = remoteFrom(opts);
  let failed = false;
  for (const text of ids) {
    try {
      const id = incidentId(text);
      const view = await remote.post<IncidentInfo>(`/api/v1/incidents/${id}/${verb}`);
      process.stdout.write(
        opts.json ? JSON.stringify(view, null, 2) + '\n' : `#${view.id} ${view.status}\n`,
      );
    } catch (error) {
      printError(error);
      failed = true;
    }
  }
  if (failed) throw new ExitCode(1);
}

/** `opsdeck incidents …`, `opsdeck ack`, `opsdeck resolve`: incidents of a running server. */
export function registerIncidentCommands(program: Command): void {
  const incidents = program
    .command('incidents')
    .description('list, show and act on incidents of a running server');

  withRemoteOptions(
    incidents
      .command('list')
      .description('incidents, newest first (open ones unless --status says otherwise)')
      .option('--status <status>', `one of ${STATUSES.join(', ')} (default open)`)
      .option('--service <id>', 'only this service')
      .option('--limit <n>', 'at most this many', '50')
      .option('--json', 'print JSON'),
  ).action(
    async (
      opts: RemoteOptions & { status?: string; service?: string; limit: string; json?: boolean },
    ) => {
      expectOneOf('--status', opts.status, STATUSES);
      const page = await remoteFrom(opts).get<{ items: IncidentInfo[] }>('/api/v1/incidents', {
        query: { status: opts.status ?? 'open', service: opts.service, limit: opts.limit },
      });
      printList(page.items, opts.json, renderIncidents, 'no incidents');
    },
  );

  withRemoteOptions(
    incidents
      .command('show')
      .description('one incident with its timeline')
      .argument('<incident>', 'incident number')
      .option('--json', 'print JSON'),
  ).action(async (text: string, opts: RemoteOptions & { json?: boolean }) => {
    const view = await remoteFrom(opts).get<IncidentInfo>(`/api/v1/incidents/${incidentId(text)}`);
    process.stdout.write((opts.json ? JSON.stringify(view, null, 2) : renderIncident(view)) + '\n');
  });

  const verbs: [string, Verb, string][] = [
    ['ack', 'acknowledge', 'acknowledge incidents: stops their escalation'],
    ['resolve', 'resolve', 'resolve incidents: ends their paging'],
  ];
  for (const [name, verb, description] of verbs) {
    for (const parent of [program, incidents])
      withRemoteOptions(
        parent
          .command(name)
          .description(description)
          .argument('<incident...>', 'incident numbers')
          .option('--json', 'print JSON'),
      ).action((ids: string[], opts: RemoteOptions & { json?: boolean }) =>
        runVerb(verb, ids, opts),
      );
  }
  withRemoteOptions(
    incidents
      .command('escalate')
      .description('page the next escalation step now')
      .argument('<incident...>', 'incident numbers')
      .option('--json', 'print JSON'),
  ).action((ids: string[], opts: RemoteOptions & { json?: boolean }) =>
    runVerb('escalate', ids, opts),
  );

  withRemoteOptions(
    incidents
      .command('reassign')
      .description('hand an incident to someone else and page them now')
      .argument('<incident>', 'incident number')
      .requiredOption('--to <target>', 'person:<id>, schedule:<id>, team:<id> or policy:<id>'),
  ).action(async (text: string, opts: RemoteOptions & { to: string }) => {
    const view = await remoteFrom(opts).post<IncidentInfo>(
      `/api/v1/incidents/${incidentId(text)}/reassign`,
      { body: { to: opts.to } },
    );
    process.stdout.write(`#${view.id} ${view.status}, reassigned to ${opts.to}\n`);
  });

  withRemoteOptions(
    incidents
      .command('snooze')
      .description('snooze an acknowledged incident; it triggers again afterwards')
      .argument('<incident>', 'incident number')
      .requiredOption('--for <duration>', 'how long, e.g. 30m'),
  ).action(async (text: string, opts: RemoteOptions & { for: string }) => {
    const view = await remoteFrom(opts).post<
      IncidentInfo & { escalation: { snoozed_until: string | null } }
    >(`/api/v1/incidents/${incidentId(text)}/snooze`, { body: { for: opts.for } });
    process.stdout.write(`#${view.id} snoozed until ${view.escalation.snoozed_until}\n`);
  });
}
