/**
 * `opsdeck postmortem` and `opsdeck actions` against a real `opsdeck up` (SQLite; the commands
 * only talk HTTP). Needs `npm run build` first.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeConfigFile } from '../support/app.js';
import { runCli, startServer, type RunningServer } from '../support/cli.js';
import { makeTempDir } from '../support/temp-dir.js';

const ADMIN = 'test-admin-token-0123456789abcdefghijklmnop';

describe('opsdeck postmortem and actions commands (real server)', () => {
  let server: RunningServer;
  let env: Record<string, string>;
  const dir = makeTempDir('opsdeck-postmortems-cli-');
  const cli = (args: string[]) => runCli(args, env);

  async function api(method: string, path: string, body?: unknown): Promise<{ id: number }> {
    const res = await fetch(`${server.url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${ADMIN}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    expect(res.status, await res.clone().text()).toBeLessThan(300);
    return (await res.json()) as { id: number };
  }

  beforeAll(async () => {
    const config = `
people:
  alice: { name: Alice }
  bob: { name: Bob }
services:
  api: {}
`;
    const storage = `sqlite:${join(dir, 'opsdeck.db')}`;
    server = await startServer(['--config', writeConfigFile(config), '--storage', storage], {
      OPSDECK_ADMIN_TOKEN: ADMIN,
    });
    env = { OPSDECK_URL: server.url, OPSDECK_TOKEN: ADMIN };
    const incident = await api('POST', '/api/v1/incidents', {
      title: 'Checkout errors',
      severity: 'P1',
      services: ['api'],
      commander: 'alice',
      escalation: null,
    });
    expect(incident.id).toBe(1);
    await api('POST', '/api/v1/incidents/1/resolve');
  });
  afterAll(async () => {
    await server?.stop('SIGKILL');
  });

  it('shows, edits and publishes a post-mortem', async () => {
    const show = await cli(['postmortem', 'show', '1']);
    expect(show.code, show.stderr).toBe(0);
    expect(show.stdout).toMatch(/^# Post-mortem: \[P1\] #1 Checkout errors\n/);
    expect(show.stdout).toContain('## Timings');
    expect(show.stdout).toContain('## Summary');

    const file = join(dir, 'pm.md');
    const saved = await cli(['postmortem', 'show', '#1', '--output', file]);
    expect(saved.code, saved.stderr).toBe(0);
    expect(saved.stdout).toBe('');
    expect(saved.stderr).toMatch(/^wrote #1 post-mortem draft, due \S+, owner alice to /);
    expect(readFileSync(file, 'utf8')).toBe(show.stdout);

    const body = join(dir, 'body.md');
    writeFileSync(body, '## Summary\n\nThe pool was too small.\n');
    const edit = await cli(['postmortem', 'edit', '1', '--body-file', body, '--owner', 'bob']);
    expect(edit.code, edit.stderr).toBe(0);
    expect(edit.stdout).toMatch(/^#1 post-mortem draft, due \S+, owner bob\n$/);
    const json = JSON.parse((await cli(['postmortem', 'show', '1', '--json'])).stdout);
    expect(json).toMatchObject({ body: '## Summary\n\nThe pool was too small.\n', owner: 'bob' });

    const publish = await cli(['postmortem', 'publish', '1']);
    expect([publish.code, publish.stdout]).toEqual([0, '#1 post-mortem published, owner bob\n']);
  });

  it('adds, lists, finishes and reopens action items', async () => {
    const add = await cli([
      'actions',
      'add',
      '1',
      'Size',
      'the',
      'pool',
      '--owner',
      'alice',
      '--due',
      '2030-01-31',
      '--url',
      'https://tickets.example.com/OPS-1',
    ]);
    expect([add.code, add.stdout], add.stderr).toEqual([0, '1\n']);
    expect((await cli(['actions', 'add', '1', 'Late', '--due', '2020-01-01'])).stdout).toBe('2\n');

    const list = await cli(['actions', 'list']);
    expect(list.code, list.stderr).toBe(0);
    const lines = list.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^ID\s+INCIDENT\s+STATUS\s+DUE\s+OWNER\s+TITLE$/);
    expect(lines[1]).toMatch(/^2\s+#1\s+overdue\s+2020-01-01T23:59:59\.999Z\s+-\s+Late$/);
    expect(lines[2]).toMatch(/^1\s+#1\s+open\s+2030-01-31T23:59:59\.999Z\s+alice\s+Size the pool$/);
    const overdue = JSON.parse((await cli(['actions', 'list', '--overdue', '--json'])).stdout);
    expect(overdue.map((i: { id: number }) => i.id)).toEqual([2]);
    expect((await cli(['actions', 'list', '--done'])).stdout).toBe('no action items\n');

    const done = await cli(['actions', 'done', '1']);
    expect([done.code, done.stdout]).toEqual([0, '1 done: Size the pool\n']);
    const mine = JSON.parse(
      (await cli(['actions', 'list', '--done', '--owner', 'alice', '--incident', '1', '--json']))
        .stdout,
    );
    expect(mine).toMatchObject([
      { id: 1, status: 'done', url: 'https://tickets.example.com/OPS-1' },
    ]);
    const reopen = await cli(['actions', 'reopen', '1']);
    expect([reopen.code, reopen.stdout]).toEqual([0, '1 open: Size the pool\n']);
    const show = await cli(['postmortem', 'show', '1']);
    expect(show.stdout).toMatch(
      /\| 1 \| \[Size the pool\]\(https:\/\/tickets\.example\.com\/OPS-1\) \| alice \|/,
    );
  });

  it('names what is wrong', async () => {
    const missing = await cli(['actions', 'done', '99', '1']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toBe('opsdeck: action item 99 does not exist (not_found)\n');
    expect(missing.stdout).toBe('1 done: Size the pool\n');
    const owner = await cli(['actions', 'add', '1', 'x', '--owner', 'bobb']);
    expect([owner.code, owner.stderr]).toEqual([
      1,
      "opsdeck: owner: unknown person 'bobb' (did you mean 'bob'?) (validation_failed)\n",
    ]);
    const nothing = await cli(['postmortem', 'edit', '1']);
    expect([nothing.code, nothing.stderr]).toEqual([
      1,
      'opsdeck: give --body-file, --owner or both\n',
    ]);
    const unreadable = await cli(['postmortem', 'edit', '1', '--body-file', join(dir, 'nope.md')]);
    expect(unreadable.code).toBe(1);
    expect(unreadable.stderr).toMatch(/^opsdeck: --body-file: cannot read '.*nope\.md': ENOENT\n$/);
    const unknown = await cli(['postmortem', 'show', '42']);
    expect([unknown.code, unknown.stderr]).toEqual([
      1,
      'opsdeck: incident 42 does not exist (not_found)\n',
    ]);
    const bad = await cli(['postmortem', 'publish', 'x1']);
    expect([bad.code, bad.stderr]).toEqual([
      1,
      "opsdeck: incident: expected a number like 42, got 'x1'\n",
    ]);
  });
});
