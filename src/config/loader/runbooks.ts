/** Checks that runbook files named by services exist next to the YAML that names them. */
import { stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { isRunbookRef, isUrlRef } from '../schema/primitives.js';
import { describeOrigin } from './describe.js';
import type { ConfigIssue, Loc } from './issue.js';
import { formatPath } from './paths.js';
import { mapEntries, stringItems } from './raw.js';
import type { SourceNode } from './source-map.js';

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

/** One issue per runbook path that is not a file; URLs are not fetched. */
export async function checkRunbooks(
  data: unknown,
  source: SourceNode,
  fallback: Loc,
): Promise<ConfigIssue[]> {
  const checks: Promise<ConfigIssue | undefined>[] = [];
  for (const [id, service] of mapEntries(data, 'services')) {
    for (const [i, ref] of stringItems(service.runbooks)) {
      if (isUrlRef(ref) || !isRunbookRef(ref)) continue; // bad ones are the schema's to report
      const path = ['services', id, 'runbooks', i];
      const loc = source.locate(path) ?? fallback;
      // Relative to the declaring file, as in markdown links, so folders can move as a unit.
      const file = join(dirname(loc.file), ref);
      checks.push(
        isFile(file).then((ok) => {
          if (ok) return undefined;
          const origin = source.find(path)?.origin;
          const message = origin
            ? `runbook file not found (${describeOrigin(origin)})`
            : `runbook file not found: ${file}`;
          return { ...loc, path: formatPath(path), message };
        }),
      );
    }
  }
  return (await Promise.all(checks)).filter((issue): issue is ConfigIssue => issue !== undefined);
}
