/** The incident API's shapes and arguments, as far as the `opsdeck incidents` commands use them. */
import type { Command } from 'commander';
import type { z } from 'zod';
import type {
  incidentDetailSchema,
  incidentSchema,
  timelineEntrySchema,
  updateSchema,
} from '../../../incidents/schemas.js';
import { AppError } from '../../../errors.js';
import { ExitCode, printError, printJson } from '../../output.js';
import { remoteFrom, withRemoteOptions, type RemoteOptions } from '../../remote.js';

/**
 * The API's shapes, from the zod schemas that define them (type-only: nothing of the server is
 * loaded by the CLI for these).
 */
export type IncidentInfo = z.infer<typeof incidentSchema>;
export type IncidentDetail = z.infer<typeof incidentDetailSchema>;
export type TimelineEntry = z.infer<typeof timelineEntrySchema>;
export type PublicUpdate = z.infer<typeof updateSchema>;

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
