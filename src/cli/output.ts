import { formatIssue, type ConfigIssue } from '../config/loader/issue.js';
import { isAppError } from '../errors.js';

/** Raised by a command to exit with a status after printing its own output. */
export class ExitCode extends Error {
  constructor(readonly code: number) {
    super(`exit ${code}`);
  }
}

/**
 * Prints any error as a person should see it: one line per problem, no stack trace (set
 * OPSDECK_DEBUG=1 for one). Config errors print as `file:line:col: path: message`.
 */
export function printError(
  error: unknown,
  write: (line: string) => void = (l) => process.stderr.write(l + '\n'),
): void {
  if (isAppError(error) && error.code === 'config_invalid' && Array.isArray(error.details)) {
    for (const issue of error.details as ConfigIssue[]) write(formatIssue(issue));
    write(`opsdeck: ${error.message}`);
  } else if (isAppError(error)) {
    write(`opsdeck: ${error.message}`);
  } else {
    write(`opsdeck: unexpected error: ${(error as Error)?.message ?? String(error)}`);
  }
  if (process.env.OPSDECK_DEBUG && error instanceof Error && error.stack) write(error.stack);
}

/** Renders rows as an aligned plain-text table (for terminals; use --json for scripts). */
export function table(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  return [line(headers), ...rows.map(line)].join('\n');
}

/** Prints a list: as JSON with `--json`, else its table, else `empty` (e.g. "no silences"). */
export function printList<T>(
  items: readonly T[],
  json: boolean | undefined,
  render: (items: readonly T[]) => string,
  empty: string,
): void {
  const text = json ? JSON.stringify(items, null, 2) : items.length ? render(items) : empty;
  process.stdout.write(text + '\n');
}

/** Prints a value as indented JSON (`--json`). */
export function printJson(value: unknown): void {
  process.stdout.write(JSON.stringify(value, null, 2) + '\n');
}
