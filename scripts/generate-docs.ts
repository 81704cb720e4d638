/**
 * `npm run docs`: regenerates everything derived from code.
 * - schema/ops.schema.json, the editor JSON Schema of ops.yaml;
 * - README.md regions between `<!-- name:start -->` and `<!-- name:end -->` markers.
 * Each README region is one entry of `README_REGIONS`.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  CONFIG_REFERENCE_REGION,
  opsJsonSchema,
  renderConfigReference,
} from '../src/config/index.js';
import { CLI_REFERENCE_REGION, renderCliReference } from '../src/cli/reference.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** The committed JSON Schema file's exact text (pretty, with a trailing newline). */
export function jsonSchemaText(): string {
  return `${JSON.stringify(opsJsonSchema(), null, 2)}\n`;
}

/** Writes schema/ops.schema.json under `root`. */
export async function writeJsonSchema(root = ROOT): Promise<string> {
  const path = join(root, 'schema', 'ops.schema.json');
  await writeFile(path, jsonSchemaText());
  return path;
}

/** README regions by marker name, each rendered from code. */
export const README_REGIONS: Record<string, () => string> = {
  [CONFIG_REFERENCE_REGION]: renderConfigReference,
  [CLI_REFERENCE_REGION]: renderCliReference,
};

/**
 * Replaces the content between `<!-- name:start -->` and `<!-- name:end -->` in `text`.
 * Returns `undefined` when the markers are missing, so callers decide how loud to be.
 */
export function replaceRegion(text: string, name: string, content: string): string | undefined {
  const start = `<!-- ${name}:start -->`;
  const end = `<!-- ${name}:end -->`;
  const from = text.indexOf(start);
  const to = text.indexOf(end, from);
  if (from === -1 || to === -1) return undefined;
  return `${text.slice(0, from + start.length)}\n\n${content.trim()}\n\n${text.slice(to)}`;
}

/** Updates every region of README.md under `root`; warns about (and skips) missing markers. */
export async function updateReadme(root = ROOT): Promise<string[]> {
  const path = join(root, 'README.md');
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    console.warn('generate-docs: README.md not found; skipping README regions');
    return [];
  }
  const updated: string[] = [];
  for (const [name, render] of Object.entries(README_REGIONS)) {
    const next = replaceRegion(text, name, render());
    if (next === undefined) {
      console.warn(`generate-docs: README.md has no <!-- ${name}:start/end --> markers; skipping`);
      continue;
    }
    text = next;
    updated.push(name);
  }
  if (updated.length > 0) await writeFile(path, text);
  return updated;
}

async function main(): Promise<void> {
  const schemaPath = await writeJsonSchema();
  console.log(`generate-docs: wrote ${schemaPath}`);
  for (const name of await updateReadme())
    console.log(`generate-docs: updated README.md region ${name}`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await main();
}
