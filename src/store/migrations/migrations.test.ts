import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { afterEach, expect, it } from 'vitest';
import { describeEachDialect } from '../../../test/support/dialects.js';
import { AppError } from '../../errors.js';
import { openStore } from '../open.js';
import type { Store } from '../store.js';
import { migrationNames } from './index.js';

const silent = { info() {}, warn() {}, error() {} };
const CHILD = fileURLToPath(new URL('../../../test/support/migrate-child.ts', import.meta.url));
const TABLES = [
  'action_items',
  'alerts',
  'api_tokens',
  'audit_log',
  'check_events',
  'check_results',
  'check_rollup_day',
  'check_rollup_hour',
  'check_rollup_minute',
  'check_rollup_progress',
  'checks',
  'console_sessions',
  'heartbeat_pings',
  'incident_events',
  'incident_services',
  'incident_updates',
  'incidents',
  'notification_attempts',
  'notifications',
  'person_passwords',
  'postmortems',
  'schedule_overrides',
  'services',
  'settings',
  'silences',
];

describeEachDialect('migrations', (ctx) => {
  const opened: Store[] = [];
  const open = async (url: string): Promise<Store> => {
    const store = await openStore(url, { logger: silent });
    opened.push(store);
    return store;
  };
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((s) => s.close()));
  });

  const tablesOf = async (store: Store): Promise<string[]> =>
    (await store.db.introspection.getTables()).map((t) => t.name).sort();

  it('creates the tables of schema.ts and is idempotent', async () => {
    const store = await open(await ctx.newDatabaseUrl());
    expect(await store.migrate()).toEqual({ applied: migrationNames });
    expect(await tablesOf(store)).toEqual(TABLES);
    expect(await store.migrate()).toEqual({ applied: [] });
    expect(await ctx.store().migrate()).toEqual({ applied: [] });
  });

  it('creates the indexes', async () => {
    const { db } = ctx.store();
    const names =
      ctx.dialect === 'sqlite'
        ? await sql<{ name: string }>`select name from sqlite_master where type = 'index'`.execute(
            db,
          )
        : await sql<{
            name: string;
          }>`select indexname as name from pg_indexes where schemaname = 'public'`.execute(db);
    expect(names.rows.map((r) => r.name)).toEqual(
      expect.arrayContaining([
        'api_tokens_token_hash_key',
        'audit_log_at_idx',
        'audit_log_actor_idx',
        'services_team_idx',
        'check_events_check_at_idx',
      ]),
    );
  });

  it('lets two stores migrate one database concurrently', async () => {
    const url = await ctx.newDatabaseUrl();
    const stores = await Promise.all([open(url), open(url), open(url)]);
    const results = await Promise.all(stores.map((s) => s.migrate()));
    expect(results.map((r) => r.applied).sort()).toEqual([[], [], migrationNames]);
    expect(await tablesOf(stores[0]!)).toEqual(TABLES);
  });

  it('lets separate processes migrate one database concurrently', async () => {
    const url = await ctx.newDatabaseUrl();
    const children = [1, 2, 3].map(() => spawnChild(url));
    await Promise.all(children.map((c) => c.ready));
    for (const c of children) c.go();
    const applied = await Promise.all(children.map((c) => c.result));
    expect(applied.sort()).toEqual([[], [], migrationNames]);
  }, 60_000);

  it('reports a failed migration clearly and leaves nothing half-applied', async () => {
    const store = await open(await ctx.newDatabaseUrl());
    // A stray table makes 0001 fail at its third table, after creating the first two.
    await sql`create table audit_log (x integer)`.execute(store.db);
    const err = await store.migrate().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('internal_error');
    expect((err as AppError).message).toMatch(
      /^storage migration 0001_foundation failed: .*audit_log.* already exists/,
    );
    expect(await tablesOf(store)).toEqual(['audit_log']);
  });

  it('refuses a database migrated by a newer version', async () => {
    const store = await open(await ctx.newDatabaseUrl());
    await store.migrate();
    await sql`insert into kysely_migration (name, timestamp) values ('9999_future', '2100-01-01T00:00:00.000Z')`.execute(
      store.db,
    );
    await expect(store.migrate()).rejects.toThrow(
      'the database was migrated by a newer Opsdeck (unknown migration 9999_future); run that version or newer',
    );
  });
});

/** Runs test/support/migrate-child.ts: `ready` once it is open, `go()` starts its migration. */
function spawnChild(url: string) {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, url], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  let out = '';
  let markReady: () => void = () => {};
  const ready = new Promise<void>((resolve) => (markReady = resolve));
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    out += chunk;
    if (out.includes('ready\n')) markReady();
  });
  const result = new Promise<string[]>((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code) => {
      const last = out.trim().split('\n').at(-1) ?? '';
      if (code === 0) resolve((JSON.parse(last) as { applied: string[] }).applied);
      else reject(new Error(`migrate-child exited with ${code}: ${out}`));
    });
  });
  // An early exit must fail the test rather than leave it waiting for `ready`.
  return {
    ready: Promise.race([ready, result.then(() => {})]),
    result,
    go: () => child.stdin.write('go\n'),
  };
}
