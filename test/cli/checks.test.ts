/**
 * `opsdeck checks …` against a real `opsdeck up` (SQLite; the commands only talk HTTP, so one
 * dialect is enough), plus a fake server for what a real one cannot easily show (pagination,
 * non-Opsdeck answers, timeouts). Needs `npm run build` first, as every CLI test.
 */
import type { IncomingMessage } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeConfigFile } from '../support/app.js';
import { runCli, startServer, type RunningServer } from '../support/cli.js';
import { startHttp, startRaw, type Target } from '../support/http-targets.js';
import { makeTempDir } from '../support/temp-dir.js';
import { RemoteClient } from '../../src/cli/remote.js';
import { freePort } from '../support/free-port.js';

const ADMIN = 'test-admin-token-0123456789abcdefghijklmnop';

interface ApiCheck {
  id: string;
  state: string;
}

describe('opsdeck checks (real server)', () => {
  let server: RunningServer;
  let closedPort: number;
  let env: Record<string, string>;

  const api = async <T>(path: string, init: RequestInit = {}): Promise<T> => {
    const res = await fetch(server.url + path, {
      ...init,
      headers: { authorization: `Bearer ${ADMIN}`, ...(init.headers ?? {}) },
    });
    expect(res.status, path).toBeLessThan(300);
    return (await res.json()) as T;
  };

  /** Polls the API until every check in `want` is in its state (checks once with timeout 0). */
  const waitForStates = async (want: Record<string, string>, timeoutMs = 10_000) => {
    const deadline = Date.now() + timeoutMs;
    let states: Record<string, string> = {};
    for (;;) {
      const page = await api<{ items: ApiCheck[] }>('/api/v1/checks');
      states = Object.fromEntries(page.items.map((c) => [c.id, c.state]));
      if (Object.entries(want).every(([id, state]) => states[id] === state)) return;
      if (Date.now() >= deadline) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`checks never reached ${JSON.stringify(want)}: ${JSON.stringify(states)}`);
  };

  const cli = (args: string[], extra: Record<string, string | undefined> = {}) =>
    runCli(['checks', ...args], { ...env, ...extra });

  beforeAll(async () => {
    const port = await freePort();
    closedPort = await freePort();
    const config = writeConfigFile(`
services:
  self:
    checks:
      health:
        every: 1s
        http: { url: "http://127.0.0.1:${port}/healthz" }
      ready:
        every: 1s
        http: { url: "http://127.0.0.1:${port}/readyz" }
  db:
    labels: { env: prod }
    checks:
      port:
        every: 1s
        labels: { tier: db }
        tcp: { host: 127.0.0.1, port: ${closedPort} }
`);
    const storage = `sqlite:${join(makeTempDir('opsdeck-checks-cli-'), 'opsdeck.db')}`;
    server = await startServer(
      ['--config', config, '--storage', storage, '--listen', `127.0.0.1:${port}`],
      { OPSDECK_ADMIN_TOKEN: ADMIN },
    );
    expect(server.url).toBe(`http://127.0.0.1:${port}`);
    env = { OPSDECK_URL: server.url, OPSDECK_TOKEN: ADMIN };
    await waitForStates({ 'self/health': 'up', 'self/ready': 'up', 'db/port': 'down' });
  });

  afterAll(async () => {
    await server?.stop('SIGKILL');
  });

  it('list: a table of every check with state, since, latency and reason', async () => {
    const res = await cli(['list']);
    expect(res.code, res.stderr).toBe(0);
    const lines = res.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^ID\s+KIND\s+STATE\s+SINCE\s+LATENCY\s+REASON$/);
    expect(lines.slice(1).map((l) => l.split(/\s+/)[0])).toEqual([
      'db/port',
      'self/health',
      'self/ready',
    ]);
    expect(res.stdout).toMatch(
      new RegExp(
        `^db/port\\s+tcp\\s+down\\s+(\\d+[smh] ago|just now)\\s+[\\d.]+m?s\\s+connect ECONNREFUSED 127\\.0\\.0\\.1:${closedPort}$`,
        'm',
      ),
    );
    expect(res.stdout).toMatch(
      /^self\/health\s+http\s+up\s+(\d+[smh] ago|just now)\s+[\d.]+m?s\s+-$/m,
    );
    expect(res.stderr).toBe('');
  });

  it('list: --json prints the items; filters by service, state, kind and labels', async () => {
    const list = async (...args: string[]) => {
      const res = await cli(['list', '--json', ...args]);
      expect(res.code, res.stderr).toBe(0);
      return JSON.parse(res.stdout) as ApiCheck[];
    };
    const ids = (checks: ApiCheck[]) => checks.map((c) => c.id);
    const [all, selfHttp, downByLabels, none] = await Promise.all([
      list(),
      list('--service', 'self', '--kind', 'http'),
      list('--state', 'down', '--label', 'tier=db', '--label', 'env=prod'),
      list('--label', 'tier=db', '--label', 'env=staging'),
    ]);
    expect(ids(all)).toEqual(['db/port', 'self/health', 'self/ready']);
    expect(ids(selfHttp)).toEqual(['self/health', 'self/ready']);
    expect(ids(downByLabels)).toEqual(['db/port']);
    expect(none).toEqual([]);
    expect(downByLabels[0]).toMatchObject({
      id: 'db/port',
      kind: 'tcp',
      state: 'down',
      target: `127.0.0.1:${closedPort}`,
      labels: { env: 'prod', tier: 'db' },
      last_result: { status: 'down' },
    });

    const [empty, badLabel, badState] = await Promise.all([
      cli(['list', '--service', 'nothing']),
      cli(['list', '--label', 'tier']),
      cli(['list', '--state', 'sideways']),
    ]);
    expect(empty).toMatchObject({ code: 0, stdout: 'no checks match\n' });
    expect(badLabel.code).toBe(1);
    expect(badLabel.stderr).toBe("opsdeck: --label: expected key=value, got 'tier'\n");
    expect(badState.code).toBe(1);
    expect(badState.stderr).toBe(
      "opsdeck: --state: expected one of up, degraded, down, paused, unknown, got 'sideways'\n",
    );
  });

  it('show: labels, target, last result with reason, 24h/30d uptime and recent events', async () => {
    const [down, up, json] = await Promise.all([
      cli(['show', 'db/port']),
      cli(['show', 'self/health']),
      cli(['show', 'db/port', '--json']),
    ]);
    expect(down.code, down.stderr).toBe(0);
    const out = down.stdout;
    expect(out).toMatch(/^ID:\s+db\/port$/m);
    expect(out).toMatch(/^Kind:\s+tcp$/m);
    expect(out).toMatch(
      /^State:\s+down since \d{4}-\d\d-\d\dT[\d:.]+Z \((\d+[smh] ago|just now)\)$/m,
    );
    expect(out).toMatch(
      new RegExp(`^Reason:\\s+connect ECONNREFUSED 127\\.0\\.0\\.1:${closedPort}$`, 'm'),
    );
    expect(out).toMatch(new RegExp(`^Target:\\s+127\\.0\\.0\\.1:${closedPort}$`, 'm'));
    expect(out).toMatch(/^Schedule:\s+every 1s, timeout 1s$/m);
    expect(out).toMatch(/^Labels:\s+.*\benv=prod, tier=db\b/m);
    expect(out).toMatch(/^Last result:\s+down in [\d.]+m?s at \S+ \((\d+[smh] ago|just now)\)$/m);
    expect(out).toMatch(
      new RegExp(`^  reason: connect ECONNREFUSED 127\\.0\\.0\\.1:${closedPort}$`, 'm'),
    );
    expect(out).toMatch(/^Uptime 24h:\s+0\.000% \(\d+ runs?, \d+ down\)$/m);
    expect(out).toMatch(/^Uptime 30d:\s+0\.000% \(\d+ runs?, \d+ down\)$/m);
    expect(out).toMatch(/^Recent events \(newest first\):$/m);
    expect(out).toMatch(/^\s+\S+Z \(.*\)\s+unknown → down\s+connect ECONNREFUSED/m);

    expect(up.stdout).toMatch(/^Uptime 24h:\s+100\.000% \(\d+ runs?\)$/m);
    expect(up.stdout).toMatch(/^Last result:\s+up in /m);
    expect(up.stdout).toMatch(/^ {2}status_code: 200$/m);

    expect(json.code, json.stderr).toBe(0);
    const parsed = JSON.parse(json.stdout);
    expect(Object.keys(parsed)).toEqual(['check', 'uptime_24h', 'uptime_30d', 'events']);
    expect(parsed.check).toMatchObject({ id: 'db/port', state: 'down' });
    expect(parsed.uptime_24h).toMatchObject({ uptime: 0, runs: { up: 0 } });
    expect(parsed.uptime_30d.runs.down).toBeGreaterThan(0);
    expect(parsed.events[0]).toMatchObject({ from: 'unknown', to: 'down' });
    expect(parsed.events.length).toBeLessThanOrEqual(5);
  });

  it('run: prints status, latency and reason; exits 0 when up and 2 when down', async () => {
    const [up, down] = await Promise.all([cli(['run', 'self/health']), cli(['run', 'db/port'])]);
    expect(up.code, up.stderr).toBe(0);
    expect(up.stdout).toMatch(/^self\/health: up in [\d.]+m?s\n$/);
    expect(down.code, down.stderr).toBe(2);
    expect(down.stdout).toMatch(
      new RegExp(
        `^db/port: down in [\\d.]+m?s: connect ECONNREFUSED 127\\.0\\.0\\.1:${closedPort}\\n$`,
      ),
    );
  });

  it('pause and resume: print the new state; a resumed check runs again', async () => {
    const paused = await cli(['pause', 'self/ready']);
    expect(paused.code, paused.stderr).toBe(0);
    expect(paused.stdout).toMatch(/^self\/ready: paused \(paused by \S+\)\n$/);
    await waitForStates({ 'self/ready': 'paused' }, 0);

    const resumed = await cli(['resume', 'self/ready']);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stdout).toMatch(/^self\/ready: unknown \(resumed by \S+\)\n$/);
    await waitForStates({ 'self/ready': 'up' });
  });

  it('an unknown check exits 1 with the server message; a bad id fails before any request', async () => {
    const [missing, bad, tooDeep] = await Promise.all([
      cli(['run', 'db/nope']),
      // A server that is not there: the id is rejected first.
      cli(['show', 'nope'], { OPSDECK_URL: `http://127.0.0.1:${closedPort}` }),
      cli(['pause', 'a/b/c']),
    ]);
    expect(missing).toMatchObject({
      code: 1,
      stdout: '',
      stderr: "opsdeck: check 'db/nope' not found (not_found)\n",
    });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toBe("opsdeck: id: expected SERVICE/CHECK (e.g. api/health), got 'nope'\n");
    expect(tooDeep.code).toBe(1);
    expect(tooDeep.stderr).toContain("id: expected SERVICE/CHECK (e.g. api/health), got 'a/b/c'");
  });

  it('a missing or invalid token exits 1 with the hint, never printing the token', async () => {
    const wrong = 'odk_wrong-secret-that-must-not-be-printed';
    const [missing, invalidEnv, invalidFlag] = await Promise.all([
      cli(['list'], { OPSDECK_TOKEN: undefined }),
      cli(['list'], { OPSDECK_TOKEN: wrong }),
      cli(['run', 'self/health', '--token', wrong], { OPSDECK_TOKEN: undefined }),
    ]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toBe(
      'opsdeck: no API token (unauthorized): set OPSDECK_TOKEN (or --token) to a valid API token; create one with `opsdeck token create --name cli --role responder`\n',
    );
    for (const res of [invalidEnv, invalidFlag]) {
      expect(res.code).toBe(1);
      expect(res.stderr).toMatch(/^opsdeck: invalid token \(unauthorized\); set OPSDECK_TOKEN/);
      expect(res.stderr).toContain('opsdeck token create');
      expect(res.stdout + res.stderr).not.toContain(wrong);
    }

    const viewer = await api<{ secret: string }>('/api/v1/tokens', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'cli-viewer', role: 'viewer' }),
    });
    const forbidden = await cli(['pause', 'db/port'], { OPSDECK_TOKEN: viewer.secret });
    expect(forbidden.code).toBe(1);
    expect(forbidden.stderr).toBe(
      "opsdeck: this action needs the 'responder' role; the token has 'viewer' (forbidden)\n",
    );
  });

  it('--server overrides OPSDECK_URL; a server that is not running gets the connection message', async () => {
    const viaFlag = await cli(['list', '--server', server.url + '/'], {
      OPSDECK_URL: `http://127.0.0.1:${closedPort}`,
    });
    expect(viaFlag.code, viaFlag.stderr).toBe(0);

    const down = await cli(['list'], { OPSDECK_URL: `http://127.0.0.1:${closedPort}` });
    expect(down).toMatchObject({
      code: 1,
      stdout: '',
      stderr: `opsdeck: cannot reach Opsdeck at http://127.0.0.1:${closedPort}: connection refused (is it running? set --server or OPSDECK_URL)\n`,
    });
    const badUrl = await cli(['list', '--server', 'localhost:8080']);
    expect(badUrl.code).toBe(1);
    expect(badUrl.stderr).toMatch(/^opsdeck: --server: expected an http:\/\/ or https:\/\/ URL/);
  });
});

