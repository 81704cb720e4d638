/**
 * `opsdeck postmortem …` and `opsdeck actions …`: post-mortems and action items of a running
 * server, through its HTTP API (`/api/v1/incidents/:id/postmortem`, `/api/v1/action-items`).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { AppError } from '../../errors.js';
import { ExitCode, printError, printJson, printList, table } from '../output.js';
import { listAllPages, remoteFrom, withRemoteOptions, type RemoteOptions } from '../remote.js';

/** The API's post-mortem (src/incidents/postmortems/schemas.ts), as far as the CLI reads it. */
interface PostmortemInfo {
  incident: { id: number; title: string };
  status: string;
  due_at: string | null;
  overdue: boolean;
  owner: string | null;
  document: string;
}

/** The API's action item, as far as the CLI reads it. */
interface ActionItemInfo {
  id: number;
  incident: number;
  title: string;
  owner: string | null;
  due_at: string | null;
  status: 'open' | 'done';
  overdue: boolean;
}

/** `42` or `#42`, named in the error as `what`. */
function number(text: string, what: string): number {
  const id = Number(text.replace(/^#/, ''));
  if (!Number.isSafeInteger(id) || id <= 0)
    throw new AppError('bad_request', `${what}: expected a number like 42, got '${text}'`);
  return id;
}

const postmortemPath = (incident: string) =>
  `/api/v1/incidents/${number(incident, 'incident')}/postmortem`;

/** A file's text, or standard input for `-`; the error names the option. */
function readBody(path: string): string {
  try {
    return readFileSync(path === '-' ? 0 : path, 'utf8');
  } catch (error) {
    throw new AppError(
      'bad_request',
      `--body-file: cannot read '${path}': ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
    );
  }
}

function state(p: PostmortemInfo): string {
  const due =
    p.due_at && p.status !== 'published' ? `, due ${p.due_at}${p.overdue ? ' (overdue)' : ''}` : '';
  return `#${p.incident.id} post-mortem ${p.status}${due}${p.owner ? `, owner ${p.owner}` : ''}`;
}

export function renderActionItems(items: readonly ActionItemInfo[]): string {
  return table(
    ['ID', 'INCIDENT', 'STATUS', 'DUE', 'OWNER', 'TITLE'],
    items.map((a) => [
      String(a.id),
      `#${a.incident}`,
      a.overdue ? 'overdue' : a.status,
      a.due_at ?? '-',
      a.owner ?? '-',
      a.title,
    ]),
  );
}

function registerPostmortem(program: Command): void {
  const postmortem = program
    .command('postmortem')
    .description('show, edit and publish the post-mortem of an incident on a running server');

  withRemoteOptions(
    postmortem
      .command('show')
      .description('print the post-mortem document (markdown)')
      .argument('<incident>', 'incident number')
      .option('--output <file>', 'write the document to this file instead')
      .option('--json', 'print the whole post-mortem as JSON'),
  ).action(async (incident: string, opts: RemoteOptions & { output?: string; json?: boolean }) => {
    const p = await remoteFrom(opts).get<PostmortemInfo>(postmortemPath(incident));
    if (opts.output !== undefined) {
      writeFileSync(opts.output, p.document);
      process.stderr.write(`wrote ${state(p)} to ${opts.output}\n`);
    } else if (opts.json) printJson(p);
    else process.stdout.write(p.document);
  });

  withRemoteOptions(
    postmortem
      .command('edit')
      .description('save the narrative (markdown) and/or the owner')
      .argument('<incident>', 'incident number')
      .option('--body-file <file>', 'the narrative, from this file (- for standard input)')
      .option('--owner <person>', 'person reminded while it is due')
      .option('--json', 'print the post-mortem as JSON'),
  ).action(
    async (
      incident: string,
      opts: RemoteOptions & { bodyFile?: string; owner?: string; json?: boolean },
    ) => {
      if (opts.bodyFile === undefined && opts.owner === undefined)
        throw new AppError('bad_request', 'give --body-file, --owner or both');
      const path = postmortemPath(incident);
      const body = {
        ...(opts.bodyFile !== undefined ? { body: readBody(opts.bodyFile) } : {}),
        ...(opts.owner !== undefined ? { owner: opts.owner } : {}),
      };
      const p = await remoteFrom(opts).request<PostmortemInfo>('PUT', path, { body });
      if (opts.json) printJson(p);
      else process.stdout.write(`${state(p)}\n`);
    },
  );

  withRemoteOptions(
    postmortem
      .command('publish')
      .description('publish the post-mortem (stops its reminders)')
      .argument('<incident>', 'incident number')
      .option('--json', 'print the post-mortem as JSON'),
  ).action(async (incident: string, opts: RemoteOptions & { json?: boolean }) => {
    const p = await remoteFrom(opts).post<PostmortemInfo>(`${postmortemPath(incident)}/publish`);
    if (opts.json) printJson(p);
    else process.stdout.write(`${state(p)}\n`);
  });
}

interface ListOptions extends RemoteOptions {
  open?: boolean;
  done?: boolean;
  owner?: string;
  incident?: string;
  overdue?: boolean;
  json?: boolean;
}

/** `actions done 3 4`: one status on several items; exits 1 if any failed. */
async function setStatus(status: 'open' | 'done', ids: string[], opts: RemoteOptions) {
  const remote = remoteFrom(opts);
  let failed = false;
  for (const text of ids) {
    try {
      const id = number(text, 'action item');
      const item = await remote.request<ActionItemInfo>('PATCH', `/api/v1/action-items/${id}`, {
        body: { status },
      });
      process.stdout.write(`${item.id} ${item.status}: ${item.title}\n`);
    } catch (error) {
      printError(error);
      failed = true;
    }
  }
  if (failed) throw new ExitCode(1);
}

function registerActions(program: Command): void {
  const actions = program
    .command('actions')
    .description('list, add and finish the action items of incidents on a running server');

  withRemoteOptions(
    actions
      .command('list')
      .description('action items, newest first')
      .option('--open', 'only open items')
      .option('--done', 'only done items')
      .option('--owner <person>', 'only items of this person')
      .option('--incident <number>', 'only items of this incident')
      .option('--overdue', 'only open items past their due date')
      .option('--json', 'print JSON'),
  ).action(async (opts: ListOptions) => {
    if (opts.open && opts.done) throw new AppError('bad_request', '--open and --done: give one');
    const items = await listAllPages<ActionItemInfo>(remoteFrom(opts), '/api/v1/action-items', {
      status: opts.open ? 'open' : opts.done ? 'done' : undefined,
      owner: opts.owner,
      incident: opts.incident === undefined ? undefined : number(opts.incident, '--incident'),
      overdue: opts.overdue ? 'true' : undefined,
    });
    printList(items, opts.json, renderActionItems, 'no action items');
  });

  withRemoteOptions(
    actions
      .command('add')
      .description('add an action item to an incident; prints its id')
      .argument('<incident>', 'incident number')
      .argument('<title...>', 'what to do')
      .option('--owner <person>', 'who does it')
      .option('--due <date>', 'YYYY-MM-DD (end of that day, UTC) or an ISO 8601 time')
      .option('--url <url>', 'a ticket or document')
      .option('--json', 'print the item as JSON'),
  ).action(
    async (
      incident: string,
      words: string[],
      opts: RemoteOptions & { owner?: string; due?: string; url?: string; json?: boolean },
    ) => {
      const item = await remoteFrom(opts).post<ActionItemInfo>(
        `/api/v1/incidents/${number(incident, 'incident')}/action-items`,
        { body: { title: words.join(' '), owner: opts.owner, due: opts.due, url: opts.url } },
      );
      if (opts.json) printJson(item);
      else process.stdout.write(`${item.id}\n`);
    },
  );

  for (const [verb, status, what] of [
    ['done', 'done', 'mark action items done'],
    ['reopen', 'open', 'reopen action items'],
  ] as const)
    withRemoteOptions(
      actions
        .command(verb)
        .description(`${what}; exits 1 if any failed`)
        .argument('<id...>', 'action item ids'),
    ).action((ids: string[], opts: RemoteOptions) => setStatus(status, ids, opts));
}

/** `opsdeck postmortem …` and `opsdeck actions …`. */
export function registerPostmortemCommands(program: Command): void {
  registerPostmortem(program);
  registerActions(program);
}
