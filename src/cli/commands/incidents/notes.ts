/** `opsdeck incidents note`, `pin`, `unpin` and `update`: what people write during an incident. */
import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { AppError } from '../../../errors.js';
import { UPDATE_STATUSES } from '../../../incidents/lifecycle.js';
import { expectOneOf } from '../../options.js';
import { printJson } from '../../output.js';
import { remoteFrom, withRemoteOptions } from '../../remote.js';
import { incidentCommand, incidentId, postVerb, type JsonOptions } from './api.js';

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** A file's text, or stdin's for `-`; the error names the option. */
async function readText(path: string, option: string): Promise<string> {
  if (path === '-') return readStdin();
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    throw new AppError(
      'bad_request',
      `${option}: cannot read '${path}': ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
    );
  }
}

/** The note's text: the words given, `-` for stdin, or `--file`; exactly one of them. */
export async function noteText(words: string[], file: string | undefined): Promise<string> {
  if (file !== undefined && words.length > 0)
    throw new AppError('bad_request', 'note: give the text or --file, not both');
  if (file !== undefined) return readText(file, '--file');
  if (words.length === 1 && words[0] === '-') return readStdin();
  if (words.length === 0)
    throw new AppError('bad_request', 'note: give the text, --file FILE, or - to read stdin');
  return words.join(' ');
}

function eventId(text: string): number {
  const id = Number(text);
  if (!Number.isSafeInteger(id) || id <= 0)
    throw new AppError(
      'bad_request',
      `event: expected a timeline event id like 12 (the EVENT column of \`incidents show\`), got '${text}'`,
    );
  return id;
}

export function registerNotes(incidents: Command): void {
  incidentCommand(incidents, 'note', 'add a markdown note to an incident’s timeline', (c) =>
    c
      .argument('[text...]', 'the note (- reads it from stdin)')
      .option('--file <path>', 'read the note from a file (- for stdin)')
      .option('--pin', 'pin it for the post-mortem'),
  ).action(
    async (text: string, words: string[], opts: JsonOptions & { file?: string; pin?: boolean }) => {
      incidentId(text); // a bad number fails before stdin is waited for
      const body = { body: await noteText(words, opts.file), pinned: opts.pin ?? false };
      // The API answers with the incident, not the event: `show` lists the note's EVENT id.
      await postVerb(
        text,
        'notes',
        body,
        opts,
        (i) => `#${i.id} note added${opts.pin ? ', pinned' : ''}`,
      );
    },
  );

  for (const [name, pinned] of [
    ['pin', true],
    ['unpin', false],
  ] as const)
    incidentCommand(
      incidents,
      name,
      pinned ? 'pin a timeline event for the post-mortem' : 'unpin a timeline event',
      (c) => c.argument('<event>', 'timeline event id (the EVENT column of `incidents show`)'),
    ).action((text: string, event: string, opts: JsonOptions) =>
      postVerb(
        text,
        `events/${eventId(event)}/${name}`,
        undefined,
        opts,
        (i) => `#${i.id} event ${event} ${pinned ? 'pinned' : 'unpinned'}`,
      ),
    );

  withRemoteOptions(
    incidents
      .command('update')
      .description('publish a public update (moves the incident to its status)')
      .argument('<incident>', 'incident number')
      .requiredOption('--status <status>', UPDATE_STATUSES.join(', '))
      .requiredOption('--message <text>', 'what customers read (- reads it from stdin)')
      .option('--json', 'print the update as JSON'),
  ).action(async (text: string, opts: JsonOptions & { status: string; message: string }) => {
    const id = incidentId(text);
    expectOneOf('--status', opts.status, UPDATE_STATUSES);
    const message = opts.message === '-' ? await readStdin() : opts.message;
    const update = await remoteFrom(opts).post<{ id: number; status: string }>(
      `/api/v1/incidents/${id}/updates`,
      { body: { status: opts.status, message } },
    );
    if (opts.json) printJson(update);
    else process.stdout.write(`#${id} public update ${update.id} published (${update.status})\n`);
  });
}
