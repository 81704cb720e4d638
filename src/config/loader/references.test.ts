import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadErrors, loadIssues, writeTree } from '../testing.js';
import { loadConfig } from './load.js';

const PEOPLE = 'people:\n  alice: { name: Alice }\n  bob: { name: Bob }\n';

async function errorsOf(yaml: string, extra: Record<string, string> = {}): Promise<string[]> {
  return loadErrors(writeTree({ 'ops.yaml': yaml, ...extra }));
}

describe('cross-references', () => {
  it('checks team members and leads against people', async () => {
    expect(
      await errorsOf(`${PEOPLE}teams:\n  sre: { members: [alice, bobb], lead: carol }\n`),
    ).toEqual([
      "ops.yaml:5:27: teams.sre.members[1]: unknown person 'bobb': not defined under people (did you mean 'bob'?)",
      "ops.yaml:5:40: teams.sre.lead: unknown person 'carol': not defined under people",
    ]);
  });

  it('checks service owners and teams', async () => {
    const yaml = `${PEOPLE}teams:\n  sre: { members: [alice] }\nservices:\n  api: { owner: alicia, team: sr }\n`;
    expect(await errorsOf(yaml)).toEqual([
      "ops.yaml:7:17: services.api.owner: unknown person 'alicia': not defined under people (did you mean 'alice'?)",
      "ops.yaml:7:31: services.api.team: unknown team 'sr': not defined under teams (did you mean 'sre'?)",
    ]);
  });

  it('checks dependencies: unknown ids and self-dependencies', async () => {
    const yaml = 'services:\n  api: { depends_on: [postgress, api] }\n  postgres: {}\n';
    expect(await errorsOf(yaml)).toEqual([
      "ops.yaml:2:23: services.api.depends_on[0]: unknown service 'postgress': not defined under services (did you mean 'postgres'?)",
      "ops.yaml:2:34: services.api.depends_on[1]: service 'api' cannot depend on itself",
    ]);
  });

  it('reports each dependency cycle once, naming it, at the edge that closes it', async () => {
    const yaml = [
      'services:',
      '  web: { depends_on: [api] }',
      '  api: { depends_on: [worker, db] }',
      '  worker: { depends_on: [web] }',
      '  db: {}',
      '  a: { depends_on: [b] }',
      '  b: { depends_on: [a] }',
    ].join('\n');
    expect(await errorsOf(yaml)).toEqual([
      'ops.yaml:4:26: services.worker.depends_on[0]: dependency cycle: web → api → worker → web',
      'ops.yaml:7:21: services.b.depends_on[0]: dependency cycle: a → b → a',
    ]);
  });

  it('checks integration services and rejects duplicate keys without printing them', async () => {
    const yaml = [
      'services:',
      '  api: {}',
      'integrations:',
      '  am: { type: alertmanager, key: same-secret-key-0001, service: apii }',
      '  pd: { type: pagerduty, key: same-secret-key-0001 }',
    ].join('\n');
    const errors = await errorsOf(yaml);
    expect(errors).toEqual([
      "ops.yaml:4:65: integrations.am.service: unknown service 'apii': not defined under services (did you mean 'api'?)",
      'ops.yaml:5:31: integrations.pd.key: same key as integrations.am (ops.yaml:4:34); integration keys must be unique',
    ]);
    expect(errors.join('\n')).not.toContain('same-secret-key');
  });

  it('lets routes notify every channel kind, but not an email or telegram channel without an address', async () => {
    const yaml = [
      'channels:',
      '  hook: { type: webhook, url: "http://127.0.0.1:9/h" }',
      '  chat: { type: slack, url: "https://hooks.slack.com/services/T/B/C" }',
      '  mail: { type: email, host: 127.0.0.1, from: ops@x.io }',
      '  list: { type: email, host: 127.0.0.1, from: ops@x.io, to: [oncall@x.io] }',
      '  tg: { type: telegram, bot_token: "1:x" }',
      '  group: { type: telegram, bot_token: "1:x", chat_id: -100123 }',
      'routes:',
      '  notify: [hook, chat, list, group]',
      '  routes:',
      '    - { matchers: [a=b], notify: [mail, tg] }',
    ].join('\n');
    expect(await errorsOf(yaml)).toEqual([
      "ops.yaml:11:35: routes.routes[0].notify[0]: channel 'mail' (email) has no `to`; routes send alert groups to no person, so set channels.mail.to (people are reached at their own `email` through escalation)",
      "ops.yaml:11:41: routes.routes[0].notify[1]: channel 'tg' (telegram) has no `chat_id`; routes send alert groups to no person, so set channels.tg.chat_id (people are reached at their own `telegram_chat_id` through escalation)",
    ]);
  });

  it('reports reference errors together with schema errors', async () => {
    const yaml = `${PEOPLE}services:\n  api: { tier: high }\n  web: { owner: eve }\n`;
    expect(await errorsOf(yaml)).toEqual([
      "ops.yaml:5:16: services.api.tier: expected an integer, got 'high'",
      "ops.yaml:6:17: services.web.owner: unknown person 'eve': not defined under people",
    ]);
  });
});

describe('runbooks', () => {
  it('resolves relative paths against the declaring file, and does not fetch URLs', async () => {
    const dir = writeTree({
      'conf/ops.yaml':
        'services:\n  api:\n    runbooks: [runbooks/api.md, "https://wiki.example.com/api"]\n',
      'conf/runbooks/api.md': '# API down\n',
    });
    const { config } = await loadConfig(join(dir, 'conf'), {});
    expect(config.services.api?.runbooks).toEqual([
      'runbooks/api.md',
      'https://wiki.example.com/api',
    ]);
  });

  it('reports missing runbook files with the path it looked for', async () => {
    const dir = writeTree({
      'ops.yaml': 'services:\n  api:\n    runbooks:\n      - runbooks/api.md\n      - runbooks\n',
      'runbooks/other.md': '',
    });
    expect(await loadErrors(dir)).toEqual([
      'ops.yaml:4:9: services.api.runbooks[0]: runbook file not found: runbooks/api.md',
      'ops.yaml:5:9: services.api.runbooks[1]: runbook file not found: runbooks',
    ]);
  });

  it('rejects absolute paths and non-http URLs once, as schema errors', async () => {
    const issues = await loadIssues(
      writeTree({ 'ops.yaml': 'services:\n  api: { runbooks: [/etc/runbook.md, "ftp://x/y"] }\n' }),
    );
    expect(issues.map((i) => `${i.path}: ${i.message}`)).toEqual([
      "services.api.runbooks[0]: expected a relative file path or an http(s) URL, got '/etc/runbook.md'",
      "services.api.runbooks[1]: expected a relative file path or an http(s) URL, got 'ftp://x/y'",
    ]);
  });
});
