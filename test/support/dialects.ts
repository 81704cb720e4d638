import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, inject, it } from 'vitest';
import { openStore } from '../../src/store/index.js';
import type { Dialect, Store, StoreLogger } from '../../src/store/index.js';
import { isCI, onlyDialect } from './env.js';
import type {} from './provided-context.js';

/** What a suite written with describeEachDialect gets. */
export interface DialectContext {
  readonly dialect: Dialect;
  /** The suite's open, migrated Store. Call it inside hooks and tests, not at collection. */
  store(): Store;
  /** The storage URL of the suite's database, e.g. for a spawned `opsdeck up --storage`. */
  readonly url: string;
  /** Another fresh, empty (unmigrated) database of the same dialect, dropped after the suite. */
  newDatabaseUrl(): Promise<string>;
}

/** Creates fresh databases of one dialect and removes them all in `cleanup`. */
interface DatabaseFactory {
  create(): Promise<string>;
  cleanup(): Promise<void>;
}

/** Warnings (a lost connection, say) stay visible; routine info lines do not clutter output. */
const testLogger: StoreLogger = {
  info: () => {},
  warn: (details, msg) => console.warn(`[store] ${msg}`, details),
  error: (details, msg) => console.error(`[store] ${msg}`, details),
};

/**
 * Registers `body` twice: `title [sqlite]` on a fresh temp-file database and `title [postgres]`
 * on a fresh `opsdeck_test_<random>` database created through the admin URL from
 * global-setup.ts and dropped afterwards. Without PostgreSQL (local runs only) the second copy
 * is registered as skipped with the reason in its title; in CI it fails.
 */
export function describeEachDialect(title: string, body: (ctx: DialectContext) => void): void {
  const only = onlyDialect();
  if (only === 'postgres') {
    const skipped = `${title} [sqlite] — SKIPPED: OPSDECK_TEST_DIALECT=postgres`;
    describe.skip(skipped, () => body(unavailable('sqlite')));
  } else {
    describe(`${title} [sqlite]`, () => suite('sqlite', sqliteFactory(), body));
  }

  const adminUrl = inject('opsdeckPostgresUrl');
  if (adminUrl) {
    describe(`${title} [postgres]`, () => suite('postgres', postgresFactory(adminUrl), body));
  } else if (isCI()) {
    describe(`${title} [postgres]`, () => {
      it('runs on PostgreSQL', () => {
        throw new Error('no PostgreSQL URL in CI; .ci/run must export OPSDECK_TEST_POSTGRES_URL');
      });
    });
  } else {
    const reason = inject('opsdeckPostgresSkipReason') ?? 'no PostgreSQL';
    // Registering the body keeps every test listed (as skipped) instead of silently absent.
    describe.skip(`${title} [postgres] — SKIPPED: ${reason}`, () => body(unavailable('postgres')));
  }
}

function suite(
  dialect: Dialect,
  factory: DatabaseFactory,
  body: (ctx: DialectContext) => void,
): void {
  let store: Store | undefined;
  let url: string | undefined;
  beforeAll(async () => {
    url = await factory.create();
    store = await openStore(url, { logger: testLogger });
    await store.migrate();
  });
  // Registered before body's hooks, so with vitest's default 'stack' order it runs after them:
  // the suite's own afterAll (closing an app, say) still has its store.
  afterAll(async () => {
    await store?.close();
    await factory.cleanup();
  });
  body({
    dialect,
    store: () => store ?? notYet('store()'),
    get url() {
      return url ?? notYet('url');
    },
    newDatabaseUrl: () => factory.create(),
  });
}

function notYet(what: string): never {
  throw new Error(`ctx.${what} is only available inside beforeAll/beforeEach hooks and tests`);
}

function unavailable(dialect: Dialect): DialectContext {
  const fail = (): never => {
    throw new Error(`the ${dialect} half of this suite is skipped`);
  };
  return {
    dialect,
    store: fail,
    get url() {
      return fail();
    },
    newDatabaseUrl: fail,
  };
}

function sqliteFactory(): DatabaseFactory {
  let dir: string | undefined;
  let n = 0;
  return {
    async create() {
      dir ??= mkdtempSync(join(tmpdir(), 'opsdeck-sqlite-'));
      return `sqlite:${join(dir, `test-${++n}.db`)}`;
    },
    async cleanup() {
      if (dir) rmSync(dir, { recursive: true, force: true });
    },
  };
}

function postgresFactory(adminUrl: string): DatabaseFactory {
  const created: string[] = [];
  const admin = async <T>(fn: (client: pg.Client) => Promise<T>): Promise<T> => {
    const client = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 10_000 });
    await client.connect();
    try {
      return await fn(client);
    } finally {
      await client.end();
    }
  };
  return {
    async create() {
      const name = `opsdeck_test_${randomBytes(6).toString('hex')}`;
      await admin((c) => c.query(`create database "${name}"`));
      created.push(name);
      const url = new URL(adminUrl);
      url.pathname = `/${name}`;
      return url.toString();
    },
    async cleanup() {
      if (created.length === 0) return;
      // `with (force)` ends sessions a failed test may have left open (PostgreSQL 13+).
      await admin(async (c) => {
        for (const name of created.splice(0))
          await c.query(`drop database if exists "${name}" with (force)`);
      });
    },
  };
}
