import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadErrors, writeTree } from '../testing.js';
import { loadConfig } from './load.js';
import { mergeFragments } from './merge.js';
import { sectionKind } from './sections.js';
import { parseYamlFile } from './yaml-file.js';

describe('loading a folder', () => {
  it('merges every *.yaml/*.yml directly inside, in name order, ignoring other files', async () => {
    const dir = writeTree({
      'b-services.yml': 'services:\n  web: { depends_on: [api] }\n',
      'a-people.yaml': 'people:\n  alice: { name: Alice }\nservices:\n  api: { owner: alice }\n',
      'notes.txt': 'services: oops',
      'nested/ignored.yaml': 'services:\n  ignored: {}\n',
    });
    const { config, files } = await loadConfig(dir, {});
    expect(files).toEqual([join(dir, 'a-people.yaml'), join(dir, 'b-services.yml')]);
    expect(Object.keys(config.services)).toEqual(['api', 'web']);
    expect(config.people.alice?.name).toBe('Alice');
  });

  it('reports an id defined in two files, naming both files and positions', async () => {
    const dir = writeTree({
      'a.yaml': 'people:\n  alice: { name: Alice }\nservices:\n  api: { owner: alice }\n',
      'b.yaml': '# more\nservices:\n  web: {}\n  api: { tier: 1 }\n',
    });
    expect(await loadErrors(dir)).toEqual([
      'b.yaml:4:3: services.api: defined twice (first at a.yaml:4:3)',
    ]);
  });

  it('reports a non-map section (server) defined in two files', async () => {
    const dir = writeTree({
      'a.yaml': 'server:\n  body_limit: 2MB\n',
      'b.yaml': 'server: { public_url: "https://ops.example.com" }\n',
    });
    expect(await loadErrors(dir)).toEqual([
      'b.yaml:1:1: server: defined twice (first at a.yaml:1:1)',
    ]);
  });

  it('points errors at the file that holds the bad value', async () => {
    const dir = writeTree({
      'a.yaml': 'people:\n  alice: { name: Alice }\n',
      'b.yaml': 'teams:\n  sre:\n    members: [alice, bob]\n    leed: alice\n',
    });
    expect(await loadErrors(dir)).toEqual([
      "b.yaml:3:22: teams.sre.members[1]: unknown person 'bob': not defined under people",
      "b.yaml:4:5: teams.sre.leed: unknown key 'leed' (did you mean 'lead'?)",
    ]);
  });

  it('treats an empty section as nothing to merge', async () => {
    const dir = writeTree({
      'a.yaml': 'people:\n# alice: { name: Alice }\n',
      'b.yaml': 'people:\n  bob: { name: Bob }\n',
    });
    expect(Object.keys((await loadConfig(dir, {})).config.people)).toEqual(['bob']);
  });
});

describe('multi-document files', () => {
  it('merges the documents of one file like separate files', async () => {
    const dir = writeTree({
      'ops.yaml':
        'people:\n  alice: { name: Alice }\n---\nservices:\n  api: { owner: alice }\n---\n# empty\n',
    });
    const { config } = await loadConfig(join(dir, 'ops.yaml'), {});
    expect(config.services.api?.owner).toBe('alice');
  });

  it('reports duplicates and errors with positions inside later documents', async () => {
    const dir = writeTree({
      'ops.yaml': 'services:\n  api: {}\n---\nservices:\n  api: {}\n  web: { tier: high }\n',
    });
    expect(await loadErrors(dir)).toEqual([
      'ops.yaml:5:3: services.api: defined twice (first at ops.yaml:2:3)',
      "ops.yaml:6:16: services.web.tier: expected an integer, got 'high'",
    ]);
  });

  it('rejects a document that is not a mapping', async () => {
    const dir = writeTree({ 'ops.yaml': 'people: {}\n---\n- just\n- a list\n' });
    expect(await loadErrors(dir)).toEqual([
      'ops.yaml:3:1: expected a mapping of sections (services, people, …) at the top of the document',
    ]);
  });
});

describe('mergeFragments', () => {
  it('derives how sections merge from the schema', () => {
    expect(['services', 'people', 'severities', 'server', 'nope'].map(sectionKind)).toEqual([
      'map',
      'map',
      'map',
      'single',
      'single',
    ]);
  });

  it('concatenates top-level lists and moves their positions along', () => {
    const a = parseYamlFile('a.yaml', 'rules:\n  - one\n  - two\n', {});
    const b = parseYamlFile('b.yaml', '\nrules:\n  - three\n', {});
    const merged = mergeFragments([...a.fragments, ...b.fragments], (section) =>
      section === 'rules' ? 'list' : 'single',
    );
    expect(merged.issues).toEqual([]);
    expect(merged.value).toEqual({ rules: ['one', 'two', 'three'] });
    expect(merged.source.locate(['rules', 2])).toEqual({ file: 'b.yaml', line: 3, col: 5 });
    expect(merged.source.locate(['rules', 1])).toEqual({ file: 'a.yaml', line: 3, col: 5 });
  });
});
