/** Turns the `--config` argument (a file or a folder) into the list of YAML files to read. */
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { ConfigIssue } from './issue.js';

const YAML_FILE = /\.ya?ml$/i;

function fileIssue(file: string, message: string): ConfigIssue {
  return { file, line: 0, col: 0, path: '', message };
}

function reason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT') return 'no such file or folder';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  return `cannot read (${code ?? 'unknown error'})`;
}

/**
 * The YAML files of `path`: the file itself, or every `*.yaml`/`*.yml` directly inside the
 * folder, sorted by name so the merge order (and list order) is stable across machines.
 */
export async function listConfigFiles(
  path: string,
): Promise<{ files: string[] } | { issue: ConfigIssue }> {
  let info;
  try {
    info = await stat(path);
  } catch (error) {
    return { issue: fileIssue(path, reason(error)) };
  }
  if (!info.isDirectory()) return { files: [path] };
  let names: string[];
  try {
    names = await readdir(path);
  } catch (error) {
    return { issue: fileIssue(path, reason(error)) };
  }
  const candidates = names.filter((name) => YAML_FILE.test(name)).sort();
  const files: string[] = [];
  for (const name of candidates) {
    const file = join(path, name);
    // Follows symlinks (ConfigMap mounts are symlinks) but skips folders named like `x.yaml`.
    if ((await stat(file).catch(() => undefined))?.isFile()) files.push(file);
  }
  if (files.length === 0)
    return { issue: fileIssue(path, 'no .yaml or .yml files in this folder') };
  return { files };
}

export { reason as readErrorReason };
