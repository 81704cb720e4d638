/**
 * `npm start` for a newcomer: examples/start.mjs runs the demo and `opsdeck up` on
 * examples/ops.yaml, and within seconds every check kind has something real to report.
 * Needs dist/ (`npm test` builds it first) and the demo's fixed ports 8181, 8443, 6390 and
 * 5354 (udp) free on 127.0.0.1.
 */
import { spawn } from 'node:child_process';
import dgram from 'node:dgram';
import net from 'node:net';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { CHECK_KINDS } from '../../src/config/index.js';
import { ROOT } from '../support/cli.js';
import { makeTempDir } from '../support/temp-dir.js';
import { freePort } from '../support/free-port.js';

const ADMIN = 'test-admin-token-0123456789abcdefghijklmnop';
const TCP_PORTS = [8181, 8443, 6390];
const UDP_PORT = 5354;

interface CheckItem {
  id: string;
  kind: string;
  state: string;
  last_result: { status: string; reason: string | null } | null;
  heartbeat: { last_ping_at: string | null } | null;
}

/** Whether something accepts TCP connections on 127.0.0.1:port. */
function tcpListening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** Whether a UDP socket is bound to 127.0.0.1:port (we cannot bind it ourselves). */
function udpBound(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = dgram.createSocket('udp4');
    socket.once('error', () => {
      socket.close();
      resolve(true);
    });
    socket.bind(port, '127.0.0.1', () => socket.close(() => resolve(false)));
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let cleanup: (() => void) | undefined;
afterEach(() => {
  cleanup?.();
  cleanup = undefined;
});

it('npm start: the demo and Opsdeck come up, every check kind reports, SIGTERM stops both', async () => {
  for (const port of TCP_PORTS)
    if (await tcpListening(port))
      throw new Error(`127.0.0.1:${port} is in use (is \`npm start\` running?); the demo needs it`);
  if (await udpBound(UDP_PORT))
    throw new Error(`udp 127.0.0.1:${UDP_PORT} is in use; the demo's DNS server needs it`);

  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const env: NodeJS.ProcessEnv = {
    ...Object.fromEntries(
      Object.entries(process.env).filter(
        ([k]) => !k.startsWith('OPSDECK_') && k !== 'DATABASE_URL' && k !== 'REDIS_PASSWORD',
      ),
    ),
    NO_COLOR: '1',
    OPSDECK_LISTEN: `127.0.0.1:${port}`,
    OPSDECK_PUBLIC_URL: url,
    OPSDECK_STORAGE: `sqlite:${join(makeTempDir('opsdeck-example-'), 'db')}`,
    OPSDECK_ADMIN_TOKEN: ADMIN,
  };
  // Its own process group, so a failed test can stop Opsdeck too, not just start.mjs.
  const child = spawn(process.execPath, ['examples/start.mjs'], { cwd: ROOT, env, detached: true });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  cleanup = () => {
    try {
      if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  };
  const started = Date.now();

  const required = [
    'api/health',
    'api/port',
    'api/dns',
    'web/https',
    'web/certificate',
    'worker/disk-free',
    'postgres/connect',
    'postgres/dns',
    'redis/ping',
    'opsdeck/healthz',
    'opsdeck/readyz',
  ];
  let checks: CheckItem[] = [];
  const byId = () => new Map(checks.map((c) => [c.id, c]));
  const ready = () => {
    const map = byId();
    const pinged = [...map.values()].some(
      (c) => c.kind === 'heartbeat' && c.heartbeat?.last_ping_at,
    );
    return pinged && required.every((id) => map.get(id)?.last_result);
  };
  while (!ready()) {
    if (child.exitCode !== null) throw new Error(`start.mjs exited (${child.exitCode})\n${output}`);
    if (Date.now() - started > 25_000)
      throw new Error(
        `no results after 25 s for: ${required.filter((id) => !byId().get(id)?.last_result).join(', ')}\n` +
          `${JSON.stringify(checks, null, 1)}\n${output}`,
      );
    await sleep(250);
    const res = await fetch(`${url}/api/v1/checks?limit=500`, {
      headers: { authorization: `Bearer ${ADMIN}` },
    }).catch(() => undefined);
    if (res?.ok) checks = ((await res.json()) as { items: CheckItem[] }).items;
  }
  expect(new Set(checks.map((c) => c.kind))).toEqual(new Set(CHECK_KINDS));
  const map = byId();
  const status = (id: string) => map.get(id)?.last_result?.status;
  const healthy = required.filter((id) => !['api/health', 'postgres/connect'].includes(id));
  for (const id of healthy)
    expect(['up', 'degraded'], `${id}: ${JSON.stringify(map.get(id))}`).toContain(status(id));
  // The demo API fails now and then (outages, random 500s) and PostgreSQL is not played:
  // any result will do.
  expect(['up', 'degraded', 'down']).toContain(status('api/health'));
  expect(['up', 'degraded', 'down']).toContain(status('postgres/connect'));
  // The demo's backup job starts its first run 2 s after launch and pings /start at once.
  const lastPing = map.get('postgres/backup')?.heartbeat?.last_ping_at;
  expect(lastPing, JSON.stringify(map.get('postgres/backup'))).toBeTruthy();
  expect(Date.parse(lastPing!) - started).toBeLessThan(10_000);
  expect(output).toContain('demo: api http://127.0.0.1:8181/health');
  // PostgreSQL is not played: its P1 CheckDown reaches the ops-webhook channel, which the
  // demo's receiver prints (checks → alert store → routing → webhook, end to end).
  // The demo API's /metrics is scraped for the example's metric rules.
  const get = async <T>(path: string): Promise<T> => {
    const res = await fetch(`${url}${path}`, { headers: { authorization: `Bearer ${ADMIN}` } });
    expect(res.status, path).toBe(200);
    return (await res.json()) as T;
  };
  type Target = { job: string; up: boolean; samples: number };
  for (const deadline = Date.now() + 20_000; ; await sleep(250)) {
    const { items } = await get<{ items: Target[] }>('/api/v1/scrape-targets');
    const api = items.find((t) => t.job === 'demo-api');
    if (api?.up && api.samples > 0) break;
    if (Date.now() > deadline) throw new Error(`demo-api never scraped: ${JSON.stringify(items)}`);
  }
  const rules = await get<{ items: Array<{ name: string; health: string }> }>('/api/v1/rules');
  expect(rules.items).toHaveLength(7);
  expect(rules.items.filter((r) => r.health === 'error')).toEqual([]);
  const notified = 'demo receiver: firing P1 {alertname="CheckDown", service="postgres"}';
  for (const deadline = Date.now() + 40_000; !output.includes(notified); await sleep(250))
    if (Date.now() > deadline) throw new Error(`no notification for postgres\n${output}`);

  // examples/incident.mjs walks that incident through the handbooks' lifecycle with the CLI.
  const walk = spawn(process.execPath, ['examples/incident.mjs'], {
    cwd: ROOT,
    env: { ...env, OPSDECK_URL: url, OPSDECK_TOKEN: ADMIN },
  });
  let walked = '';
  walk.stdout.on('data', (d: Buffer) => (walked += d.toString()));
  walk.stderr.on('data', (d: Buffer) => (walked += d.toString()));
  const walkCode = await new Promise<number | null>((resolve) => walk.on('exit', resolve));
  expect(walkCode, walked).toBe(0);
  expect(walked).toMatch(/incident #\d+: acknowledged, worked, resolved, written up and closed/);
  expect(walked).toContain('$ opsdeck postmortem show');
  expect(walked).toContain('primary is down');
  const [, walkedId] = /incident #(\d+): acknowledged/.exec(walked)!;
  const closed = await get<{ status: string; roles: Record<string, string> }>(
    `/api/v1/incidents/${walkedId}`,
  );
  expect(closed).toMatchObject({ status: 'closed', roles: { commander: 'alice' } });

  child.kill('SIGTERM');
  const code = await Promise.race([exited, sleep(15_000).then(() => 'timeout' as const)]);
  expect(code, output).toBe(0);
  for (const p of TCP_PORTS) expect(await tcpListening(p), `port ${p}`).toBe(false);
  expect(await udpBound(UDP_PORT), `udp port ${UDP_PORT}`).toBe(false);
}, 90_000);
