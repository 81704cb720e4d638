import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { isCI, onlyDialect, postgresUrlFromEnv } from './env.js';
import { PgCluster, postgresBinariesAvailable } from './pg-cluster.js';
import type {} from './provided-context.js';

/**
 * Decides where the PostgreSQL half of the suite runs, once per `vitest run`:
 * 1. OPSDECK_TEST_POSTGRES_URL, if set (must answer, or the run fails);
 * 2. in CI with no URL: fail loudly, CI must never skip PostgreSQL;
 * 3. locally: a throwaway cluster started here and stopped in teardown;
 * 4. locally without PostgreSQL binaries: a very visible SKIPPED banner, and every
 *    PostgreSQL suite shows up as skipped with the reason in its title.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  // One temp root per run (see temp-dir.ts): workers are killed, not exited, so per-file
  // cleanup hooks are unreliable; removing the root here catches everything.
  const root = mkdtempSync(join(tmpdir(), 'opsdeck-test-'));
  process.env.OPSDECK_TEST_TMP = root;
  const teardownPostgres = await setupPostgres(project);
  return async () => {
    await teardownPostgres();
    rmSync(root, { recursive: true, force: true });
  };
}

async function setupPostgres(project: TestProject): Promise<() => Promise<void>> {
  const only = onlyDialect();
  if (only && isCI())
    throw new Error(`OPSDECK_TEST_DIALECT=${only} is not allowed in CI: both dialects must run`);

  const provide = (url: string | null, skipReason: string | null): void => {
    project.provide('opsdeckPostgresUrl', url);
    project.provide('opsdeckPostgresSkipReason', skipReason);
  };
  if (only === 'sqlite') {
    provide(null, 'OPSDECK_TEST_DIALECT=sqlite');
    return async () => {};
  }

  const fromEnv = postgresUrlFromEnv();
  if (fromEnv) {
    await assertReachable(fromEnv);
    provide(fromEnv, null);
    return async () => {};
  }
  if (isCI()) {
    throw new Error(
      'CI is set but OPSDECK_TEST_POSTGRES_URL is not: CI must run the PostgreSQL tests. ' +
        'Start a cluster with scripts/pg-throwaway.sh (as .ci/run does) and export its URL.',
    );
  }

  let reason: string;
  if (postgresBinariesAvailable()) {
    try {
      const cluster = await PgCluster.start();
      provide(cluster.url, null);
      return () => cluster.stop();
    } catch (err) {
      reason = `could not start a throwaway cluster: ${(err as Error).message}`;
    }
  } else {
    reason = 'no PostgreSQL binaries (initdb) on PATH or in /usr/lib/postgresql/*/bin';
  }
  warnSkipped(reason);
  provide(null, reason);
  return async () => {};
}

/** A URL that was asked for but does not work is an error, not a reason to skip. */
async function assertReachable(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  try {
    await client.connect();
    await client.query('select 1');
  } catch (err) {
    throw new Error(`OPSDECK_TEST_POSTGRES_URL does not answer: ${(err as Error).message}`, {
      cause: err,
    });
  } finally {
    await client.end().catch(() => {});
  }
}

function warnSkipped(reason: string): void {
  const line = '!'.repeat(78);
  console.warn(
    [
      '',
      line,
      '!!  POSTGRESQL TESTS ARE SKIPPED: only the SQLite half of the suite runs.',
      `!!  Reason: ${reason}`,
      '!!  Fix: install PostgreSQL (Debian: apt-get install postgresql) or set',
      '!!  OPSDECK_TEST_POSTGRES_URL. CI never skips them. See DEVELOPERS.md.',
      line,
      '',
    ].join('\n'),
  );
}
