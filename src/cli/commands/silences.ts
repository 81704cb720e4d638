import type { Command } from 'commander';
import { parseMatchers } from '../../alerts/matchers/parse.js';
import { formatMatcher, type Matcher } from '../../alerts/matchers/matcher.js';
import { tryParseDuration } from '../../config/duration.js';
import { AppError } from '../../errors.js';
import { expectOneOf, timeOption } from '../options.js';
import { ExitCode, printError, table, printList } from '../output.js';
import { remoteFrom, withRemoteOptions, type RemoteOptions } from '../remote.js';

/** The API's silence (src/alerts/silences/v1-routes.ts), as far as the CLI reads it. */
interface SilenceInfo {
  id: string;
  state: 'pending' | 'active' | 'expired';
  matchers: Matcher[];
  starts_at: string;
  ends_at: string;
  created_by: string;
  comment: string;
  updated_at: string;
}

const STATES = ['active', 'pending', 'expired'] as const;
const COMMENT_WIDTH = 50;

/**
 * Matcher arguments as amtool takes them: `name=value`, `name=~"re"`, several per argument
 * (`{a="b",c!="d"}`), and a bare first word meaning `alertname=<word>`.
 */
export function parseMatcherArgs(args: readonly string[]): Matcher[] {
  return args.flatMap((arg, i) => {
    if (i === 0 && /^[a-zA-Z_:][a-zA-Z0-9_:]*$/.test(arg))
      return [{ name: 'alertname', type: '=' as const, value: arg }];
    try {
      return parseMatchers(arg);
    } catch (error) {
      throw new AppError('bad_request', `matcher '${arg}': ${(error as Error).message}`);
    }
  });
}

function duration(text: string): number {
  const ms = tryParseDuration(text);
  if (ms === undefined || ms <= 0)
    throw new AppError('bad_request', `--duration: expected a duration like 2h, got '${text}'`);
  return ms;
}

interface AddOptions extends RemoteOptions {
  comment: string;
  duration?: string;
  start?: string;
  end?: string;
  author?: string;
  json?: boolean;
}

/** The POST /api/v1/silences body for `silence add`; the end is `--end` or start + duration. */
export function addBody(matchers: Matcher[], opts: AddOptions): Record<string, unknown> {
  if (opts.end !== undefined && opts.duration !== undefined)
    throw new AppError('bad_request', '--end and --duration: give one of them');
  const body: Record<string, unknown> = { matchers, comment: opts.comment };
  if (opts.author !== undefined) body.created_by = opts.author;
  if (opts.start !== undefined) body.starts_at = timeOption(opts.start, '--start');
  if (opts.end !== undefined) body.ends_at = timeOption(opts.end, '--end');
  else {
    const ms = duration(opts.duration ?? '1h');
    // Without --start the server counts from its own clock, so a skewed client does not matter.
    if (body.starts_at === undefined) body.duration = opts.duration ?? '1h';
    else body.ends_at = new Date(Date.parse(body.starts_at as string) + ms).toISOString();
  }
  return body;
}

function oneLine(text: string, width: number): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length <= width ? line : line.slice(0, width - 1) + '…';
}

/** The `silence list` table, as amtool's `silence query` prints it. */
export function renderSilences(items: readonly SilenceInfo[]): string {
  const rows = items.map((s) => [
    s.id,
    s.matchers.map(formatMatcher).join(' '),
    s.state,
    s.starts_at,
    s.ends_at,
    s.created_by,
    oneLine(s.comment, COMMENT_WIDTH),
  ]);
  return table(['ID', 'MATCHERS', 'STATE', 'STARTS AT', 'ENDS AT', 'CREATED BY', 'COMMENT'], rows);
}

/** `opsdeck silence …`: silences of a running server, through its HTTP API. */
export function registerSilenceCommands(program: Command): void {
  const silence = program
    .command('silence')
    .description('add, list and expire silences on a running server (through its HTTP API)');

  withRemoteOptions(
    silence
      .command('add')
      .description('add a silence; prints its id')
      .argument(
        '<matcher...>',
        'matchers like service=api or severity=~"P2|P3" (a bare word: alertname)',
      )
      .requiredOption('--comment <text>', 'why (required)')
      .option('--duration <duration>', 'how long from the start, e.g. 2h (default 1h)')
      .option('--start <time>', 'ISO 8601 start (default now)')
      .option('--end <time>', 'ISO 8601 end, instead of --duration')
      .option('--author <name>', 'recorded author (default: the API token name)')
      .option('--json', 'print the silence as JSON'),
  ).action(async (args: string[], opts: AddOptions) => {
    const body = addBody(parseMatcherArgs(args), opts);
    const created = await remoteFrom(opts).post<SilenceInfo>('/api/v1/silences', { body });
    if (opts.json) process.stdout.write(JSON.stringify(created, null, 2) + '\n');
    else process.stdout.write(`${created.id}\n`);
  });

  withRemoteOptions(
    silence
      .command('list')
      .description('list silences, active and pending unless --state says otherwise')
      .option('--state <state>', `only silences in this state: one of ${STATES.join(', ')}`)
      .option(
        '--filter <matcher>',
        'only silences matching this matcher (as amtool); repeat for several',
        (value: string, previous: string[] | undefined) => [...(previous ?? []), value],
      )
      .option('--json', 'print the silences as a JSON array'),
  ).action(async (opts: RemoteOptions & { state?: string; filter?: string[]; json?: boolean }) => {
    expectOneOf('--state', opts.state, STATES);
    const page = await remoteFrom(opts).get<{ items: SilenceInfo[] }>('/api/v1/silences', {
      query: { state: opts.state, filter: opts.filter },
    });
    const items = opts.state ? page.items : page.items.filter((s) => s.state !== 'expired');
    printList(items, opts.json, renderSilences, 'no silences');
  });

  withRemoteOptions(
    silence
      .command('expire')
      .description('expire silences now; exits 1 if any could not be expired')
      .argument('<id...>', 'silence ids'),
  ).action(async (ids: string[], opts: RemoteOptions) => {
    const remote = remoteFrom(opts);
    let failed = false;
    for (const id of ids) {
      try {
        await remote.post<SilenceInfo>(`/api/v1/silences/${encodeURIComponent(id)}/expire`);
        process.stdout.write(`expired ${id}\n`);
      } catch (error) {
        printError(error);
        failed = true;
      }
    }
    if (failed) throw new ExitCode(1);
  });
}
