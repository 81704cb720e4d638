/**
 * Helpers for the config tests: write YAML trees to a temp folder and collect load errors as
 * the formatted lines a user would see. Kept free of vitest so it type-checks like any module.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { makeTempDir } from '../../test/support/temp-dir.js';
import { dirname, join, sep } from 'node:path';
import { isAppError } from '../errors.js';
import { formatIssue, type ConfigIssue } from './loader/issue.js';
import { loadConfig } from './loader/load.js';

/** Writes `files` (relative path → text) into a fresh temp folder and returns the folder. */
export function writeTree(files: Record<string, string>): string {
  const dir = makeTempDir('opsdeck-config-');
  for (const [name, text] of Object.entries(files)) {
    const path = join(dir, name);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
  }
  return dir;
}

/** The issues of a config that must fail to load; throws if it loads. */
export async function loadIssues(
  path: string,
  env: NodeJS.ProcessEnv = {},
): Promise<ConfigIssue[]> {
  try {
    await loadConfig(path, env);
  } catch (error) {
    if (isAppError(error) && error.code === 'config_invalid') return error.details as ConfigIssue[];
    throw error;
  }
  throw new Error(`expected ${path} to fail to load, but it loaded`);
}

/** Like `loadIssues`, formatted, with the temp folder prefix removed: `ops.yaml:3:5: path: message`. */
export async function loadErrors(
  dir: string,
  path = dir,
  env: NodeJS.ProcessEnv = {},
): Promise<string[]> {
  const issues = await loadIssues(path, env);
  return issues.map((issue) =>
    formatIssue(issue)
      .split(dir + sep)
      .join(''),
  );
}
