/**
 * The two servers under test, each in its own child process on 127.0.0.1 with its own temp
 * dir: Opsdeck (`bin/opsdeck up`, SQLite in WAL with synchronous=FULL, so durable) and
 * Alertmanager 0.25 from the Debian package (alerts in memory, gossip off). Both get the same
 * routing: group_by [alertname, service], group_wait 0s, group_interval 1s, repeat_interval 1h,
 * and either a webhook to the benchmark's receiver or no target at all.
 *
 * Every child is killed and every temp dir removed when the benchmark exits, however it exits.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, removeDir, removeOnExit, sleep, stopChild, trackChild } from '../lib.js';

const BIN = fileURLToPath(new URL('../../bin/opsdeck', import.meta.url));
export const ALERTMANAGER_BIN = '/usr/bin/prometheus-alertmanager';
export const ADMIN_TOKEN = 'bench-admin-token-0123456789abcdefghijklmnopqrstuvwxyz';
export const INTEGRATION_KEY = 'bench-integration-key-0123456789';

export type Kind = 'opsdeck' | 'alertmanager';

export interface Server {
  kind: Kind;
  url: string;
  pid: number;
  child: ChildProcess;
  /** Headers of every request: the integration key for POST, an API token for GET. */
  postHeaders: Record<string, string>;
  getHeaders: Record<string, string>;
  /** Throws with the log tail if the process has exited. */
  assertAlive(): void;
  tail(): string;
  /** SIGTERM (SIGKILL after 20 s), then removes the temp dir. */
  stop(): Promise<void>;
}

/** Routing shared by both servers; `hook` is the webhook URL or undefined for no target. */
export interface Routing {
  hook: string | undefined;
}

function opsdeckConfig({ hook }: Routing): string {
  return [
    'integrations:',
    `  prom: { type: alertmanager, key: ${INTEGRATION_KEY} }`,
    ...(hook ? ['channels:', `  hook: { type: webhook, url: "${hook}" }`] : []),
    'routes:',
    '  group_by: [alertname, service]',
    '  group_wait: 0s',
    '  group_interval: 1s',
    '  repeat_interval: 1h',
    ...(hook ? ['  notify: [hook]'] : []),
    '',
  ].join('\n');
}

function alertmanagerConfig({ hook }: Routing): string {
  return [
    'route:',
    '  receiver: hook',
    '  group_by: [alertname, service]',
    '  group_wait: 0s',
    '  group_interval: 1s',
    '  repeat_interval: 1h',
    'receivers:',
    '  - name: hook',
    ...(hook ? [`    webhook_configs: [{ url: "${hook}", send_resolved: true }]`] : []),
    '',
  ].join('\n');
}

interface Spawned {
  child: ChildProcess;
  tail(): string;
  assertAlive(): void;
}

function spawnTracked(cmd: string, args: string[], env: NodeJS.ProcessEnv, name: string): Spawned {
  const child = trackChild(spawn(cmd, args, { env, stdio: ['ignore', 'pipe', 'pipe'] }));
  let log: string[] = [];
  const keep = (d: Buffer) => {
    log.push(...d.toString().split('\n').filter(Boolean));
    if (log.length > 200) log = log.slice(-50);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const tail = () => log.slice(-30).join('\n');
  const assertAlive = () => {
    if (child.exitCode !== null || child.signalCode !== null)
      throw new Error(`${name} exited (${child.exitCode ?? child.signalCode}):\n${tail()}`);
  };
  return { child, tail, assertAlive };
}

async function waitReady(url: string, s: Spawned, name: string, timeoutMs = 60_000) {
  for (const deadline = performance.now() + timeoutMs; ;) {
    s.assertAlive();
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(5_000) });
      await res.arrayBuffer();
      if (res.status === 200) return;
    } catch {
      // not listening yet
    }
    if (performance.now() > deadline)
      throw new Error(`${name} not ready in ${timeoutMs} ms:\n${s.tail()}`);
    await sleep(20);
  }
}

/**
 * A running server. Both get the same headers (Alertmanager ignores them), so the load is
 * identical; stopping also removes its temp dir.
 */
function serverOf(kind: Kind, url: string, s: Spawned, dir: string): Server {
  return {
    kind,
    url,
    pid: s.child.pid!,
    child: s.child,
    postHeaders: { authorization: `Bearer ${INTEGRATION_KEY}` },
    getHeaders: { authorization: `Bearer ${ADMIN_TOKEN}` },
    assertAlive: s.assertAlive,
    tail: s.tail,
    stop: async () => {
      await stopChild(s.child);
      removeDir(dir);
    },
  };
}

/** `opsdeck up` on a fresh SQLite file; with `profileDir`, under `--cpu-prof`. */
export async function startOpsdeck(routing: Routing, profileDir?: string): Promise<Server> {
  if (!existsSync(fileURLToPath(new URL('../../dist/opsdeck.mjs', import.meta.url))))
    throw new Error('dist/opsdeck.mjs is missing: run `npm run build` first');
  const dir = mkdtempSync(join(tmpdir(), 'opsdeck-bench-alerts-'));
  removeOnExit(dir);
  const config = join(dir, 'ops.yaml');
  writeFileSync(config, opsdeckConfig(routing));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !k.startsWith('OPSDECK_') && k !== 'NODE_OPTIONS'),
  );
  const s = spawnTracked(
    process.execPath,
    [
      ...(profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : []),
      BIN,
      'up',
      '--config',
      config,
      '--storage',
      `sqlite:${join(dir, 'opsdeck.db')}`,
      '--listen',
      `127.0.0.1:${port}`,
    ],
    { ...env, NO_COLOR: '1', OPSDECK_ADMIN_TOKEN: ADMIN_TOKEN, OPSDECK_LOG_LEVEL: 'warn' },
    'opsdeck',
  );
  await waitReady(`${url}/readyz`, s, 'opsdeck');
  return serverOf('opsdeck', url, s, dir);
}

/** Alertmanager with its data dir in a temp dir (alerts live in memory), no cluster. */
export async function startAlertmanager(routing: Routing): Promise<Server> {
  if (!existsSync(ALERTMANAGER_BIN)) throw new Error(`${ALERTMANAGER_BIN} is missing`);
  const dir = mkdtempSync(join(tmpdir(), 'am-bench-alerts-'));
  removeOnExit(dir);
  const config = join(dir, 'alertmanager.yml');
  writeFileSync(config, alertmanagerConfig(routing));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const s = spawnTracked(
    ALERTMANAGER_BIN,
    [
      `--config.file=${config}`,
      `--storage.path=${join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--cluster.listen-address=',
      '--log.level=warn',
    ],
    process.env,
    'alertmanager',
  );
  await waitReady(`${url}/-/ready`, s, 'alertmanager');
  return serverOf('alertmanager', url, s, dir);
}

export function start(kind: Kind, routing: Routing, profileDir?: string): Promise<Server> {
  return kind === 'opsdeck' ? startOpsdeck(routing, profileDir) : startAlertmanager(routing);
}
