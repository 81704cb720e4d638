/** The shape of one config error and how it prints. */

/** A position in a config file; `line` and `col` are 1-based, 0 when there is no position. */
export interface Loc {
  file: string;
  line: number;
  col: number;
}

/**
 * One config error. `path` is the field at fault, like `services.api.depends_on[0]`, or `''`
 * for file-level errors (unreadable file, YAML syntax). `message` is safe to print: values
 * that came from the environment are never included.
 */
export interface ConfigIssue extends Loc {
  path: string;
  message: string;
}

/** Formats an issue the way compilers do: `file:line:col: path.to.field: message`. */
export function formatIssue(issue: ConfigIssue): string {
  const where = issue.line > 0 ? `${issue.file}:${issue.line}:${issue.col}` : issue.file;
  return issue.path ? `${where}: ${issue.path}: ${issue.message}` : `${where}: ${issue.message}`;
}

/** Orders issues by file (in load order), then line and column, like a compiler would. */
export function sortIssues(issues: ConfigIssue[], files: readonly string[]): ConfigIssue[] {
  const rank = (file: string) => {
    const index = files.indexOf(file);
    return index === -1 ? files.length : index;
  };
  return [...issues].sort(
    (a, b) => rank(a.file) - rank(b.file) || a.line - b.line || a.col - b.col,
  );
}
