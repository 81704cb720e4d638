/**
 * `opsdeck incidents`, `ack` and `resolve` against a real `opsdeck up` (SQLite; the commands
 * only talk HTTP) paging a real webhook receiver. Needs `npm run build` first.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeConfigFile } from '../support/app.js';
import { runCli, startServer, type RunningServer } from '../support/cli.js';
import { makeTempDir } from '../support/temp-dir.js';
import { until } from '../support/until.js';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver.js';

const ADMIN = 'test-admin-token-0123456789abcdefghijklmnop';

describe('opsdeck incident commands (real server)', () => {
  let server: RunningServer;
  let receiver: WebhookReceiver;
  let env: Record<string, string>;
  const cli = (args: string[]) => runCli(args, env);

  beforeAll(async () => {
    receiver = await startWebhookReceiver();
    const config = `
people:
  alice: { name: Alice, notify: { default: [hook] } }
channels:
  hook: { type: webhook, url: "${receiver.url}/alice" }
escalation_policies:
  default: { steps: [{ notify: [person:alice] }, { after: 1h, notify: [person:alice] }] }
routes:
  group_wait: 0s
  routes: [{ matchers: ['severity="P1"'], escalation: default }]
`;
    const storage = `sqlite:${join(makeTempDir('opsdeck-incidents-cli-'), 'opsdeck.db')}`;
    server = await startServer(['--config', writeConfigFile(config), '--storage', storage], {
      OPSDECK_ADMIN_TOKEN: ADMIN,
    });
    env = { OPSDECK_URL: server.url, OPSDECK_TOKEN: ADMIN };
    for (const alertname of ['DiskFull', 'HighLatency']) {
      const res = await fetch(`${server.url}/api/v2/alerts`, {
        method: 'POST',
        headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' },
        body: JSON.stringify([{ labels: { alertname, severity: 'P1' } }]),
      });
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
      /^ID\s+STATUS\s+SEVERITY\s+SERVICE\s+OPENED\s+STEP\s+NEXT STEP\s+TITLE$/,
    );
    expect(
      lines
        .slice(1)
        .map((l) => l.split(/\s+/).slice(0, 3).join(' '))
        .sort(),
    ).toEqual(['1 triggered P1', '2 triggered P1']);
    const show = await cli(['incidents', 'show', '1']);
    expect(show.stdout).toMatch(/^#1 (DiskFull|HighLatency)\nstatus: triggered\n/);
    expect(show.stdout).toMatch(/escalation: default, step 1\/2, round 1, next \d{4}-/);
    expect(show.stdout).toContain('  paged');
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
    const status = await cli(['incidents', 'list', '--status', 'closed']);
    expect(status.code).toBe(1);
    expect(status.stderr).toContain('--status');
  });
});
