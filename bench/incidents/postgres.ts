/**
 * PostgreSQL for bench/incidents, as bench/paging gets it: OPSDECK_BENCH_POSTGRES_URL or
 * OPSDECK_TEST_POSTGRES_URL (an admin URL), else a throwaway cluster from
 * scripts/pg-throwaway.sh (fsync off) stopped when the benchmark exits, else skipped.
 */
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

const SCRIPT = fileURLToPath(new URL('../../scripts/pg-throwaway.sh', import.meta.url));
const PREFIX = 'opsdeck_bench_incidents_';

export function postgresAdmin(): { url: string; note: string } | { skip: string } {
  const given = process.env.OPSDECK_BENCH_POSTGRES_URL || process.env.OPSDECK_TEST_POSTGRES_URL;
  if (given) return { url: given, note: 'server from the environment' };
  try {
    execFileSync(SCRIPT, ['check'], { stdio: 'ignore', timeout: 10_000 });
  } catch {
    return { skip: 'no PostgreSQL binaries (scripts/pg-throwaway.sh check failed)' };
  }
  const dir = join(
    tmpdir(),
    `opsdeck-bench-incidents-pg-${process.pid}-${Date.now().toString(36)}`,
  );
  process.on('exit', () => {
    try {
      execFileSync(SCRIPT, ['stop', dir], { stdio: 'ignore', timeout: 60_000 });
    } catch {
      // best effort: the cluster is in a temp dir
    }
  });
  const out = execFileSync(SCRIPT, ['start', dir], { encoding: 'utf8', timeout: 90_000 });
  return { url: out.trim().split('\n').pop()!, note: 'throwaway cluster, fsync off (not durable)' };
}

async function admin<T>(adminUrl: string, run: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

/** A fresh, empty database on the server of `adminUrl`; returns its URL. */
export async function freshDatabase(adminUrl: string): Promise<string> {
  const name = `${PREFIX}${Date.now().toString(36)}`;
  await admin(adminUrl, (c) => c.query(`create database ${name}`));
  const u = new URL(adminUrl);
  u.pathname = '/' + name;
  return u.toString();
}

/** Drops a database made by freshDatabase (its server must be stopped). */
export async function dropDatabase(adminUrl: string, url: string): Promise<void> {
  const name = new URL(url).pathname.slice(1);
  if (!name.startsWith(PREFIX) || !/^\w+$/.test(name)) return;
  await admin(adminUrl, (c) => c.query(`drop database if exists ${name}`));
}
