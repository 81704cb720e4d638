/**
 * bench/startup: cold start to /readyz 200 with a 1,000-service config (target < 1.5 s), and
 * GET /api/v1/services latency at 100 concurrent clients (target p99 < 20 ms), on SQLite and,
 * when a PostgreSQL URL is available, on PostgreSQL. Spawns the real built CLI. The load runs
 * after a warm-up, with autocannon and, when installed, wrk: on a 2-core machine the client
 * competes with the server for CPU, and a JavaScript client takes more of it.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import pg from 'pg';
import { freePort, ms, printTable, type Row } from './lib.js';

const BIN = fileURLToPath(new URL('../bin/opsdeck', import.meta.url));
const TOKEN = 'bench-admin-token-0123456789abcdefghijklmnopqrstuvwxyz';
const SERVICES = 1000;
const RUNS = 5;
const LOAD_SECONDS = 10;
/** JIT warm-up before measuring: a server's first seconds are not its steady state. */
const WARMUP_SECONDS = 3;
const CONNECTIONS = 100;

interface Load {
  client: string;
  p50: number;
  p99: number;
  rps: number;
  errors: number;
}

/** autocannon (always available; JavaScript, so it shares the CPU with the server it loads). */
async function loadWithAutocannon(url: string, seconds: number): Promise<Load> {
  const r = await autocannon({
    url,
    connections: CONNECTIONS,
    duration: seconds,
    headers: { authorization: `Bearer ${TOKEN}` },
  });
  return {
    client: 'autocannon',
    p50: r.latency.p50,
    p99: r.latency.p99,
    rps: Math.round(r.requests.average),
    errors: r.errors + r.non2xx,
  };
}

function hasWrk(): boolean {
  try {
    execFileSync('wrk', ['--version'], { stdio: 'ignore' });
    return true;
  } catch (error) {
    // wrk prints its version and exits 1; only a missing binary is ENOENT.
    return (error as NodeJS.ErrnoException).code !== 'ENOENT';
  }
}

/** wrk (C, Debian package `wrk`): a lighter client, closer to what the server itself does. */
function loadWithWrk(url: string, seconds: number): Load {
  const out = execFileSync(
    'wrk',
    [
      '-t1',
      `-c${CONNECTIONS}`,
      `-d${seconds}s`,
      '--latency',
      '-H',
      `Authorization: Bearer ${TOKEN}`,
      url,
    ],
    {
      encoding: 'utf8',
    },
  );
  const latency = (p: string) => {
    const m = new RegExp(`^\\s+${p}%\\s+([\\d.]+)(us|ms|s)$`, 'm').exec(out);
    if (!m) throw new Error(`cannot read p${p} from wrk:\n${out}`);
    return Number(m[1]) * ({ us: 0.001, ms: 1, s: 1000 } as const)[m[2] as 'us' | 'ms' | 's'];
  };
  const errors = /Non-2xx or 3xx responses: (\d+)/.exec(out);
  return {
    client: 'wrk',
    p50: latency('50'),
    p99: latency('99'),
    rps: Math.round(Number(/Requests\/sec:\s+([\d.]+)/.exec(out)![1])),
    errors: errors ? Number(errors[1]) : 0,
  };
}

function writeBigConfig(dir: string): string {
  const lines = ['people:', '  alice: { name: Alice, email: alice@example.com }', 'teams:'];
  for (let t = 0; t < 20; t++) lines.push(`  team-${t}: { members: [alice] }`);
  lines.push('services:');
  for (let i = 0; i < SERVICES; i++) {
    const deps = i > 0 ? `, depends_on: [svc-${String(i - 1).padStart(4, '0')}]` : '';
    lines.push(
      `  svc-${String(i).padStart(4, '0')}: { team: team-${i % 20}, tier: ${(i % 4) + 1}, owner: alice, labels: { env: prod, idx: "${i}" }${deps} }`,
    );
  }
  const path = join(dir, 'ops.yaml');
  writeFileSync(path, lines.join('\n') + '\n');
  return path;
}

