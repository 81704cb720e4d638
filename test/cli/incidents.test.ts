/**
 * `opsdeck incidents`, `ack` and `resolve` against a real `opsdeck up` (SQLite; the commands
 * only talk HTTP) paging a real webhook receiver. Needs `npm run build` first.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeConfigFile } from '../support/app.js';
import { inPool, runCli, startServer, type RunningServer } from '../support/cli.js';
import { makeTempDir } from '../support/temp-dir.js';
import { until } from '../support/until.js';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver.js';

const ADMIN = 'test-admin-token-0123456789abcdefghijklmnop';

interface Listed {
  id: number;
  status: string;
  severity: string;
  services: string[];
  resolved_by: string | null;
}

describe('opsdeck incident commands (real server)', () => {
  let server: RunningServer;
  let receiver: WebhookReceiver;
  let env: Record<string, string>;
  /** Responder tokens named alice and bob: the timeline names whoever acted. */
  const as: Record<'alice' | 'bob', Record<string, string>> = { alice: {}, bob: {} };
  const tmp = makeTempDir('opsdeck-incidents-cli-');
  const cli = (args: string[], extra: Record<string, string> = {}, input?: string) =>
    runCli(args, { ...env, ...extra }, 20_000, input);
  const ids = async (args: string[]) => {
    const res = await cli([...args, '--json']);
    expect(res.code, res.stderr).toBe(0);
    return (JSON.parse(res.stdout) as Listed[]).map((i) => i.id);
  };

  beforeAll(async () => {
    receiver = await startWebhookReceiver();
    const config = `
people:
  alice: { name: Alice, notify: { default: [hook] } }
  bob: { name: Bob }
channels:
  hook: { type: webhook, url: "${receiver.url}/alice" }
escalation_policies:
  default: { steps: [{ notify: [person:alice] }, { after: 1h, notify: [person:alice] }] }
severities:
  P0: { title: Critical, respond_within: 15m, page: true }
  P1: { title: High, respond_within: 15m, page: true }
  P3: { title: Low, respond_within: 1d }
  drill: { title: Drill, respond_within: 1s, page: true }
services:
  api: { escalation: default }
  web: {}
routes:
  group_wait: 0s
  routes: [{ matchers: ['severity="P1"'], escalation: default }]
`;
    server = await startServer(
      ['--config', writeConfigFile(config), '--storage', `sqlite:${join(tmp, 'opsdeck.db')}`],
      { OPSDECK_ADMIN_TOKEN: ADMIN },
    );
    env = { OPSDECK_URL: server.url, OPSDECK_TOKEN: ADMIN };
    const post = (path: string, body: unknown) =>
      fetch(`${server.url}${path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    for (const name of ['alice', 'bob'] as const) {
      const res = await post('/api/v1/tokens', { name, role: 'responder' });
      expect(res.status).toBe(201);
      as[name] = { OPSDECK_TOKEN: ((await res.json()) as { secret: string }).secret };
    }
    for (const alertname of ['DiskFull', 'HighLatency']) {
      const res = await post('/api/v2/alerts', [{ labels: { alertname, severity: 'P1' } }]);
      expect(res.status).toBe(200);
    }
    await until(() => receiver.received.length === 2);
  });
  afterAll(async () => {
    await server?.stop('SIGKILL');
    await receiver?.close();
  });

  it('lists open incidents and shows one with its timeline', async () => {
    const list = await cli(['incidents', 'list']);
    expect(list.code, list.stderr).toBe(0);
    const lines = list.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(
      /^ID\s+STATUS\s+SEVERITY\s+SERVICES\s+OPENED\s+ACK\s+RESOLVE\s+TITLE$/,
    );
    expect(
      lines
        .slice(1)
        .map((l) => l.split(/\s+/).slice(0, 3).join(' '))
        .sort(),
    ).toEqual(['1 triggered P1', '2 triggered P1']);
    // Not acknowledged yet: the deadline and the next page are what matter.
    expect(lines[1]).toMatch(/ due in \d+m\d*s?\s+next page in 59m /);
    const show = await cli(['incidents', 'show', '1']);
    expect(show.stdout).toMatch(/^#1 (DiskFull|HighLatency)\nstatus: +triggered\n/);
    expect(show.stdout).toMatch(/\nescalation: +default, step 1\/2, round 1, next \d{4}-/);
    expect(show.stdout).toMatch(/\nrespond by: +\S+Z \(due in \d+m/);
    expect(show.stdout).toMatch(/ paged step 1, round 1: alice\n/);
  });

  it('ack and resolve act on several incidents and report each', async () => {
    const ack = await cli(['ack', '1', '#2']);
    expect([ack.code, ack.stdout], ack.stderr).toEqual([0, '#1 acknowledged\n#2 acknowledged\n']);
    const resolve = await cli(['resolve', '1']);
    expect([resolve.code, resolve.stdout]).toEqual([0, '#1 resolved\n']);
    const listed = await cli(['incidents', 'list', '--status', 'resolved', '--json']);
    expect(
      JSON.parse(listed.stdout).map((i: { id: number; resolved_by: string }) => [
        i.id,
        i.resolved_by,
      ]),
    ).toEqual([[1, 'OPSDECK_ADMIN_TOKEN']]);
  });

  it('names what is wrong: an unknown incident, a bad number, a bad status', async () => {
    const missing = await cli(['ack', '99']);
    expect([missing.code, missing.stderr]).toEqual([
      1,
      'opsdeck: incident 99 does not exist (not_found)\n',
    ]);
    const bad = await cli(['resolve', 'x1']);
    expect([bad.code, bad.stderr]).toEqual([
      1,
      "opsdeck: incident: expected an incident number like 42, got 'x1'\n",
    ]);
    const status = await cli(['incidents', 'list', '--status', 'open,shut']);
    expect(status.code).toBe(1);
    expect(status.stderr).toMatch(/^opsdeck: --status: expected one of .*, got 'shut'\n$/);
  });

  describe('a declared incident, declare to close', () => {
    let id: string;
    let quiet: string;
    /** Declared with a 1 s response deadline nobody meets: the breached one. */
    let late: string;
    let lateDeadline: number;

    it('declare prints the new number; --no-page declares without paging', async () => {
      const declared = await cli(
        [
          'incidents',
          'declare',
          '--title',
          'Checkout errors',
          '--severity',
          'P1',
          '--service',
          'api',
          '--service',
          'web',
          '--commander',
          'alice',
          '--summary',
          '5xx on **checkout**',
          '--impact',
          'Customers cannot pay',
        ],
        as.alice,
      );
      expect(declared.code, declared.stderr).toBe(0);
      expect(declared.stdout).toMatch(/^\d+\n$/);
      id = declared.stdout.trim();
      // api's policy pages alice: the declaration went through the real escalation.
      await until(() => receiver.received.some((r) => r.raw.includes('Checkout errors')));

      const json = await cli(
        [
          'incidents',
          'declare',
          '--title',
          'Slow search',
          '--severity',
          'P3',
          '--no-page',
          '--json',
        ],
        as.bob,
      );
      expect(json.code, json.stderr).toBe(0);
      const view = JSON.parse(json.stdout) as Listed & { declared_by: string; source: string };
      expect(view).toMatchObject({ status: 'investigating', declared_by: 'bob', source: 'manual' });
      quiet = String(view.id);

      const drill = await cli(
        [
          'incidents',
          'declare',
          '--title',
          'Drill',
          '--severity',
          'drill',
          '--escalation',
          'default',
          '--json',
        ],
        as.bob,
      );
      expect(drill.code, drill.stderr).toBe(0);
      const drilled = JSON.parse(drill.stdout) as {
        id: number;
        status: string;
        respond_by: string;
      };
      expect(drilled.status).toBe('triggered');
      [late, lateDeadline] = [String(drilled.id), Date.parse(drilled.respond_by)];
    });

    it('list filters by status, severity, service, source, words, time and breach', async () => {
      const [n, q, l] = [Number(id), Number(quiet), Number(late)];
      await until(() => Date.now() > lateDeadline + 100, 5_000);
      const cases: [string[], number[]][] = [
        [
          ['--source', 'manual'],
          [l, q, n],
        ],
        [['--severity', 'P3,P0'], [q]],
        [['--service', 'web'], [n]],
        [['--search', 'checkout'], [n]],
        [
          ['--status', 'triggered', '--source', 'manual'],
          [l, n],
        ],
        [
          ['--status', 'all', '--all'],
          [l, q, n, 2, 1],
        ],
        [
          ['--status', 'resolved,acknowledged'],
          [2, 1],
        ],
        [
          ['--status', 'all', '--from', '2000-01-01T00:00:00Z', '--to', '2999-01-01'],
          [l, q, n, 2, 1],
        ],
        [['--status', 'all', '--from', '2999-01-01T00:00:00Z'], []],
        [['--status', 'all', '--to', '946684800000'], []],
        [['--status', 'all', '--breached'], [l]],
      ];
      const listed = await inPool(cases, 3, ([args]) => ids(['incidents', 'list', ...args]));
      expect(listed).toEqual(cases.map(([, expected]) => expected));

      const none = await cli(['incidents', 'list', '--search', 'nothing like this']);
      expect([none.code, none.stdout]).toEqual([0, 'no incidents\n']);
      const first = await cli(['incidents', 'list', '--status', 'all', '--limit', '1']);
      expect(first.stdout.trimEnd().split('\n')).toHaveLength(2);
      // Nobody acknowledged in time: the ACK column says by how much.
      expect(first.stdout).toMatch(
        new RegExp(
          `\\n${late} +triggered +drill +- +\\S+Z +overdue \\d+s +next page in 59m +Drill\\n`,
        ),
      );
      const breached = await cli(['incidents', 'show', late]);
      expect(breached.stdout).toMatch(
        /\nrespond by: +\S+Z \(BREACHED: no acknowledgement in time\)\n/,
      );
      expect(first.stderr).toBe('more incidents match: raise --limit or pass --all\n');
    }, 60_000);

    it('ack: the first responder wins, a second is told who it was', async () => {
      const ack = await cli(['incidents', 'ack', id], as.alice);
      expect([ack.code, ack.stdout], ack.stderr).toEqual([0, `#${id} acknowledged\n`]);
      const again = await cli(['incidents', 'ack', id], as.bob);
      expect(again.code).toBe(1);
      expect(again.stderr).toMatch(
        new RegExp(
          `^opsdeck: incident ${id} was already acknowledged by alice at \\S+; it is acknowledged \\(conflict\\)\\n$`,
        ),
      );
    });

    it('status, notes (file, stdin, words; pinned), public update, severity, roles, edit', async () => {
      const moved = await cli(['incidents', 'status', id, 'identified'], as.alice);
      expect([moved.code, moved.stdout], moved.stderr).toEqual([0, `#${id} identified\n`]);
      const illegal = await cli(['incidents', 'close', id], as.alice);
      expect([illegal.code, illegal.stderr]).toEqual([
        1,
        `opsdeck: incident ${id} is identified; it cannot move to closed; allowed: investigating, monitoring or resolved (conflict)\n`,
      ]);

      const file = join(tmp, 'note.md');
      writeFileSync(file, '## Rolled back\n\nDeploy `v42` reverted.\n- error rate falling\n');
      const fromFile = await cli(['incidents', 'note', id, '--file', file, '--pin'], as.alice);
      expect([fromFile.code, fromFile.stdout], fromFile.stderr).toEqual([
        0,
        `#${id} note added, pinned\n`,
      ]);
      const fromStdin = await cli(
        ['incidents', 'note', id, '-'],
        as.bob,
        'Second note, from **stdin**\n',
      );
      expect([fromStdin.code, fromStdin.stdout], fromStdin.stderr).toEqual([
        0,
        `#${id} note added\n`,
      ]);
      const viaFileDash = await cli(
        ['incidents', 'note', id, '--file', '-', '--json'],
        as.bob,
        'Third',
      );
      expect(viaFileDash.code, viaFileDash.stderr).toBe(0);
      expect(JSON.parse(viaFileDash.stdout)).toMatchObject({ id: Number(id) });
      const words = await cli(
        ['incidents', 'note', id, 'watching', 'the', 'error', 'rate'],
        as.bob,
      );
      expect(words.stdout).toBe(`#${id} note added\n`);

      const update = await cli(
        [
          'incidents',
          'update',
          id,
          '--status',
          'monitoring',
          '--message',
          'A fix is rolling out.',
          '--json',
        ],
        as.alice,
      );
      expect(update.code, update.stderr).toBe(0);
      expect(JSON.parse(update.stdout)).toMatchObject({
        status: 'monitoring',
        message: 'A fix is rolling out.',
        author: 'alice',
      });
      const severity = await cli(['incidents', 'severity', id, 'P0'], as.alice);
      expect(severity.stdout).toBe(`#${id} severity P0\n`);
      const role = await cli(['incidents', 'role', id, 'communications', 'bob'], as.alice);
      expect(role.stdout).toBe(`#${id} communications: bob\n`);
      const scribe = await cli(['incidents', 'role', id, 'scribe', 'none'], as.alice);
      expect(scribe.stdout).toBe(`#${id} scribe: none\n`);
      const edit = await cli(
        [
          'incidents',
          'edit',
          id,
          '--root-cause',
          'A bad deploy',
          '--link',
          'Dashboard=https://grafana.example/d/1?from=now-1h',
          '--link',
          'Runbook=https://runbooks.example/checkout',
        ],
        as.alice,
      );
      expect([edit.code, edit.stdout], edit.stderr).toEqual([
        0,
        `#${id} edited: root_cause, links\n`,
      ]);
      const unlink = await cli(['incidents', 'edit', id, '--link', 'Runbook=', '--json'], as.alice);
      expect(JSON.parse(unlink.stdout).links).toEqual([
        { title: 'Dashboard', url: 'https://grafana.example/d/1?from=now-1h' },
      ]);
    }, 60_000);

    it('show: the page a responder reads; pin and unpin by the EVENT it lists', async () => {
      const detail = await cli(['incidents', 'show', id, '--json']);
      const timeline = (
        JSON.parse(detail.stdout) as {
          timeline: { id: number | null; kind: string; detail: { body?: string } }[];
        }
      ).timeline;
      const stdinNote = timeline.find((e) => e.detail?.body?.startsWith('Second note'))!;
      const fileNote = timeline.find((e) => e.detail?.body?.startsWith('## Rolled back'))!;
      const pin = await cli(['incidents', 'pin', id, String(stdinNote.id)], as.alice);
      expect(pin.stdout).toBe(`#${id} event ${stdinNote.id} pinned\n`);
      const unpin = await cli(['incidents', 'unpin', id, String(fileNote.id)], as.alice);
      expect(unpin.stdout).toBe(`#${id} event ${fileNote.id} unpinned\n`);

      const show = await cli(['incidents', 'show', id]);
      expect(show.code, show.stderr).toBe(0);
      const page = show.stdout;
      expect(page).toMatch(
        new RegExp(`^#${id} Checkout errors\\nstatus: +monitoring, acknowledged by alice\\n`),
      );
      expect(page).toMatch(/\nseverity: +P0\n/);
      expect(page).toMatch(/\nservices: +api, web\n/);
      expect(page).toMatch(/\nsource: +manual, declared by alice\n/);
      expect(page).toMatch(/\nroles: +commander alice, communications bob, scribe -\n/);
      expect(page).toMatch(/\nrespond by: +\S+Z \(met\)\n/);
      expect(page).toMatch(/\nparticipants: +alice, bob\n/);
      // Milestones, each with its distance from detection.
      expect(page).toMatch(/\n {2}MILESTONE +AT +FROM DETECTION +BY\n/);
      expect(page).toMatch(/\n {2}detected +\S+Z +0s +alice\n/);
      expect(page).toMatch(/\n {2}acknowledged +\S+Z +\+\d+s +alice\n/);
      expect(page).toMatch(/\n {2}mitigated +\S+Z +\+\d+s\n/);
      expect(page).toMatch(/\n {2}resolved +-\n/);
      expect(page).toContain('\nsummary:\n  5xx on **checkout**\n');
      expect(page).toContain('\nimpact:\n  Customers cannot pay\n');
      expect(page).toContain('\nroot cause:\n  A bad deploy\n');
      expect(page).toMatch(
        /\nlinks:\n {2}Dashboard +https:\/\/grafana\.example\/d\/1\?from=now-1h\n/,
      );
      expect(page).toMatch(
        /\npublic updates \(newest first\):\n {2}\S+Z +monitoring by alice\n {4}A fix is rolling out\.\n/,
      );
      // The timeline: notes as their markdown under their line, pins marked, the page's outcome.
      expect(page).toMatch(
        new RegExp(
          `\\n {2}\\S+Z +\\+\\d+s +${fileNote.id} +note by alice\\n +## Rolled back\\n\\n +Deploy \`v42\` reverted\\.\\n +- error rate falling\\n`,
        ),
      );
      expect(page).toMatch(
        new RegExp(
          `\\n {2}\\S+Z +\\+\\d+s +${stdinNote.id} +note by bob {2}\\[pinned\\]\\n +Second note, from \\*\\*stdin\\*\\*\\n`,
        ),
      );
      expect(page).toMatch(/ declared by alice: severity P1, services api, web, policy default\n/);
      expect(page).toMatch(/ commander: none → alice by alice\n/);
      expect(page).toMatch(/ paged step 1, round 1: alice\n/);
      expect(page).toMatch(
        / - +triggered notification delivered via hook to alice \(1 attempt, HTTP 200\)\n/,
      );
      expect(page).toMatch(/ acknowledged → identified by alice\n/);
      expect(page).toMatch(/ severity P1 → P0 by alice\n/);
      expect(page).toMatch(/ public update \(monitoring\) by alice\n/);
      expect(page).toMatch(/ edited by alice: root_cause, links\n/);
    });

    it('resolve, reopen, resolve again, close; each step on the timeline', async () => {
      const resolve = await cli(['incidents', 'resolve', id, '--reason', 'rolled back'], as.bob);
      expect([resolve.code, resolve.stdout], resolve.stderr).toEqual([0, `#${id} resolved\n`]);
      const twice = await cli(['incidents', 'resolve', id], as.alice);
      expect([twice.code, twice.stderr]).toEqual([
        1,
        expect.stringMatching(
          new RegExp(`^opsdeck: incident ${id} was already resolved by bob at `),
        ),
      ]);
      const reopen = await cli(
        ['incidents', 'reopen', id, '--reason', 'errors are back'],
        as.alice,
      );
      expect([reopen.code, reopen.stdout], reopen.stderr).toEqual([
        0,
        `#${id} investigating (reopened)\n`,
      ]);
      // The top-level alias takes --reason too.
      const again = await cli(['resolve', id, '--reason', 'second fix'], as.alice);
      expect([again.code, again.stdout], again.stderr).toEqual([0, `#${id} resolved\n`]);
      const close = await cli(['incidents', 'close', id, '--json'], as.alice);
      expect(close.code, close.stderr).toBe(0);
      expect(JSON.parse(close.stdout)).toMatchObject({
        status: 'closed',
        closed_by: 'alice',
        resolved_by: 'alice',
      });
      const stuck = await cli(['incidents', 'status', id, 'investigating'], as.alice);
      expect(stuck.stderr).toBe(
        `opsdeck: incident ${id} is closed; it cannot move to investigating; allowed: reopen (conflict)\n`,
      );

      const show = await cli(['incidents', 'show', id]);
      expect(show.stdout).toMatch(/\nstatus: +closed by alice\n/);
      expect(show.stdout).toMatch(/\n {2}closed +\S+Z +\+\d+s +alice\n/);
      expect(show.stdout).toMatch(/ resolved by bob: rolled back\n/);
      expect(show.stdout).toMatch(/ reopened by alice \(was resolved\): errors are back\n/);
      expect(show.stdout).toMatch(/ resolved by alice: second fix\n/);
      expect(show.stdout).toMatch(/ closed by alice\n/);
      expect(await ids(['incidents', 'list', '--status', 'closed'])).toEqual([Number(id)]);
      const list = await cli(['incidents', 'list', '--status', 'closed']);
      // Acknowledged and resolved: both columns are durations now.
      expect(list.stdout).toMatch(
        new RegExp(`\\n${id} +closed +P0 +api,web +\\S+Z +\\d+s +\\d+s +Checkout errors\\n`),
      );
    }, 60_000);

    it('bad input exits 1 naming the option or field', async () => {
      const D = ['incidents', 'declare', '--title', 'x'];
      const cases: [string[], string][] = [
        [['incidents', 'declare', '--severity', 'P1'], "required option '--title <text>'"],
        [[...D, '--severity', 'P9'], "opsdeck: severity: unknown severity 'P9'"],
        [[...D, '--severity', 'P1', '--service', 'nope'], "services[0]: unknown service 'nope'"],
        [
          [...D, '--severity', 'P3', '--escalation', 'default', '--no-page'],
          'opsdeck: --escalation and --no-page: give one of them',
        ],
        [['incidents', 'status', quiet, 'fixed'], 'opsdeck: status: expected one of triggered,'],
        [['incidents', 'role', quiet, 'chef', 'bob'], 'opsdeck: role: expected one of commander,'],
        [
          ['incidents', 'role', quiet, 'scribe', 'carol'],
          "opsdeck: person: unknown person 'carol'",
        ],
        [
          ['incidents', 'update', quiet, '--status', 'fixed', '--message', 'x'],
          "opsdeck: --status: expected one of investigating, identified, monitoring, resolved, got 'fixed'",
        ],
        [
          ['incidents', 'update', quiet, '--status', 'identified', '--message', ' '],
          'opsdeck: message: a public update cannot be empty (validation_failed)',
        ],
        [
          ['incidents', 'note', quiet],
          'opsdeck: note: give the text, --file FILE, or - to read stdin',
        ],
        [
          ['incidents', 'note', quiet, '--file', join(tmp, 'missing.md')],
          `opsdeck: --file: cannot read '${join(tmp, 'missing.md')}': ENOENT`,
        ],
        [['incidents', 'pin', quiet, 'x'], 'opsdeck: event: expected a timeline event id like 12'],
        [
          ['incidents', 'pin', quiet, '99999'],
          `opsdeck: event 99999 is not on incident ${quiet}'s timeline (not_found)`,
        ],
        [['incidents', 'edit', quiet], 'opsdeck: edit: nothing to change; give --title'],
        [
          ['incidents', 'edit', quiet, '--link', 'no-url'],
          "opsdeck: --link: expected title=url, got 'no-url'",
        ],
        [
          ['incidents', 'reopen', quiet],
          `opsdeck: incident ${quiet} is investigating; only resolved or closed incidents reopen (conflict)`,
        ],
        [
          ['incidents', 'list', '--limit', '0'],
          "opsdeck: --limit: expected a positive number, got '0'",
        ],
        [
          ['incidents', 'list', '--all', '--limit', '5'],
          'opsdeck: --all and --limit: give one of them',
        ],
      ];
      // Three at a time: dozens of CLI processes at once starve a small CI machine.
      const results = await inPool(cases, 3, ([args]) => cli(args, as.bob, ''));
      cases.forEach(([args, message], i) => {
        const res = results[i]!;
        expect([args.join(' '), res.code, res.stdout]).toEqual([args.join(' '), 1, '']);
        expect(res.stderr, args.join(' ')).toContain(message);
      });
    }, 120_000);
  });
});
