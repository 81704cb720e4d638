import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { describeEachDialect } from '../support/dialects.js';
import { SAMPLE_CONFIG, writeConfigFile } from '../support/app.js';
import { ROOT, runCli } from '../support/cli.js';
import { authenticateSecret } from '../../src/auth/index.js';

it('validate: exits 0 for good configs and 1 with file:line:col lines for bad ones', async () => {
  const good = writeConfigFile(SAMPLE_CONFIG);
  const ok = await runCli(['validate', good, 'examples/ops.yaml']);
  expect(ok.code, ok.stderr).toBe(0);
  expect(ok.stdout).toContain(`${good}: ok (1 file, 3 services)`);

  const bad = writeConfigFile('people:\n  alice: { nmae: Alice }\n');
  const res = await runCli(['validate', good, bad]);
  expect(res.code).toBe(1);
  expect(res.stdout).toContain(`${good}: ok`);
  expect(res.stderr).toMatch(
    new RegExp(`^${bad}:2:\\d+: people\\.alice\\.nmae: .*did you mean 'name'`, 'm'),
  );
  expect(res.stderr).not.toMatch(/^\s+at /m);
});

it('schema: prints the committed JSON Schema', async () => {
  const res = await runCli(['schema']);
  expect(res.code).toBe(0);
  const printed = JSON.parse(res.stdout);
  expect(printed.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
  expect(printed).toEqual(JSON.parse(readFileSync(`${ROOT}/schema/ops.schema.json`, 'utf8')));
});

it('--help lists the commands; an unknown command fails', async () => {
  const help = await runCli(['--help']);
  for (const cmd of ['up', 'validate', 'schema', 'migrate', 'token'])
    expect(help.stdout).toMatch(new RegExp(`^  ${cmd}\\b`, 'm'));
  expect((await runCli(['frobnicate'])).code).not.toBe(0);
});

describeEachDialect('CLI against storage', (ctx) => {
  it('migrate applies once and then reports up to date', async () => {
    const res = await runCli(['migrate', '--storage', ctx.url]);
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toMatch(/database is up to date|applied: /);
    expect((await runCli(['migrate'], { OPSDECK_STORAGE: ctx.url })).stdout).toBe(
      'database is up to date\n',
    );
  });

  it('token create / list / revoke', async () => {
    const created = await runCli([
      'token',
      'create',
      '--name',
      'deployer',
      '--role',
      'responder',
      '--storage',
      ctx.url,
    ]);
    expect(created.code, created.stderr).toBe(0);
    const secret = created.stdout.trim();
    expect(secret).toMatch(/^odk_/);
    const auth = await authenticateSecret(ctx.store().db, secret);
    expect(auth).toMatchObject({ ok: true, actor: { name: 'deployer', role: 'responder' } });
    const id = /created token (tok_\w+)/.exec(created.stderr)![1]!;

    const list = await runCli(['token', 'list', '--storage', ctx.url]);
    expect(list.stdout).toMatch(new RegExp(`^${id}\\s+deployer\\s+responder\\s+active`, 'm'));
    expect(list.stdout).not.toContain(secret);
    const json = JSON.parse(
      (await runCli(['token', 'list', '--json', '--storage', ctx.url])).stdout,
    );
    expect(json.find((t: { id: string }) => t.id === id)).toMatchObject({
      name: 'deployer',
      revoked_at: null,
    });

    expect((await runCli(['token', 'revoke', id, '--storage', ctx.url])).stdout).toBe(
      `revoked ${id} (deployer)\n`,
    );
    expect(await authenticateSecret(ctx.store().db, secret)).toEqual({
      ok: false,
      reason: 'revoked',
    });
    const audit = await ctx
      .store()
      .db.selectFrom('audit_log')
      .select(['action', 'actor'])
      .where('target', '=', `token:${id}`)
      .execute();
    expect(audit.map((a) => a.action).sort()).toEqual(['token.create', 'token.revoke']);
    expect(audit[0]!.actor).toMatch(/^cli:/);

    const badRole = await runCli([
      'token',
      'create',
      '--name',
      'x',
      '--role',
      'root',
      '--storage',
      ctx.url,
    ]);
    expect(badRole.code).toBe(1);
    expect(badRole.stderr).toContain(
      "--role: expected one of viewer, responder, admin, got 'root'",
    );
    const missing = await runCli(['token', 'revoke', 'tok_nope', '--storage', ctx.url]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain("token 'tok_nope' not found");
  });
});
