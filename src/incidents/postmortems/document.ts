/**
 * The post-mortem document: one markdown text assembled from the incident (facts, milestone
 * times and the durations between them), the narrative (saved body, else the generated
 * draft), the pinned timeline, the action items and the public updates. It is what the API
 * shows, renders to HTML and exports as a `.md` file. Everything people typed goes through
 * `markdown-text.ts`, so a pipe, a newline or an unclosed fence cannot bend the document. Pure.
 */
import type { UpdateView } from '../repository.js';
import type { TimelineEntry } from '../timeline.js';
import { INCIDENT_ROLES, type IncidentView } from '../types.js';
import { describeEvent } from './describe-event.js';
import {
  cell,
  closeOpenFence,
  humanDuration,
  oneLine,
  quoted,
  shortTime,
} from './markdown-text.js';
import type { ActionItemView, PostmortemState } from './views.js';

export interface DocumentInput {
  incident: IncidentView;
  /** The severity's title (`High`), when the config still has it. */
  severityTitle: string | null;
  postmortem: PostmortemState;
  /** The saved narrative, else the generated draft. */
  body: string;
  /** Pinned timeline entries, oldest first. */
  pinned: readonly TimelineEntry[];
  actionItems: readonly ActionItemView[];
  /** Public updates (any order; shown oldest first). */
  updates: readonly UpdateView[];
}

const at = (iso: string | null): number | null => (iso === null ? null : Date.parse(iso));

function tableOf(headers: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [line(headers), line(headers.map(() => '---')), ...rows.map(line)].join('\n');
}

