/**
 * Checks that files named by services (runbooks, and the CA/certificate/key files and working
 * folders of checks) exist next to the YAML that names them.
 */
import { stat } from 'node:fs/promises';
import { dirname, isAbsolute, join } from 'node:path';
import { isRunbookRef, isUrlRef } from '../schema/primitives.js';
import { describeOrigin } from './describe.js';
import type { ConfigIssue, Loc } from './issue.js';
import { formatPath } from './paths.js';
import { isRawMap, mapEntries, stringItems } from './raw.js';
import type { SourceNode } from './source-map.js';

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

async function isDirectory(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}

type FileRef = { path: (string | number)[]; ref: string; what: 'runbook file' | 'file' | 'folder' };

/** Every file path a service names: runbooks, check runbooks, TLS files, command folders. */
function fileRefs(id: string, service: Record<string, unknown>): FileRef[] {
  const refs: FileRef[] = [];
  for (const [i, ref] of stringItems(service.runbooks))
    refs.push({ path: ['services', id, 'runbooks', i], ref, what: 'runbook file' });
  if (!isRawMap(service.checks)) return refs;
  for (const [name, check] of Object.entries(service.checks)) {
    if (!isRawMap(check)) continue;
    const base = ['services', id, 'checks', name];
    if (typeof check.runbook === 'string')
      refs.push({ path: [...base, 'runbook'], ref: check.runbook, what: 'runbook file' });
    const tlsFiles: Array<[unknown, (string | number)[]]> = [];
    if (isRawMap(check.http) && isRawMap(check.http.tls))
      for (const key of ['ca', 'cert', 'key'])
        tlsFiles.push([check.http.tls[key], [...base, 'http', 'tls', key]]);
    if (isRawMap(check.tls)) tlsFiles.push([check.tls.ca, [...base, 'tls', 'ca']]);
    for (const [ref, path] of tlsFiles)
      if (typeof ref === 'string' && ref !== '') refs.push({ path, ref, what: 'file' });
    if (isRawMap(check.command) && typeof check.command.cwd === 'string')
      refs.push({ path: [...base, 'command', 'cwd'], ref: check.command.cwd, what: 'folder' });
  }
  return refs;
}

/** One issue per runbook path that is not a file; URLs are not fetched. */
export async function checkRunbooks(
  data: unknown,
  source: SourceNode,
  fallback: Loc,
): Promise<ConfigIssue[]> {
  const checks: Promise<ConfigIssue | undefined>[] = [];
  for (const [id, service] of mapEntries(data, 'services')) {
    for (const { path, ref, what } of fileRefs(id, service)) {
      if (what === 'runbook file' && (isUrlRef(ref) || !isRunbookRef(ref))) continue; // the schema's to report
      const loc = source.locate(path) ?? fallback;
      // Relative to the declaring file, as in markdown links, so folders can move as a unit.
      const file = isAbsolute(ref) ? ref : join(dirname(loc.file), ref);
      const exists = what === 'folder' ? isDirectory(file) : isFile(file);
      checks.push(
        exists.then((ok) => {
          if (ok) return undefined;
          const origin = source.find(path)?.origin;
          const message = origin
            ? `${what} not found (${describeOrigin(origin)})`
            : `${what} not found: ${file}`;
          return { ...loc, path: formatPath(path), message };
        }),
      );
    }
  }
  return (await Promise.all(checks)).filter((issue): issue is ConfigIssue => issue !== undefined);
}
