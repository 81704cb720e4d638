/** `opsdeck incidents declare` and `edit`: what an incident is about, written by a person. */
import type { Command } from 'commander';
import { AppError } from '../../../errors.js';
import { timeOption } from '../../options.js';
import { printJson } from '../../output.js';
import { remoteFrom, withRemoteOptions } from '../../remote.js';
import { collect, incidentPath, type IncidentInfo, type JsonOptions } from './api.js';

interface DeclareOptions extends JsonOptions {
  title: string;
  severity: string;
  service?: string[];
  commander?: string;
  summary?: string;
  impact?: string;
  startedAt?: string;
  escalation?: string;
  /** False with `--no-page`. */
  page: boolean;
}

interface EditOptions extends JsonOptions {
  title?: string;
  summary?: string;
  impact?: string;
  rootCause?: string;
  resolution?: string;
  service?: string[];
  link?: string[];
  startedAt?: string;
}

/** `--service a,b --service c`: both spellings, blanks dropped (so `--service ''` means none). */
function services(values: string[]): string[] {
  return values.flatMap((v) => v.split(',').map((s) => s.trim())).filter(Boolean);
}

/** The POST /api/v1/incidents body. */
export function declareBody(opts: DeclareOptions): Record<string, unknown> {
  if (opts.escalation !== undefined && !opts.page)
    throw new AppError('bad_request', '--escalation and --no-page: give one of them');
  const body: Record<string, unknown> = { title: opts.title, severity: opts.severity };
  if (opts.service) body.services = services(opts.service);
  if (opts.commander !== undefined) body.commander = opts.commander;
  if (opts.summary !== undefined) body.summary = opts.summary;
  if (opts.impact !== undefined) body.impact = opts.impact;
  if (opts.startedAt !== undefined) body.started_at = timeOption(opts.startedAt, '--started-at');
  // Omitted, the server pages the first service's policy when the severity pages.
  if (!opts.page) body.escalation = null;
  else if (opts.escalation !== undefined) body.escalation = opts.escalation;
  return body;
}

/** `title=url`, split at the first `=` (URLs have more); an empty URL removes the link. */
function parseLink(text: string): { title: string; url: string } {
  const eq = text.indexOf('=');
  const title = eq < 0 ? '' : text.slice(0, eq).trim();
  if (!title) throw new AppError('bad_request', `--link: expected title=url, got '${text}'`);
  return { title, url: text.slice(eq + 1).trim() };
}

/** Links after `--link` edits: added, replaced by title, or removed (`title=`). */
export function mergeLinks(current: IncidentInfo['links'], edits: string[]): IncidentInfo['links'] {
  const links = [...current];
  for (const { title, url } of edits.map(parseLink)) {
    const at = links.findIndex((l) => l.title === title);
    if (at >= 0) links.splice(at, 1);
    if (url) links.splice(at >= 0 ? at : links.length, 0, { title, url });
  }
  return links;
}

const WRITE_UPS = [
  ['title', 'title'],
  ['summary', 'summary'],
  ['impact', 'impact'],
  ['rootCause', 'root_cause'],
  ['resolution', 'resolution'],
] as const;

/** The PATCH body; empty write-ups clear the field (the API's null). */
export function editBody(
  opts: EditOptions,
  links?: IncidentInfo['links'],
): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const [option, field] of WRITE_UPS) {
    const value = opts[option];
    if (value !== undefined) body[field] = value === '' && field !== 'title' ? null : value;
  }
  if (opts.service) body.services = services(opts.service);
  if (links) body.links = links;
  if (opts.startedAt !== undefined) body.started_at = timeOption(opts.startedAt, '--started-at');
  return body;
}

export function registerDeclare(incidents: Command): void {
  withRemoteOptions(
    incidents
      .command('declare')
      .description('declare an incident by hand; prints its number')
      .requiredOption('--title <text>', 'what is wrong, in a few words')
      .requiredOption('--severity <id>', 'a severity of the config, e.g. P1')
      .option('--service <id>', 'an affected service; repeat for several', collect)
      .option('--commander <person>', 'the incident commander (a person of the config)')
      .option('--summary <text>', 'what is happening (markdown)')
      .option('--impact <text>', 'who is affected and how (markdown)')
      .option('--started-at <time>', 'when the impact began (ISO 8601 or epoch ms; default now)')
      .option(
        '--escalation <policy>',
        'escalation policy to page (default: the first service’s, when the severity pages)',
      )
      .option('--no-page', 'page nobody: you are already on it')
      .option('--json', 'print the incident as JSON'),
  ).action(async (opts: DeclareOptions) => {
    const body = declareBody(opts);
    const view = await remoteFrom(opts).post<IncidentInfo>('/api/v1/incidents', { body });
    if (opts.json) printJson(view);
    else process.stdout.write(`${view.id}\n`);
  });

  withRemoteOptions(
    incidents
      .command('edit')
      .description('change an incident’s title, write-ups, services, links or start')
      .argument('<incident>', 'incident number')
      .option('--title <text>', 'new title')
      .option('--summary <text>', 'what happened (markdown; "" clears it)')
      .option('--impact <text>', 'who was affected and how (markdown; "" clears it)')
      .option('--root-cause <text>', 'why it happened (markdown; "" clears it)')
      .option('--resolution <text>', 'what fixed it (markdown; "" clears it)')
      .option(
        '--service <id>',
        'the affected services, replacing the list; repeat for several',
        collect,
      )
      .option(
        '--link <title=url>',
        'add a link, or replace the one with this title; "title=" removes it; repeat for several',
        collect,
      )
      .option('--started-at <time>', 'when the impact began (ISO 8601 or epoch ms)')
      .option('--json', 'print the incident as JSON'),
  ).action(async (text: string, opts: EditOptions) => {
    const path = incidentPath(text);
    const remote = remoteFrom(opts);
    // Links are one list in the API; read it so `--link` adds to it instead of replacing it.
    const links = opts.link
      ? mergeLinks((await remote.get<IncidentInfo>(path)).links, opts.link)
      : undefined;
    const body = editBody(opts, links);
    const fields = Object.keys(body);
    if (fields.length === 0)
      throw new AppError(
        'bad_request',
        'edit: nothing to change; give --title, --summary, --impact, --root-cause, --resolution, --service, --link or --started-at',
      );
    const view = await remote.request<IncidentInfo>('PATCH', path, { body });
    if (opts.json) printJson(view);
    else process.stdout.write(`#${view.id} edited: ${fields.join(', ')}\n`);
  });
}
