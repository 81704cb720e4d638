/** The incident API's shapes and arguments, as far as the `opsdeck incidents` commands use them. */
import type { Command } from 'commander';
import { AppError } from '../../../errors.js';
import { ExitCode, printError, printJson } from '../../output.js';
import { remoteFrom, withRemoteOptions, type RemoteOptions } from '../../remote.js';

/** The API's incident (src/incidents/schemas.ts `incidentSchema`), as far as the CLI reads it. */
export interface IncidentInfo {
  id: number;
  title: string;
  severity: string | null;
  service: string | null;
  services: string[];
  status: string;
  source: string;
  started_at: string;
  opened_at: string;
  acknowledged_at: string | null;
  acknowledged_by: string | null;
  mitigated_at: string | null;
  resolved_at: string | null;
  resolved_by: string | null;
  closed_at: string | null;
  closed_by: string | null;
  respond_by: string | null;
  response_breached: boolean;
  declared_by: string | null;
  summary: string | null;
  impact: string | null;
  root_cause: string | null;
  resolution: string | null;
  roles: Partial<Record<string, string>>;
  links: { title: string; url: string }[];
  escalation: {
    policy: string | null;
    step: number;
    steps: number;
    round: number;
    next_at: string | null;
    snoozed_until: string | null;
  };
}

export interface TimelineEntry {
  /** Null for page outcomes, which cannot be pinned. */
  id: number | null;
  at: string;
  kind: string;
  actor: string | null;
  detail: Record<string, unknown> | null;
  pinned: boolean;
}

export interface PublicUpdate {
  id: number;
  at: string;
  status: string;
  message: string;
  author: string;
}

/** `GET /api/v1/incidents/:id`. */
export interface IncidentDetail extends IncidentInfo {
  timeline: TimelineEntry[];
  participants: string[];
  updates: PublicUpdate[];
}

export type JsonOptions = RemoteOptions & { json?: boolean };

/** `42` or `#42`; the error names the argument, as the other usage errors do. */
export function incidentId(text: string): number {
  const id = Number(text.replace(/^#/, ''));
  if (!Number.isSafeInteger(id) || id <= 0)
    throw new AppError(
      'bad_request',
      `incident: expected an incident number like 42, got '${text}'`,
    );
  return id;
}

export const incidentPath = (text: string, verb?: string) =>
  `/api/v1/incidents/${incidentId(text)}${verb ? `/${verb}` : ''}`;

/** Commander collector for repeatable options (`--service a --service b`). */
export const collect = (value: string, previous: string[] | undefined) => [
  ...(previous ?? []),
  value,
];

/**
 * A remote command taking one incident number, its own arguments and options (`configure`),
 * then `--json` and the remote options, so help lists what is particular to it first.
 */
export function incidentCommand(
  parent: Command,
  name: string,
  description: string,
  configure: (cmd: Command) => Command = (cmd) => cmd,
): Command {
  const cmd = parent
    .command(name)
    .description(description)
    .argument('<incident>', 'incident number');
  return withRemoteOptions(configure(cmd).option('--json', 'print the incident as JSON'));
}

/** POSTs `verb` to one incident; prints JSON with `--json`, else `line(incident)`. */
export async function postVerb(
  text: string,
  verb: string,
  body: unknown,
  opts: JsonOptions,
  line: (i: IncidentInfo) => string,
): Promise<void> {
  const view = await remoteFrom(opts).post<IncidentInfo>(incidentPath(text, verb), { body });
  if (opts.json) printJson(view);
  else process.stdout.write(line(view) + '\n');
}

/**
 * `opsdeck ack 42 43`: one verb on several incidents. Every incident is tried, so one refusal
 * (someone else acknowledged first) does not leave the rest untouched; exits 1 if any failed.
 */
export async function postEach(
  ids: string[],
  verb: string,
  body: unknown,
  opts: JsonOptions,
): Promise<void> {
  let failed = false;
  for (const text of ids) {
    try {
      await postVerb(text, verb, body, opts, (i) => `#${i.id} ${i.status}`);
    } catch (error) {
      printError(error);
      failed = true;
    }
  }
  if (failed) throw new ExitCode(1);
}
