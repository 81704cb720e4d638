/** `opsdeck incidents show`: one incident as a page a responder reads top to bottom. */
import type { Command } from 'commander';
import { INCIDENT_ROLES } from '../../../incidents/types.js';
import { printJson, table } from '../../output.js';
import { remoteFrom, withRemoteOptions } from '../../remote.js';
import { incidentPath, type IncidentDetail, type IncidentInfo, type JsonOptions } from './api.js';
import { between, indent, instant, offset, span } from './format.js';
import { describeEntry, noteBody } from './timeline.js';

/** Aligned `label: value` lines. */
function fields(rows: [string, string][]): string[] {
  const width = Math.max(...rows.map(([label]) => label.length)) + 2;
  return rows.map(([label, value]) => `${label}:`.padEnd(width) + value);
}

function statusLine(i: IncidentInfo): string {
  if (i.status === 'closed') return `closed${i.closed_by ? ` by ${i.closed_by}` : ''}`;
  if (i.status === 'resolved') return `resolved${i.resolved_by ? ` by ${i.resolved_by}` : ''}`;
  if (i.status !== 'triggered' && i.acknowledged_by)
    return `${i.status}, acknowledged by ${i.acknowledged_by}`;
  return i.status;
}

/** The deadline and how it went: met, breached, or how long is left. */
export function responseLine(i: IncidentInfo, now = Date.now()): string {
  if (!i.respond_by) return '-';
  const at = instant(i.respond_by);
  const acked = between(i.opened_at, i.acknowledged_at);
  if (i.response_breached)
    return `${at} (BREACHED: ${acked === undefined ? 'no acknowledgement in time' : `acknowledged after ${span(acked)}`})`;
  if (i.acknowledged_at || i.resolved_at) return `${at} (met)`;
  // The server's clock decided `response_breached`; ours may be a little off, so no "due in -3s".
  const left = Date.parse(i.respond_by) - now;
  return `${at} (${left >= 0 ? `due in ${span(left)}` : `overdue ${span(-left)}`})`;
}

function escalationLine(i: IncidentInfo): string {
  const e = i.escalation;
  if (!e.policy && e.steps === 0) return 'none';
  return (
    `${e.policy ?? 'reassigned'}, step ${e.step}/${e.steps}, round ${e.round}, next ${instant(e.next_at)}` +
    (e.snoozed_until ? `, snoozed until ${instant(e.snoozed_until)}` : '')
  );
}

/** Milestones with their distance from detection (`opened_at`), the response metrics' zero. */
function milestones(i: IncidentInfo): string[] {
  const rows: [string, string | null, string | null][] = [
    ['impact started', i.started_at, null],
    ['detected', i.opened_at, i.declared_by ?? (i.source === 'alerts' ? 'alerts' : null)],
    ['acknowledged', i.acknowledged_at, i.acknowledged_by],
    ['mitigated', i.mitigated_at, null],
    ['resolved', i.resolved_at, i.resolved_by],
    ['closed', i.closed_at, i.closed_by],
  ];
  return table(
    ['MILESTONE', 'AT', 'FROM DETECTION', 'BY'],
    rows.map(([name, at, who]) => [
      name,
      instant(at),
      at ? offset(i.opened_at, at) || '0s' : '',
      who ?? '',
    ]),
  )
    .split('\n')
    .map((l) => `  ${l}`);
}

function writeUps(i: IncidentInfo): string[] {
  const out: string[] = [];
  const sections: [string, string | null][] = [
    ['summary', i.summary],
    ['impact', i.impact],
    ['root cause', i.root_cause],
    ['resolution', i.resolution],
  ];
  for (const [name, text] of sections) if (text) out.push('', `${name}:`, ...indent(text, '  '));
  if (i.links.length)
    out.push(
      '',
      'links:',
      ...table(
        ['TITLE', 'URL'],
        i.links.map((l) => [l.title, l.url]),
      )
        .split('\n')
        .slice(1)
        .map((l) => `  ${l}`),
    );
  return out;
}

/** The timeline as a table, each note's markdown under its row. */
function timeline(i: IncidentDetail): string[] {
  const rows = i.timeline.map((e) => [
    instant(e.at),
    offset(i.opened_at, e.at) || '0s',
    e.id === null ? '-' : String(e.id),
    describeEntry(e) + (e.pinned ? '  [pinned]' : ''),
  ]);
  const lines = table(['AT', 'SINCE', 'EVENT', 'WHAT'], rows).split('\n');
  const column = lines[0]!.indexOf('WHAT');
  const out = [`  ${lines[0]}`];
  i.timeline.forEach((e, n) => {
    out.push(`  ${lines[n + 1]}`);
    const body = noteBody(e);
    if (body) out.push(...indent(body, ' '.repeat(column + 4)));
  });
  return out;
}

export function renderIncidentPage(i: IncidentDetail, now = Date.now()): string {
  const roles = INCIDENT_ROLES.map((r) => `${r} ${i.roles[r] ?? '-'}`).join(', ');
  const lines = [
    `#${i.id} ${i.title}`,
    ...fields([
      ['status', statusLine(i)],
      ['severity', i.severity ?? '-'],
      ['services', i.services.join(', ') || '-'],
      ['source', i.declared_by ? `${i.source}, declared by ${i.declared_by}` : i.source],
      ['roles', roles],
      ['respond by', responseLine(i, now)],
      ['escalation', escalationLine(i)],
      ['participants', i.participants.join(', ') || '-'],
    ]),
    '',
    'milestones:',
    ...milestones(i),
    ...writeUps(i),
  ];
  if (i.updates.length) {
    lines.push('', 'public updates (newest first):');
    for (const u of i.updates)
      lines.push(`  ${instant(u.at)}  ${u.status} by ${u.author}`, ...indent(u.message, '    '));
  }
  if (i.timeline.length)
    lines.push(
      '',
      `timeline (pin an EVENT with \`opsdeck incidents pin ${i.id} EVENT\`):`,
      ...timeline(i),
    );
  return lines.join('\n');
}

export function registerShow(incidents: Command): void {
  withRemoteOptions(
    incidents
      .command('show')
      .description(
        'one incident: status, roles, milestones, response deadline, write-ups, public updates and timeline',
      )
      .argument('<incident>', 'incident number')
      .option('--json', 'print the incident with its timeline as JSON'),
  ).action(async (text: string, opts: JsonOptions) => {
    const view = await remoteFrom(opts).get<IncidentDetail>(incidentPath(text));
    if (opts.json) printJson(view);
    else process.stdout.write(renderIncidentPage(view) + '\n');
  });
}
