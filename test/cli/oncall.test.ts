/**
 * `opsdeck oncall`, `schedules`, `overrides` against a real `opsdeck up` (SQLite; the commands
 * only talk HTTP), and `opsdeck validate` printing schedule gaps as warnings. Needs
 * `npm run build` first, as every CLI test.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeConfigFile } from '../support/app.js';
import { runCli, startServer, type RunningServer } from '../support/cli.js';
import { makeTempDir } from '../support/temp-dir.js';

const ADMIN = 'test-admin-token-0123456789abcdefghijklmnop';
const CONFIG = `
people:
  alice: { name: Alice }
  bob: { name: Bob }
  carol: { name: Carol }
schedules:
  primary:
    name: SRE primary
    timezone: Europe/Madrid
    rotations:
      - { members: [alice, bob], every: 1d, start: 2026-03-02 }
  office:
    rotations:
      - { members: [carol], every: 1w, restrictions: [{ from: "09:00", to: "17:00" }] }
`;

describe('opsdeck on-call commands (real server)', () => {
  let server: RunningServer;
  let env: Record<string, string>;
  const cli = (args: string[]) => runCli(args, env);

  beforeAll(async () => {
    const storage = `sqlite:${join(makeTempDir('opsdeck-oncall-cli-'), 'opsdeck.db')}`;
    server = await startServer(['--config', writeConfigFile(CONFIG), '--storage', storage], {
      OPSDECK_ADMIN_TOKEN: ADMIN,
    });
    env = { OPSDECK_URL: server.url, OPSDECK_TOKEN: ADMIN };
  });
  afterAll(async () => {
    await server?.stop('SIGKILL');
  });

  it('oncall prints who is on call per schedule, until when', async () => {
    const res = await cli(['oncall', '--at', '2026-03-30T12:00:00+02:00']);
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout.trimEnd().split('\n')).toEqual([
      'SCHEDULE  ON CALL  UNTIL',
      'primary   Alice    2026-03-31 07:00Z',
      'office    Carol    2026-03-30 17:00Z',
    ]);
    const one = await cli(['oncall', '--at', '2026-03-30T20:00:00Z', '--schedule', 'office']);
    expect(one.stdout.trimEnd().split('\n')[1]).toBe('office    (nobody)  2026-03-31 09:00Z');
    const bad = await cli(['oncall', '--at', 'noon']);
    expect([bad.code, bad.stderr]).toEqual([
      1,
      "opsdeck: --at: expected an ISO 8601 time or epoch ms, got 'noon'\n",
    ]);
    const missing = await cli(['oncall', '--schedule', 'nope']);
    expect(missing.stderr).toContain("schedule 'nope' not found");
  });

  it('schedules list and schedules shifts', async () => {
    const list = await cli(['schedules', 'list']);
    expect(list.code, list.stderr).toBe(0);
    expect(list.stdout).toMatch(/^ID\s+NAME\s+TIMEZONE\s+ON CALL\s+UNTIL\s+NEXT\s+GAPS\n/);
    expect(list.stdout).toMatch(/\nprimary\s+SRE primary\s+Europe\/Madrid\s+(Alice|Bob)\s/);
    expect(list.stdout).toMatch(/\noffice\s+office\s+UTC\s+.*\s\d+ in 4w\n/);
    const shifts = await cli([
      'schedules',
      'shifts',
      'office',
      '--from',
      '2026-03-30T00:00:00Z',
      '--to',
      '2026-03-31T00:00:00Z',
    ]);
    expect(shifts.stdout.trimEnd().split('\n')).toEqual([
      'START              END                ON CALL        SOURCE',
      '2026-03-30 00:00Z  2026-03-30 09:00Z  (nobody)       gap',
      '2026-03-30 09:00Z  2026-03-30 17:00Z  Carol (carol)  rotation',
      '2026-03-30 17:00Z  2026-03-31 00:00Z  (nobody)       gap',
    ]);
    const missing = await cli(['schedules', 'shifts', 'nope']);
    expect([missing.code, missing.stderr]).toEqual([
      1,
      "opsdeck: schedule 'nope' not found (not_found)\n",
    ]);
  });

  it('overrides add, list and remove', async () => {
    const start = new Date(Date.now() + 86_400_000).toISOString();
    const end = new Date(Date.now() + 2 * 86_400_000).toISOString();
    const add = await cli([
      'overrides',
      'add',
      'primary',
      '--person',
      'carol',
      '--replaces',
      'alice',
      '--from',
      start,
      '--to',
      end,
      '--reason',
      'swap',
    ]);
    expect(add.code, add.stderr).toBe(0);
    const id = add.stdout.trim();
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    const list = await cli(['overrides', 'list', 'primary']);
    expect(list.stdout).toMatch(new RegExp(`\\n${id}\\s+carol\\s+alice\\s+.*\\s+swap\\n`));
    const bad = await cli([
      'overrides',
      'add',
      'primary',
      '--person',
      'zed',
      '--from',
      start,
      '--to',
      end,
    ]);
    expect([bad.code, bad.stderr]).toEqual([
      1,
      "opsdeck: person: unknown person 'zed' (not under people) (validation_failed)\n",
    ]);
    const removed = await cli(['overrides', 'remove', 'primary', id]);
    expect([removed.code, removed.stdout]).toEqual([0, `removed ${id}\n`]);
    expect((await cli(['overrides', 'list', 'primary'])).stdout).toBe('no overrides\n');
    const again = await cli(['overrides', 'remove', 'primary', id]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('already removed (conflict)');
  });
});

describe('opsdeck validate and schedules', () => {
  it('prints gaps as warnings on stderr and exits 0; schedule errors exit 1 with positions', async () => {
    const ok = await runCli(['validate', writeConfigFile(CONFIG)]);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(/: ok \(1 file, 0 services\)\n$/);
    expect(ok.stderr).toMatch(
      /^\S+ops\.yaml:13:5: schedules\.office: warning: nobody is on call for 448h of the next 4w: .*\n$/,
    );
    const broken = await runCli([
      'validate',
      writeConfigFile(`${CONFIG}
  overlapping:
    rotations:
      - { members: [alice], every: 1w }
      - { members: [bobby], every: 1w }
`),
    ]);
    expect(broken.code).toBe(1);
    const lines = broken.stderr
      .trimEnd()
      .split('\n')
      .map((l) => l.replace(/^\S*\/ops\.yaml/, 'ops.yaml'));
    expect(lines).toEqual([
      'ops.yaml:19:9: schedules.overlapping.rotations[1]: overlaps rotations[0] on layer 1 (at all times, from 2024-01-01 09:00); put one on another layer or give them restrictions that do not intersect',
      "ops.yaml:19:21: schedules.overlapping.rotations[1].members[0]: unknown person 'bobby': not defined under people (did you mean 'bob'?)",
      'opsdeck: 2 errors in config',
    ]);
  });
});
