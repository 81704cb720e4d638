/**
 * `opsdeck alerts list` against a real `opsdeck up`: a check that goes down raises CheckDown
 * through the alert store, a posted alert under a silence shows why it is held back.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeConfigFile } from '../support/app.js';
import { runCli, startServer, type RunningServer } from '../support/cli.js';
import { freePort } from '../support/free-port.js';
import { makeTempDir } from '../support/temp-dir.js';
import { until } from '../support/until.js';

const ADMIN = 'test-admin-token-0123456789abcdefghijklmnop';

describe('opsdeck alerts list (real server)', () => {
  let server: RunningServer;
  let env: Record<string, string>;
  const cli = (args: string[]) => runCli(['alerts', ...args], env);
  const api = (path: string, init: RequestInit = {}) =>
    fetch(server.url + path, {
      ...init,
      headers: {
        authorization: `Bearer ${ADMIN}`,
        'content-type': 'application/json',
        ...(init.headers ?? {}),
      },
    });

  beforeAll(async () => {
    const closed = await freePort();
    const config = writeConfigFile(`
services:
  db:
    checks:
      port: { every: 1s, failures_to_down: 1, severity: P1, tcp: { host: 127.0.0.1, port: ${closed} } }
  api: { depends_on: [] }
`);
    const storage = `sqlite:${join(makeTempDir('opsdeck-alerts-cli-'), 'opsdeck.db')}`;
    server = await startServer(['--config', config, '--storage', storage], {
      OPSDECK_ADMIN_TOKEN: ADMIN,
    });
    env = { OPSDECK_URL: server.url, OPSDECK_TOKEN: ADMIN };
    const posted = await api('/api/v2/alerts', {
      method: 'POST',
      body: JSON.stringify([
        { labels: { alertname: 'Quiet', service: 'api' }, annotations: { summary: 'shh' } },
      ]),
    });
    expect(posted.status).toBe(200);
    const silenced = await api('/api/v2/silences', {
      method: 'POST',
      body: JSON.stringify({
        matchers: [{ name: 'alertname', value: 'Quiet', isRegex: false, isEqual: true }],
        startsAt: new Date().toISOString(),
        endsAt: new Date(Date.now() + 3_600_000).toISOString(),
        createdBy: 'test',
        comment: 'cli test',
      }),
    });
    expect(silenced.status).toBe(200);
    await until(async () => {
      const res = await api('/api/v1/alerts?filter=alertname%3D"CheckDown"');
      return ((await res.json()) as { items: unknown[] }).items.length > 0;
    }, 10_000);
  });

  afterAll(async () => {
    await server?.stop('SIGKILL');
  });

  it('lists firing alerts: the down check’s CheckDown and the silenced one, with why', async () => {
    const res = await cli(['list']);
    expect(res.code, res.stderr).toBe(0);
    const lines = res.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^ALERT\s+SERVICE\s+SEVERITY\s+STATE\s+SINCE\s+LABELS\s+SUMMARY$/);
    const down = lines.find((l) => l.startsWith('CheckDown'));
    expect(down).toMatch(/^CheckDown\s+db\s+P1\s+firing\s+/);
    expect(down).toContain('check=port');
    expect(lines.find((l) => l.startsWith('Quiet'))).toMatch(/silenced \([0-9a-f]{8}\).*shh$/);
  });

  it('filters by state, matcher and service, and prints JSON', async () => {
    const suppressed = await cli(['list', '--state', 'suppressed', '--json']);
    expect(suppressed.code, suppressed.stderr).toBe(0);
    const items = JSON.parse(suppressed.stdout) as Array<{ labels: Record<string, string> }>;
    expect(items.map((a) => a.labels.alertname)).toEqual(['Quiet']);
    const filtered = await cli(['list', '--filter', 'alertname=~"Check.*"', '--service', 'db']);
    expect(filtered.stdout).toContain('CheckDown');
    expect(filtered.stdout).not.toContain('Quiet');
    const none = await cli(['list', '--state', 'resolved']);
    expect(none.stdout.trim()).toBe('no resolved alerts');
  });

  it('names the bad option value and exits 1', async () => {
    const bad = await cli(['list', '--state', 'burning']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('--state');
    const badFilter = await cli(['list', '--filter', 'alertname=~"("']);
    expect(badFilter.code).toBe(1);
    expect(badFilter.stderr).toContain('filter');
  });
});
