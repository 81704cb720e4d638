import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { CLI_REFERENCE_REGION, renderCliReference } from './reference.js';

const README = fileURLToPath(new URL('../../README.md', import.meta.url));

it('documents every command with its options and environment variables', () => {
  const md = renderCliReference();
  for (const cmd of [
    'up',
    'validate',
    'schema',
    'migrate',
    'token create',
    'token list',
    'token revoke',
  ]) {
    expect(md).toContain(`\`opsdeck ${cmd} `);
  }
  expect(md).toContain('env `OPSDECK_STORAGE`, default `sqlite:./data/opsdeck.db`');
  expect(md).toContain('env `OPSDECK_LISTEN`, default `127.0.0.1:8080`');
});

it('matches the README region (run `npm run docs` after changing a command)', () => {
  const text = readFileSync(README, 'utf8');
  const start = `<!-- ${CLI_REFERENCE_REGION}:start -->`;
  const from = text.indexOf(start);
  const to = text.indexOf(`<!-- ${CLI_REFERENCE_REGION}:end -->`, from);
  expect(from, 'README.md lacks the cli-reference markers').toBeGreaterThan(-1);
  expect(
    text.slice(from + start.length, to).trim(),
    'README CLI reference is stale: run `npm run docs`',
  ).toBe(renderCliReference().trim());
});