async function waitReady(url: string, child: ChildProcess, deadlineMs = 30_000): Promise<void> {
  const deadline = Date.now() + deadlineMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`opsdeck exited with ${child.exitCode}`);
    try {
      if ((await fetch(url + '/readyz')).status === 200) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error('not ready within 30 s');
    await new Promise((r) => setTimeout(r, 5));
  }
}

async function start(
  config: string,
  storage: string,
): Promise<{ url: string; child: ChildProcess; ms: number }> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const t0 = performance.now();
  const child = spawn(
    process.execPath,
    [BIN, 'up', '--config', config, '--storage', storage, '--listen', `127.0.0.1:${port}`],
    {
      env: { ...process.env, OPSDECK_ADMIN_TOKEN: TOKEN, OPSDECK_LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  await waitReady(url, child);
  return { url, child, ms: performance.now() - t0 };
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.on('exit', r));
  child.kill('SIGTERM');
  await exited;
}

async function freshPostgres(adminUrl: string): Promise<string> {
  const name = `opsdeck_bench_${Date.now()}_${Math.floor(Math.random() * 1e6)}`;
  const client = new pg.Client(adminUrl);
  await client.connect();
  await client.query(`create database ${name}`);
  await client.end();
  const u = new URL(adminUrl);
  u.pathname = '/' + name;
  return u.toString();
}

async function benchBackend(
  label: string,
  config: string,
  storage: () => Promise<string>,
): Promise<Row[]> {
  const cold: number[] = [];
  let last: { url: string; child: ChildProcess } | undefined;
  for (let i = 0; i < RUNS; i++) {
    const run = await start(config, await storage());
    cold.push(run.ms);
    if (i < RUNS - 1) await stop(run.child);
    else last = run;
  }
  cold.sort((a, b) => a - b);
  const url = `${last!.url}/api/v1/services`;
  const loads: Load[] = [];
  await loadWithAutocannon(url, WARMUP_SECONDS);
  loads.push(await loadWithAutocannon(url, LOAD_SECONDS));
  if (hasWrk()) {
    loadWithWrk(url, WARMUP_SECONDS);
    loads.push(loadWithWrk(url, LOAD_SECONDS));
  }
  await stop(last!.child);
  return loads.map((load) => ({
    storage: label,
    'cold start median': ms(cold[Math.floor(cold.length / 2)]!),
    'cold start max': ms(cold.at(-1)!),
    'target < 1500 ms': cold.at(-1)! < 1500 ? 'met' : 'MISSED',
    client: load.client,
    'GET services p50': `${load.p50.toFixed(1)} ms`,
    'p99 (100 clients)': `${load.p99.toFixed(1)} ms`,
    'target p99 < 20 ms': load.p99 < 20 ? 'met' : 'MISSED',
    'req/s': load.rps,
    errors: load.errors,
  }));
}

export async function benchStartup(pgAdminUrl: string | undefined): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'opsdeck-bench-'));
  try {
    const config = writeBigConfig(dir);
    let n = 0;
    const rows = await benchBackend(
      'sqlite',
      config,
      async () => `sqlite:${join(dir, `db-${n++}.sqlite`)}`,
    );
    if (pgAdminUrl)
      rows.push(...(await benchBackend('postgres', config, () => freshPostgres(pgAdminUrl))));
    else console.log('\n(PostgreSQL skipped: set OPSDECK_BENCH_POSTGRES_URL to include it)');
    if (!hasWrk())
      console.log(
        '\n(wrk not installed: only autocannon measured; `apt-get install wrk` adds the lighter client)',
      );
    printTable(
      `bench/startup: ${SERVICES} services, ${RUNS} cold starts each, ${CONNECTIONS} connections, ${WARMUP_SECONDS} s warm-up + ${LOAD_SECONDS} s of load`,
      rows,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
