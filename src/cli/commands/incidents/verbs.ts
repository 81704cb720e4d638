/**
 * Lifecycle and paging verbs: ack, resolve, status, close, reopen, escalate, reassign, snooze,
 * severity, role. The server decides which moves are legal and says so (409 naming the allowed
 * ones, or who acknowledged first); the CLI only checks what it can name better itself.
 */
import type { Command } from 'commander';
import { INCIDENT_STATUSES } from '../../../incidents/lifecycle.js';
import { INCIDENT_ROLES } from '../../../incidents/types.js';
import { expectOneOf } from '../../options.js';
import { withRemoteOptions } from '../../remote.js';
import { incidentCommand, postEach, postVerb, type JsonOptions } from './api.js';

type ReasonOptions = JsonOptions & { reason?: string };

const reasonBody = (opts: ReasonOptions) =>
  opts.reason === undefined ? undefined : { reason: opts.reason };

/** `ack` and `resolve`, under `incidents` and, as before, at the top level. */
function registerAckResolve(program: Command, incidents: Command): void {
  for (const parent of [program, incidents]) {
    withRemoteOptions(
      parent
        .command('ack')
        .description('acknowledge incidents: stops their escalation')
        .argument('<incident...>', 'incident numbers')
        .option('--json', 'print JSON'),
    ).action((ids: string[], opts: JsonOptions) => postEach(ids, 'acknowledge', undefined, opts));
    withRemoteOptions(
      parent
        .command('resolve')
        .description('resolve incidents: ends their paging')
        .argument('<incident...>', 'incident numbers')
        .option('--reason <text>', 'why, for the timeline')
        .option('--json', 'print JSON'),
    ).action((ids: string[], opts: ReasonOptions) =>
      postEach(ids, 'resolve', reasonBody(opts), opts),
    );
  }
}

function registerPaging(incidents: Command): void {
  withRemoteOptions(
    incidents
      .command('escalate')
      .description('page the next escalation step now')
      .argument('<incident...>', 'incident numbers')
      .option('--json', 'print JSON'),
  ).action((ids: string[], opts: JsonOptions) => postEach(ids, 'escalate', undefined, opts));

  incidentCommand(
    incidents,
    'reassign',
    'hand an incident to someone else and page them now',
    (c) =>
      c.requiredOption('--to <target>', 'person:<id>, schedule:<id>, team:<id> or policy:<id>'),
  ).action((text: string, opts: JsonOptions & { to: string }) =>
    postVerb(
      text,
      'reassign',
      { to: opts.to },
      opts,
      (i) => `#${i.id} ${i.status}, reassigned to ${opts.to}`,
    ),
  );

  incidentCommand(
    incidents,
    'snooze',
    'snooze an acknowledged incident; it triggers again afterwards',
    (c) => c.requiredOption('--for <duration>', 'how long, e.g. 30m'),
  ).action((text: string, opts: JsonOptions & { for: string }) =>
    postVerb(
      text,
      'snooze',
      { for: opts.for },
      opts,
      (i) => `#${i.id} snoozed until ${i.escalation.snoozed_until}`,
    ),
  );
}

function registerLifecycle(incidents: Command): void {
  incidentCommand(incidents, 'status', 'move an incident along its lifecycle', (c) =>
    c.argument('<status>', INCIDENT_STATUSES.filter((s) => s !== 'triggered').join(', ')),
  ).action((text: string, status: string, opts: JsonOptions) => {
    // `triggered` passes, so the server can say how to page again instead.
    expectOneOf('status', status, INCIDENT_STATUSES);
    return postVerb(text, 'status', { status }, opts, (i) => `#${i.id} ${i.status}`);
  });

  incidentCommand(incidents, 'close', 'close a resolved incident').action(
    (text: string, opts: JsonOptions) =>
      postVerb(text, 'close', undefined, opts, (i) => `#${i.id} ${i.status}`),
  );

  incidentCommand(
    incidents,
    'reopen',
    'reopen a resolved or closed incident (back to investigating)',
    (c) => c.option('--reason <text>', 'why, for the timeline'),
  ).action((text: string, opts: ReasonOptions) =>
    postVerb(text, 'reopen', reasonBody(opts), opts, (i) => `#${i.id} ${i.status} (reopened)`),
  );

  incidentCommand(incidents, 'severity', 'change an incident’s severity', (c) =>
    c.argument('<severity>', 'a severity of the config, e.g. P0'),
  ).action((text: string, severity: string, opts: JsonOptions) =>
    postVerb(
      text,
      'severity',
      { severity },
      opts,
      (i) =>
        // The deadline only matters while nobody has acknowledged.
        `#${i.id} severity ${i.severity}${i.respond_by && !i.acknowledged_at ? `, respond by ${i.respond_by}` : ''}`,
    ),
  );

  incidentCommand(
    incidents,
    'role',
    'give an incident role to a person, or take it back with none',
    (c) =>
      c
        .argument('<role>', INCIDENT_ROLES.join(', '))
        .argument('<person>', 'a person of the config, or none'),
  ).action((text: string, role: string, person: string, opts: JsonOptions) => {
    expectOneOf('role', role, INCIDENT_ROLES);
    const body = { role, person: person === 'none' ? null : person };
    return postVerb(
      text,
      'roles',
      body,
      opts,
      (i) => `#${i.id} ${role}: ${i.roles[role] ?? 'none'}`,
    );
  });
}

export function registerVerbs(program: Command, incidents: Command): void {
  registerAckResolve(program, incidents);
  registerLifecycle(incidents);
  registerPaging(incidents);
}
