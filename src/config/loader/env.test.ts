import { describe, expect, it } from 'vitest';
import { loadErrors, loadIssues, writeTree } from '../testing.js';
import { loadConfig } from './load.js';

describe('${VAR} interpolation', () => {
  it('uses the environment, then the default', async () => {
    const dir = writeTree({
      'ops.yaml': [
        'server:',
        '  public_url: ${PUBLIC_URL:-http://localhost:8080}',
        'channels:',
        '  ops: { type: slack, url: "${SLACK_URL:-https://hooks.example.com/x}" }',
      ].join('\n'),
    });
    const withDefaults = await loadConfig(dir, {});
    expect(withDefaults.config.server.public_url).toBe('http://localhost:8080');
    const fromEnv = await loadConfig(dir, {
      PUBLIC_URL: 'https://ops.example.com',
      SLACK_URL: 'https://hooks.slack.com/a',
    });
    expect(fromEnv.config.server.public_url).toBe('https://ops.example.com');
    expect(fromEnv.config.channels.ops).toMatchObject({
      type: 'slack',
      url: 'https://hooks.slack.com/a',
    });
  });

  it('re-types unquoted whole references as YAML would, and keeps quoted ones strings', async () => {
    const dir = writeTree({
      'ops.yaml': [
        'server:',
        '  body_limit: ${LIMIT}',
        'severities:',
        '  P1:',
        '    title: High',
        '    respond_within: 15m',
        '    page: ${PAGE:-true}',
        'services:',
        '  api:',
        '    tier: ${TIER}',
        '    description: "${TIER}"',
        "    labels: { port: '${PORT}' }",
      ].join('\n'),
    });
    const { config } = await loadConfig(dir, { LIMIT: '2048', TIER: '2', PORT: '8080' });
    expect(config.server.body_limit).toBe(2048);
    expect(config.severities.P1?.page).toBe(true);
    expect(config.services.api).toMatchObject({
      tier: 2,
      description: '2',
      labels: { port: '8080' },
    });
  });

  it('does not re-type references inside a longer text', async () => {
    const dir = writeTree({
      'ops.yaml': 'services:\n  api:\n    description: v${N}\n    labels:\n      n: n-${N}\n',
    });
    const { config } = await loadConfig(dir, { N: '1' });
    expect(config.services.api).toMatchObject({ description: 'v1', labels: { n: 'n-1' } });
  });

  it('reports a quoted reference where a boolean is needed, naming the variable', async () => {
    const dir = writeTree({
      'ops.yaml':
        'severities:\n  P1: { title: High, respond_within: 15m, page: "${PAGE:-true}" }\n',
    });
    expect(await loadErrors(dir)).toEqual([
      'ops.yaml:2:49: severities.P1.page: expected true or false, got the value from ${PAGE}',
    ]);
  });

  it('reports a missing variable at the position of its scalar', async () => {
    const dir = writeTree({
      'ops.yaml': 'channels:\n  ops:\n    type: slack\n    url: ${SLACK_URL}\n',
    });
    expect(await loadErrors(dir)).toEqual([
      'ops.yaml:4:10: channels.ops.url: environment variable ${SLACK_URL} is not set (write ${SLACK_URL:-default} to give a default)',
    ]);
  });

  it('treats $${ as a literal ${', async () => {
    const dir = writeTree({
      'ops.yaml':
        'services:\n  api:\n    description: "use $${HOME} in scripts"\n    labels:\n      a: $${X}\n',
    });
    const { config } = await loadConfig(dir, { HOME: '/root', X: 'x' });
    expect(config.services.api).toMatchObject({
      description: 'use ${HOME} in scripts',
      labels: { a: '${X}' },
    });
  });

  it('expands anchors once, so aliases see the same value', async () => {
    const dir = writeTree({
      'ops.yaml':
        'services:\n  api: { description: &d "$${X} ${Y}" }\n  web: { description: *d }\n',
    });
    const { config } = await loadConfig(dir, { X: 'x', Y: 'y' });
    expect(config.services.web?.description).toBe('${X} y');
    expect(config.services.api?.description).toBe('${X} y');
  });

  it('does not interpolate keys', async () => {
    const dir = writeTree({ 'ops.yaml': 'services:\n  ${NAME}: {}\n' });
    expect(await loadErrors(dir, dir, { NAME: 'api' })).toEqual([
      `ops.yaml:2:3: services["\${NAME}"]: expected an id (a letter, then letters, digits, '-' or '_'), got '\${NAME}'`,
    ]);
  });

  it('never puts a secret from the environment into an error', async () => {
    const secret = 'hunter2-s3cr3t-value-0123456789';
    const dir = writeTree({
      'ops.yaml': [
        'people:',
        '  alice: { name: Alice }',
        'services:',
        '  api: { owner: "${SECRET}", description: "${SECRET}", tier: "${SECRET}" }',
        'channels:',
        '  hook: { type: slack, url: "${SECRET}" }',
        '  web: { type: webhook, url: "ftp://x/${SECRET}/${SECRET2}" }',
        'integrations:',
        '  am: { type: alertmanager, key: "${SHORT}" }',
      ].join('\n'),
    });
    const env = { SECRET: secret, SECRET2: secret, SHORT: 'tiny-secret' };
    const issues = await loadIssues(dir, env);
    const text = JSON.stringify(issues);
    expect(text).not.toContain('hunter2');
    expect(text).not.toContain('tiny-secret');
    expect(await loadErrors(dir, dir, env)).toEqual([
      'ops.yaml:4:17: services.api.owner: unknown person (the value from ${SECRET}): not defined under people',
      'ops.yaml:4:62: services.api.tier: expected an integer, got the value from ${SECRET}',
      'ops.yaml:6:29: channels.hook.url: expected an http(s) URL, got the value from ${SECRET}',
      'ops.yaml:7:30: channels.web.url: expected an http(s) URL, got a value built from ${SECRET}, ${SECRET2}',
      'ops.yaml:9:34: integrations.am.key: must be at least 16 characters long',
    ]);
  });
});
