/**
 * `opsdeck silence add|list|expire` against a real `opsdeck up` (SQLite; the commands only
 * talk HTTP, so one dialect is enough). Needs `npm run build` first, as every CLI test.
 */
import { execFile } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeConfigFile } from '../support/app.js';
import { runCli, startServer, type RunningServer } from '../support/cli.js';
import { makeTempDir } from '../support/temp-dir.js';
import { addBody, parseMatcherArgs } from '../../src/cli/commands/silences.js';

const ADMIN = 'test-admin-token-0123456789abcdefghijklmnop';
/** amtool from the prometheus-alertmanager Debian package, when installed. */
const AMTOOL = ['/usr/bin/amtool', '/usr/local/bin/amtool'].find((p) => existsSync(p));
const ID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

interface ApiSilence {
  id: string;
  state: string;
  created_by: string;
  comment: string;
  starts_at: string;
  ends_at: string;
  matchers: Array<{ name: string; type: string; value: string }>;
}

describe('opsdeck silence (real server)', () => {
  let server: RunningServer;
  let env: Record<string, string>;
  const cli = (args: string[]) => runCli(['silence', ...args], env);
  const add = async (...args: string[]) => {
    const res = await cli(['add', ...args]);
    expect(res.code, res.stderr).toBe(0);
    return res.stdout.trim();
  };

  beforeAll(async () => {
    const config = writeConfigFile('services:\n  api: {}\n');
    const storage = `sqlite:${join(makeTempDir('opsdeck-silence-cli-'), 'opsdeck.db')}`;
    server = await startServer(['--config', config, '--storage', storage], {
      OPSDECK_ADMIN_TOKEN: ADMIN,
    });
    env = { OPSDECK_URL: server.url, OPSDECK_TOKEN: ADMIN };
  });
  afterAll(async () => {
    await server?.stop('SIGKILL');
  });

  it('add prints the id; list shows it in a table and as JSON; the API sees it', async () => {
    const id = await add('HighLatency', 'service=api', 'severity=~"P2|P3"', '--comment', 'deploy');
    expect(id).toMatch(ID_RE);
    const res = await cli(['list']);
    expect(res.code, res.stderr).toBe(0);
    const lines = res.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(
      /^ID\s+MATCHERS\s+STATE\s+STARTS AT\s+ENDS AT\s+CREATED BY\s+COMMENT$/,
    );
    expect(res.stdout).toContain(
      `${id}  alertname="HighLatency" service="api" severity=~"P2|P3"  active`,
    );
    const json = await cli(['list', '--json', '--filter', 'service=api']);
    const items = JSON.parse(json.stdout) as ApiSilence[];
    const mine = items.find((s) => s.id === id)!;
    // The author defaults to the token's name (the bootstrap admin token).
    expect(mine.created_by).not.toBe('');
    expect(Date.parse(mine.ends_at) - Date.parse(mine.starts_at)).toBeGreaterThan(3_599_000);
    const am = await fetch(`${server.url}/api/v2/silence/${id}`, {
      headers: { authorization: `Bearer ${ADMIN}` },
    });
    expect(((await am.json()) as { matchers: unknown[] }).matchers).toContainEqual({
      name: 'severity',
      value: 'P2|P3',
      isRegex: true,
      isEqual: true,
    });
  });

  it('add honours --start, --end and --author; pending silences are listed', async () => {
    const start = new Date(Date.now() + 3_600_000).toISOString();
    const end = new Date(Date.now() + 7_200_000).toISOString();
    const id = await add(
      'job=backup',
      '--start',
      start,
      '--end',
      end,
      '--author',
      'carol',
      '--comment',
      'later',
    );
    const res = await cli(['list', '--state', 'pending', '--json']);
    const s = (JSON.parse(res.stdout) as ApiSilence[]).find((x) => x.id === id)!;
    expect(s).toMatchObject({
      state: 'pending',
      created_by: 'carol',
      starts_at: start,
      ends_at: end,
    });
  });

  it('expire ends silences; list hides expired unless asked; errors exit 1', async () => {
    const a = await add('job=a', '--comment', 'x', '--duration', '30m');
    const b = await add('job=b', '--comment', 'x');
    const res = await cli(['expire', a, b]);
    expect([res.code, res.stdout]).toEqual([0, `expired ${a}\nexpired ${b}\n`]);
    const active = await cli(['list', '--json']);
    expect((JSON.parse(active.stdout) as ApiSilence[]).map((s) => s.id)).not.toContain(a);
    const expired = await cli(['list', '--state', 'expired', '--json']);
    expect((JSON.parse(expired.stdout) as ApiSilence[]).map((s) => s.id).sort()).toEqual(
      [a, b].sort(),
    );
    const again = await cli(['expire', a, 'nope']);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain(`opsdeck: silence '${a}' already expired (conflict)`);
    expect(again.stderr).toContain(`opsdeck: silence 'nope' not found (not_found)`);
  });

  it('bad input is refused with the field named, before or by the server', async () => {
    const noComment = await cli(['add', 'job=x']);
    expect(noComment.code).toBe(1);
    expect(noComment.stderr).toMatch(/--comment/);
    const badRegex = await cli(['add', 'job=~"("', '--comment', 'x']);
    expect(badRegex.code).toBe(1);
    // Caught before sending: the matcher parser compiles regexes.
    expect(badRegex.stderr).toMatch(/^opsdeck: matcher 'job=~"\("': invalid regular expression/);
    const empty = await cli(['add', 'job=""', '--comment', 'x']);
    expect(empty.stderr).toContain(
      'matchers: at least one matcher must not match the empty string',
    );
    const badState = await cli(['list', '--state', 'gone']);
    expect(badState.stderr).toContain(
      "--state: expected one of active, pending, expired, got 'gone'",
    );
  });
  it.skipIf(!AMTOOL)('amtool adds, queries, extends and expires silences unchanged', async () => {
    const dir = makeTempDir('opsdeck-amtool-');
    const http = join(dir, 'http.yml');
    writeFileSync(http, `authorization:\n  type: Bearer\n  credentials: ${ADMIN}\n`);
    const amtool = async (...args: string[]) => {
      const base = [`--alertmanager.url=${server.url}`, `--http.config.file=${http}`];
      const { stdout } = await promisify(execFile)(AMTOOL!, [...base, ...args]);
      return stdout;
    };
    const id = (
      await amtool('silence', 'add', 'alertname=AmTool', 'sev=~"P2|P3"', '-c', 'am', '-d', '2h')
    ).trim();
    expect(id).toMatch(ID_RE);
    await amtool('silence', 'update', id, '-d', '3h');
    const [got] = JSON.parse(
      await amtool('silence', 'query', '-o', 'json', 'alertname=AmTool'),
    ) as Array<{
      id: string;
      status: { state: string };
      startsAt: string;
      endsAt: string;
    }>;
    // Extending an active silence keeps its id (updated in place, as Alertmanager does).
    expect(got).toMatchObject({ id, status: { state: 'active' } });
    expect(Date.parse(got!.endsAt) - Date.parse(got!.startsAt)).toBeGreaterThan(10_000_000);
    await amtool('silence', 'expire', id);
    expect(await amtool('silence', 'query', '-q', 'alertname=AmTool')).toBe('');
    expect(await amtool('silence', 'query', '-q', '--expired', 'alertname=AmTool')).toBe(`${id}\n`);
    const refused = await amtool('silence', 'add', 'foo=""', '-c', 'x').catch(
      (e: { stderr: string }) => e.stderr,
    );
    expect(refused).toContain('matchers: at least one matcher must not match the empty string');
  });
});

describe('silence CLI arguments', () => {
  it('parses amtool-style matchers: bare alertname, several per argument', () => {
    expect(parseMatcherArgs(['Down', '{job="a",env!="dev"}'])).toEqual([
      { name: 'alertname', type: '=', value: 'Down' },
      { name: 'job', type: '=', value: 'a' },
      { name: 'env', type: '!=', value: 'dev' },
    ]);
    expect(() => parseMatcherArgs(['job=a', 'Down'])).toThrow(/matcher 'Down'/);
  });

  it('sends a duration without --start, an end computed from --start with it', () => {
    const base = { server: 'http://x', comment: 'c' };
    expect(addBody([], { ...base, duration: '2h' })).toEqual({
      matchers: [],
      comment: 'c',
      duration: '2h',
    });
    expect(addBody([], { ...base, start: '2030-01-01T00:00:00Z', duration: '90m' })).toMatchObject({
      starts_at: '2030-01-01T00:00:00.000Z',
      ends_at: '2030-01-01T01:30:00.000Z',
    });
    expect(() => addBody([], { ...base, end: '2030-01-01T00:00:00Z', duration: '1h' })).toThrow(
      '--end and --duration: give one of them',
    );
  });
});
