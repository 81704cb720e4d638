import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as prettier from 'prettier';
import { describe, expect, it } from 'vitest';
import { CONFIG_REFERENCE_REGION, renderConfigReference } from './reference.js';
import { CHANNEL_KINDS } from './schema/index.js';

const README = fileURLToPath(new URL('../../README.md', import.meta.url));
const START = `<!-- ${CONFIG_REFERENCE_REGION}:start -->`;
const END = `<!-- ${CONFIG_REFERENCE_REGION}:end -->`;

function readmeRegion(): string | undefined {
  if (!existsSync(README)) return undefined;
  const text = readFileSync(README, 'utf8');
  const from = text.indexOf(START);
  const to = text.indexOf(END, from);
  return from === -1 || to === -1 ? undefined : text.slice(from + START.length, to).trim();
}

describe('renderConfigReference', () => {
  const markdown = renderConfigReference();

  it('has a section per top-level key and a table per object', () => {
    for (const key of [
      'server',
      'severities',
      'people',
      'teams',
      'services',
      'channels',
      'integrations',
    ]) {
      expect(markdown).toContain(`### \`${key}\``);
    }
    expect(markdown).toContain('| Key ');
    expect(markdown).toMatch(
      /\| `depends_on` +\| list of service id +\| `\[\]` +\| no +\| Ids of services/,
    );
    expect(markdown).toMatch(/\| `respond_within` +\| duration +\| +\| yes +\|/);
  });

  it('lists every channel kind with its own table', () => {
    for (const kind of CHANNEL_KINDS)
      expect(markdown).toContain(`#### \`channels.<id> (type: ${kind})\``);
  });

  it('is already formatted the way prettier formats markdown', async () => {
    const options = (await prettier.resolveConfig(README)) ?? {};
    expect(await prettier.format(markdown, { ...options, parser: 'markdown' })).toBe(markdown);
  });

  it.skipIf(readmeRegion() === undefined)(
    'matches the README.md region (run `npm run docs`)',
    () => {
      expect(readmeRegion(), 'README.md config reference is out of date: run `npm run docs`').toBe(
        markdown.trim(),
      );
    },
  );
});