/** An ATX heading's text: one line, and a trailing `#` run kept as text, not a closing sequence. */
function headingText(text: string): string {
  return oneLine(text).replace(/(^|\s)(#+)$/, '$1\\$2');
}

function factsTable(i: IncidentView, severityTitle: string | null, pm: PostmortemState): string {
  const rows: [string, string][] = [
    ['Incident', `#${i.id} ${i.title}`],
    ['Status', i.status],
    ['Severity', i.severity ? `${i.severity}${severityTitle ? ` (${severityTitle})` : ''}` : ''],
    ['Services', i.services.join(', ')],
  ];
  for (const role of INCIDENT_ROLES) {
    const person = i.roles[role];
    if (person) rows.push([role[0]!.toUpperCase() + role.slice(1), person]);
  }
  if (i.source === 'manual') rows.push(['Declared by', i.declared_by ?? '']);
  else
    rows.push([
      'Opened by',
      `alerts${i.escalation.policy ? ` (escalation policy ${i.escalation.policy})` : ''}`,
    ]);
  if (i.acknowledged_by) rows.push(['Acknowledged by', i.acknowledged_by]);
  if (i.resolved_by) rows.push(['Resolved by', i.resolved_by]);
  const due = at(pm.due_at);
  const state =
    pm.status === 'published'
      ? `published${pm.published_by ? ` by ${pm.published_by}` : ''}${pm.published_at ? ` on ${shortTime(Date.parse(pm.published_at))}` : ''}`
      : `${pm.status === 'not_started' ? 'not started' : 'draft'}${due !== null ? `, due ${shortTime(due)}${pm.overdue ? ' (overdue)' : ''}` : ''}`;
  rows.push(['Post-mortem', `${state}${pm.required ? '' : ' (not required)'}`]);
  if (pm.owner) rows.push(['Post-mortem owner', pm.owner]);
  return tableOf(
    ['Fact', 'Value'],
    rows.map(([name, value]) => [name, cell(value)]),
  );
}

/** Milestones in order, each with the duration from the previous one that happened. */
const MILESTONES = [
  { key: 'started_at', name: 'Impact started', noun: 'impact start' },
  { key: 'opened_at', name: 'Detected', noun: 'detection' },
  { key: 'acknowledged_at', name: 'Acknowledged', noun: 'acknowledgement' },
  { key: 'mitigated_at', name: 'Mitigated', noun: 'mitigation' },
  { key: 'resolved_at', name: 'Resolved', noun: 'resolution' },
  { key: 'closed_at', name: 'Closed', noun: 'closure' },
] as const;

function timingsTable(i: IncidentView): string {
  const rows: string[][] = [];
  let previous: { noun: string; at: number } | null = null;
  for (const m of MILESTONES) {
    const time = at(i[m.key]);
    if (time === null) {
      rows.push([m.name, '—', '']);
      continue;
    }
    let span = '';
    if (previous && m.key !== 'closed_at') {
      const d = humanDuration(time - previous.at);
      span = m.key === 'opened_at' ? `time to detect: ${d}` : `${previous.noun} → ${m.noun}: ${d}`;
    }
    rows.push([m.name, shortTime(time, true), span]);
    if (m.key !== 'closed_at') previous = { noun: m.noun, at: time };
  }
  const started = at(i.started_at);
  const resolved = at(i.resolved_at);
  const total =
    started !== null && resolved !== null
      ? `\n\nTotal duration (impact start → resolution): ${humanDuration(resolved - started)}.`
      : '';
  return `${tableOf(['Milestone', 'Time', 'Duration'], rows)}${total}`;
}

function pinnedList(pinned: readonly TimelineEntry[]): string {
  if (pinned.length === 0) return '_Nothing pinned. Pin timeline events to tell the story here._';
  return pinned
    .map((e) => {
      const when = `**${shortTime(Date.parse(e.at), true)}**`;
      const text =
        e.kind === 'note' && typeof e.detail?.body === 'string'
          ? { head: `${e.actor ?? 'someone'} noted:`, quote: e.detail.body }
          : e.kind === 'public_update' && typeof e.detail?.message === 'string'
            ? { head: describeEvent(e), quote: e.detail.message }
            : { head: describeEvent(e), quote: null };
      const head = `- ${when} — ${oneLine(text.head)}`;
      return text.quote ? `${head}\n\n${quoted(text.quote)}\n` : head;
    })
    .join('\n');
}

/** An http(s) URL that cannot end a markdown link early or break a table row. */
function safeUrl(url: string): string {
  return url.replace(/[\s()<>|\\]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function actionItemsTable(items: readonly ActionItemView[]): string {
  if (items.length === 0) return '_No action items yet._';
  return tableOf(
    ['#', 'Title', 'Owner', 'Due', 'Status'],
    items.map((a) => {
      const title = cell(a.title);
      const linked = a.url ? `[${title.replace(/[[\]]/g, '\\$&')}](${safeUrl(a.url)})` : title;
      const status =
        a.status === 'done'
          ? `done${a.done_by ? ` by ${a.done_by}` : ''}${a.done_at ? ` ${shortTime(Date.parse(a.done_at))}` : ''}`
          : a.overdue
            ? 'open (overdue)'
            : 'open';
      return [
        String(a.id),
        linked,
        cell(a.owner),
        a.due_at ? shortTime(Date.parse(a.due_at)) : '—',
        cell(status),
      ];
    }),
  );
}

function updatesList(updates: readonly UpdateView[]): string {
  if (updates.length === 0) return '_No public updates were posted._';
  return [...updates]
    .sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : a.id - b.id))
    .map(
      (u) =>
        `- **${shortTime(Date.parse(u.at), true)}** — ${cell(u.status)}, by ${oneLine(u.author)}\n\n${quoted(u.message)}\n`,
    )
    .join('\n');
}

export function postmortemDocument(input: DocumentInput): string {
  const i = input.incident;
  const tag = i.severity ? `[${i.severity}] ` : '';
  return [
    `# Post-mortem: ${headingText(`${tag}#${i.id} ${i.title}`)}`,
    factsTable(i, input.severityTitle, input.postmortem),
    '## Timings',
    timingsTable(i),
    // Leading blank lines only: spaces opening the first line may be an indented code block.
    closeOpenFence(input.body.replace(/^(\s*\n)+/, '').trimEnd()),
    '## Pinned timeline',
    pinnedList(input.pinned),
    '## Action items',
    actionItemsTable(input.actionItems),
    '## Public updates',
    updatesList(input.updates),
  ]
    .map((part) => part.trimEnd())
    .join('\n\n')
    .concat('\n');
}