describe('opsdeck checks (fake server)', () => {
  let target: Target | undefined;
  afterAll(async () => {
    await target?.close();
  });

  it('list follows next_cursor with limit=500 and sends the filters and the token', async () => {
    const requests: IncomingMessage[] = [];
    const check = (id: string) => ({
      id,
      kind: 'tcp',
      state: 'up',
      state_since: null,
      state_reason: null,
      last_result: null,
    });
    target = await startHttp((req, res) => {
      requests.push(req);
      const url = new URL(req.url!, 'http://x');
      const page =
        url.searchParams.get('cursor') === null
          ? { items: [check('a/one'), check('a/two')], next_cursor: 'a/two' }
          : { items: [check('b/three')], next_cursor: null };
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify(page));
    });
    const res = await runCli(
      ['checks', 'list', '--json', '--label', 'env=prod', '--label', 'tier=db', '--kind', 'tcp'],
      { OPSDECK_URL: `${target.url}/ops/`, OPSDECK_TOKEN: 'odk_fake' },
    );
    expect(res.code, res.stderr).toBe(0);
    expect(JSON.parse(res.stdout).map((c: ApiCheck) => c.id)).toEqual([
      'a/one',
      'a/two',
      'b/three',
    ]);
    expect(requests.map((r) => r.url)).toEqual([
      '/ops/api/v1/checks?kind=tcp&label=env%3Dprod&label=tier%3Ddb&limit=500',
      '/ops/api/v1/checks?kind=tcp&label=env%3Dprod&label=tier%3Ddb&limit=500&cursor=a%2Ftwo',
    ]);
    expect(requests.every((r) => r.headers.authorization === 'Bearer odk_fake')).toBe(true);

    const table = await runCli(['checks', 'list'], { OPSDECK_URL: target.url });
    expect(table.stdout).toMatch(/^b\/three\s+tcp\s+up\s+-\s+-\s+-$/m);
  });

  it('an answer that is not an Opsdeck error is reported as such', async () => {
    const proxy = await startHttp((_req, res) => {
      res.statusCode = 502;
      res.end('<html>Bad Gateway</html>');
    });
    try {
      const res = await runCli(['checks', 'list'], { OPSDECK_URL: proxy.url });
      expect(res.code).toBe(1);
      expect(res.stderr).toBe(
        `opsdeck: ${proxy.url} answered HTTP 502 Bad Gateway without an Opsdeck error; is --server an Opsdeck server?\n`,
      );
    } finally {
      await proxy.close();
    }
  });

  it('a server that does not answer in time gets a clear timeout message', async () => {
    const silent = await startRaw(() => {});
    try {
      const client = new RemoteClient({ baseUrl: silent.url, token: 'odk_fake', timeoutMs: 300 });
      const started = Date.now();
      await expect(client.get('/api/v1/checks')).rejects.toThrow(
        `Opsdeck at ${silent.url} did not answer GET /api/v1/checks within 0.3 s; the server may be overloaded or stuck`,
      );
      expect(Date.now() - started).toBeLessThan(5000);
    } finally {
      await silent.close();
    }
  });
});
