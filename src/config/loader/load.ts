/** `loadConfig`: files → YAML → interpolation → merge → schema → cross-references → frozen config. */
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { AppError } from '../../errors.js';
import type { OpsConfig } from '../schema/index.js';
import { configHash, deepFreeze } from './finalize.js';
import { listConfigFiles, readErrorReason } from './files.js';
import { sortIssues, type ConfigIssue } from './issue.js';
import { mergeFragments } from './merge.js';
import { checkReferences } from './references.js';
import { checkRunbooks } from './runbooks.js';
import { checkScheduleSemantics, scheduleWarnings } from './schedules.js';
import { validateSchema } from './schema-issues.js';
import { sectionKind } from './sections.js';
import { parseYamlFile, type Fragment } from './yaml-file.js';

/** A loaded config. */
export interface LoadedConfig {
  /** The validated config, deep-frozen. */
  config: OpsConfig;
  /** Absolute paths of the files read, in merge order (e.g. for a file watcher). */
  files: string[];
  /** sha256 (hex) of the normalized config; equal hashes mean equal configs. */
  hash: string;
  /** Folder of the YAML file declaring each service: relative paths in its checks start here. */
  serviceDirs: Record<string, string>;
  /**
   * Problems that do not stop loading (schedule gaps ahead), computed when `loadConfig` is
   * asked for them (`opsdeck validate` prints them); start and reloads skip the work.
   */
  warnings?: ConfigIssue[];
}

function fail(issues: ConfigIssue[], files: readonly string[]): never {
  const sorted = sortIssues(issues, files);
  const n = sorted.length;
  throw new AppError('config_invalid', `${n} error${n === 1 ? '' : 's'} in config`, {
    details: sorted,
  });
}

/**
 * Loads the ops config from a YAML file or a folder of YAML files, expanding `${VAR}` from `env`.
 * @throws AppError `config_invalid` with `details: ConfigIssue[]` listing every problem found.
 */
export async function loadConfig(
  path: string,
  env: NodeJS.ProcessEnv = process.env,
  options: { warnings?: boolean } = {},
): Promise<LoadedConfig> {
  const listed = await listConfigFiles(path);
  if ('issue' in listed) fail([listed.issue], [path]);
  const { files } = listed;

  const issues: ConfigIssue[] = [];
  const fragments: Fragment[] = [];
  let syntaxErrors = false;
  for (const file of files) {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      issues.push({ file, line: 0, col: 0, path: '', message: readErrorReason(error) });
      syntaxErrors = true;
      continue;
    }
    const parsed = parseYamlFile(file, text, env);
    issues.push(...parsed.issues);
    fragments.push(...parsed.fragments);
    syntaxErrors ||= parsed.syntaxErrors;
  }

  const merged = mergeFragments(fragments, sectionKind);
  issues.push(...merged.issues);
  // With broken YAML the data is partial: schema and reference errors would be noise.
  if (syntaxErrors) fail(issues, files);

  const fallback = fragments[0]?.at ?? { file: files[0] ?? path, line: 0, col: 0 };
  const schema = validateSchema(merged.value, merged.source, fallback);
  const stages = [
    schema.issues,
    checkReferences(merged.value, merged.source, fallback),
    await checkRunbooks(merged.value, merged.source, fallback),
    schema.config ? checkScheduleSemantics(schema.config, merged.source, fallback) : [],
  ];
  // One error per value: a value whose ${VAR} failed to expand, or that has the wrong type,
  // is not also reported by the later stages.
  const reported = new Set(issues.map((issue) => issue.path).filter(Boolean));
  for (const stage of stages) {
    const fresh = stage.filter((issue) => !reported.has(issue.path));
    for (const issue of fresh) reported.add(issue.path);
    issues.push(...fresh);
  }

  if (issues.length > 0 || schema.config === undefined) fail(issues, files);
  const serviceDirs: Record<string, string> = {};
  for (const id of Object.keys(schema.config.services))
    serviceDirs[id] = resolve(
      dirname(merged.source.locate(['services', id])?.file ?? fallback.file),
    );
  return {
    config: deepFreeze(schema.config),
    files: files.map((file) => resolve(file)),
    hash: configHash(schema.config),
    serviceDirs,
    // Gaps need every schedule's shifts over `gap_horizon`: only `opsdeck validate` asks.
    ...(options.warnings
      ? { warnings: scheduleWarnings(schema.config, merged.source, fallback, Date.now()) }
      : {}),
  };
}
