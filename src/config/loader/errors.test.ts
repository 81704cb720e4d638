import { describe, expect, it } from 'vitest';
import { loadErrors, loadIssues, writeTree } from '../testing.js';

/** Loads a single ops.yaml and returns its formatted errors. */
async function errorsOf(yaml: string): Promise<string[]> {
  const dir = writeTree({ 'ops.yaml': yaml });
  return loadErrors(dir);
}

describe('YAML syntax errors', () => {
  it('reports the position of the syntax error, once', async () => {
    expect(await errorsOf('services:\n  api:\n    name: API\n   tier: 1\n')).toEqual([
      'ops.yaml:4:1: All mapping items must start at the same column',
    ]);
  });

  it('reports an unclosed flow mapping where YAML notices it', async () => {
    expect(await errorsOf('people:\n  alice: { name: Alice\nteams: {}\n')).toEqual([
      'ops.yaml:3:1: Flow map in block collection must be sufficiently indented and end with a }',
    ]);
  });

  it('explains unquoted ${VAR} inside flow collections', async () => {
    const [error] = await errorsOf('channels:\n  ops: { type: slack, url: ${URL} }\n');
    expect(error).toContain('quote values that use ${VAR}');
  });

  it('reports duplicate keys in one mapping', async () => {
    expect(await errorsOf('people:\n  a: { name: A }\n  a: { name: B }\n')).toEqual([
      "ops.yaml:3:3: people.a: duplicate key 'a' (first at line 2, column 3)",
    ]);
  });

  it('reports syntax errors of every file, skipping schema checks', async () => {
    const dir = writeTree({
      'a.yaml': 'x: [\n',
      'b.yaml': 'services: { api: { nmae: 1 } }\nq: "\n',
    });
    const issues = await loadIssues(dir);
    expect(issues.map((i) => i.file.slice(dir.length + 1))).toEqual(['a.yaml', 'b.yaml']);
  });
});

describe('schema errors', () => {
  it('names unknown keys with a suggestion, in file:line:col: path: message form', async () => {
    expect(await errorsOf('people:\n  alice:\n    nmae: Alice\n')).toEqual([
      'ops.yaml:2:3: people.alice.name: missing required field',
      "ops.yaml:3:5: people.alice.nmae: unknown key 'nmae' (did you mean 'name'?)",
    ]);
  });

  it('suggests top-level sections too, and stays quiet when nothing is close', async () => {
    expect(await errorsOf('servics: {}\nzzz: 1\n')).toEqual([
      "ops.yaml:1:1: servics: unknown key 'servics' (did you mean 'services'?)",
      "ops.yaml:2:1: zzz: unknown key 'zzz'",
    ]);
  });

  it('explains wrong types with what was expected and what was found', async () => {
    const yaml = [
      'severities:',
      '  P1: { title: High, respond_within: 5, page: yes }',
      '  P2: { title: Medium, respond_within: 1h1h }',
      'server: { body_limit: lots, public_url: ftp://x }',
      'people:',
      '  bob: { name: Bob, timezone: Europe/Madird, phone: "600 11 22", email: bob }',
      'services:',
      '  api: { tier: 0, depends_on: db, labels: { port: 80 } }',
      '  "1web": {}',
      'channels:',
      '  a: { type: slak, url: "https://x.example.com" }',
      '  b: { type: opsgenie, api_key: k, region: eu-west }',
      'people_extra: []',
    ].join('\n');
    expect(await errorsOf(yaml)).toEqual([
      'ops.yaml:2:38: severities.P1.respond_within: expected a duration like 30s, 5m, 1h30m or 7d, got 5',
      "ops.yaml:2:47: severities.P1.page: expected true or false, got 'yes'",
      "ops.yaml:3:40: severities.P2.respond_within: expected a duration like 30s, 5m, 1h30m or 7d, got '1h1h'",
      "ops.yaml:4:23: server.body_limit: expected a byte size like 512KiB, 1MiB or 2MB, got 'lots'",
      "ops.yaml:4:41: server.public_url: expected an http(s) URL, got 'ftp://x'",
      "ops.yaml:6:31: people.bob.timezone: expected an IANA time zone like Europe/Madrid, got 'Europe/Madird'",
      "ops.yaml:6:53: people.bob.phone: expected a phone number in E.164 form like +34600111222, got '600 11 22'",
      "ops.yaml:6:73: people.bob.email: expected an email address, got 'bob'",
      'ops.yaml:8:16: services.api.tier: must be at least 1',
      "ops.yaml:8:31: services.api.depends_on: expected a list, got 'db'",
      'ops.yaml:8:51: services.api.labels.port: expected a string (quote numbers and booleans), got 80',
      `ops.yaml:9:3: services["1web"]: expected an id (a letter, then letters, digits, '-' or '_'), got '1web'`,
      "ops.yaml:11:14: channels.a.type: expected one of 'webhook', 'slack', 'teams', 'discord', 'email', 'pagerduty', 'opsgenie', 'ntfy', 'telegram', got 'slak' (did you mean 'slack'?)",
      "ops.yaml:12:44: channels.b.region: expected one of 'us', 'eu', got 'eu-west'",
      "ops.yaml:13:1: people_extra: unknown key 'people_extra'",
    ]);
  });

  it('reports missing required fields at the entry that lacks them', async () => {
    expect(
      await errorsOf(
        'teams:\n  sre:\n    name: SRE\nchannels:\n  x: { url: "https://a.example.com" }\n',
      ),
    ).toEqual([
      'ops.yaml:2:3: teams.sre.members: missing required field',
      'ops.yaml:5:3: channels.x.type: missing required field',
    ]);
  });

  it('never leaks zod jargon', async () => {
    const issues = await loadIssues(
      writeTree({ 'ops.yaml': 'services: []\npeople: { a: 1 }\nteams: { t: { members: [1] } }\n' }),
    );
    expect(issues.map((i) => i.message)).toEqual([
      'expected a mapping, got a list',
      'expected a mapping, got 1',
      "expected an id (a letter, then letters, digits, '-' or '_'), got 1",
    ]);
    for (const { message } of issues)
      expect(message).not.toMatch(/Invalid input|received|Zod|Unrecognized/);
  });
});
