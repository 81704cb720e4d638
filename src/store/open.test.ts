import { migrationNames } from './migrations/index.js';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import type { Server, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { describeEachDialect } from '../../test/support/dialects.js';
import { AppError } from '../errors.js';
import { openStore } from './open.js';

const silent = { info() {}, warn() {}, error() {} };

async function openError(url: string): Promise<AppError> {
  const err = await openStore(url, { logger: silent }).then(
    () => new Error(`expected ${url} to fail`),
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  return err as AppError;
}

describe('openStore failures', () => {
  const dir = mkdtempSync(join(tmpdir(), 'opsdeck-open-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('names an unreachable PostgreSQL server without its password', async () => {
    const err = await openError('postgres://u:hunter2@127.0.0.1:1/x');
    expect(err.code).toBe('storage_unavailable');
    expect(err.message).toBe(
      'cannot connect to storage postgres://u:***@127.0.0.1:1/x: connection refused (ECONNREFUSED)',
    );
    expect(err.message).not.toContain('hunter2');
  });

  it('gives up on a server that never answers', async () => {
    // Accepts TCP connections and then says nothing, like a hung or firewalled server.
    const sockets = new Set<Socket>();
    const server: Server = createServer((s) => sockets.add(s));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    try {
      const err = await openError(`postgres://u:pw@127.0.0.1:${port}/x`);
      expect(err.code).toBe('storage_unavailable');
      expect(err.message).toBe(
        `cannot connect to storage postgres://u:***@127.0.0.1:${port}/x: connection timed out`,
      );
    } finally {
      for (const s of sockets) s.destroy();
      server.close();
    }
  });

  it('explains a SQLite path under a regular file', async () => {
    writeFileSync(join(dir, 'file'), 'x');
    const path = join(dir, 'file', 'sub', 'opsdeck.db');
    const err = await openError(`sqlite:${path}`);
    expect(err.code).toBe('storage_unavailable');
    expect(err.message).toBe(
      `cannot open SQLite database at ${path}: a parent of the path is not a directory (ENOTDIR)`,
    );
  });

  it('creates missing parent directories', async () => {
    const path = join(dir, 'new', 'nested', 'opsdeck.db');
    const store = await openStore(`sqlite:${path}`, { logger: silent });
    await store.close();
    expect(existsSync(path)).toBe(true);
  });

  // procfs answers ENOENT to mkdir; Node's own recursive mkdir would spin forever there.
  it.runIf(existsSync('/proc/self'))('fails fast (no hang) under /proc', async () => {
    const err = await openError('sqlite:/proc/opsdeck-nope/x.db');
    expect(err.message).toBe(
      'cannot open SQLite database at /proc/opsdeck-nope/x.db: no such file or directory (ENOENT)',
    );
  });

  it('explains a SQLite path that is a directory', async () => {
    const path = join(dir, 'a-directory');
    mkdirSync(path);
    const err = await openError(`sqlite:${path}`);
    expect(err.message).toBe(
      `cannot open SQLite database at ${path}: unable to open the database file (SQLITE_CANTOPEN)`,
    );
  });

  it('explains a file that is not a SQLite database', async () => {
    const path = join(dir, 'notes.txt');
    writeFileSync(path, 'these are not the pages you are looking for '.repeat(100));
    const err = await openError(`sqlite:${path}`);
    expect(err.message).toBe(
      `cannot open SQLite database at ${path}: the file is not a SQLite database (SQLITE_NOTADB)`,
    );
  });

  it('rejects a malformed URL as a bad request', async () => {
    expect((await openError('redis://localhost')).code).toBe('bad_request');
  });

  it('opens an in-memory SQLite database', async () => {
    const store = await openStore('sqlite::memory:', { logger: silent });
    expect(await store.migrate()).toEqual({ applied: migrationNames });
    await store.close();
  });
});

describeEachDialect('store basics', (ctx) => {
  it('pings, reports its dialect and a safe display URL', async () => {
    const store = ctx.store();
    await expect(store.ping()).resolves.toBeUndefined();
    expect(store.dialect).toBe(ctx.dialect);
    expect(store.displayUrl).not.toMatch(/:[^:@/]+@/);
  });

  // PostgreSQL durability is the server's configuration, not ours.
  if (ctx.dialect === 'sqlite') {
    it('uses durable SQLite settings', async () => {
      const { db } = ctx.store();
      const pragma = async (name: string): Promise<unknown> =>
        Object.values((await sql.raw(`pragma ${name}`).execute(db)).rows[0] as object)[0];
      expect(await pragma('journal_mode')).toBe('wal');
      expect(await pragma('synchronous')).toBe(2); // FULL
      expect(await pragma('foreign_keys')).toBe(1);
      expect(await pragma('busy_timeout')).toBe(5000);
    });
  }

  it('fails pings after close, and closes idempotently', async () => {
    const store = await openStore(await ctx.newDatabaseUrl(), { logger: silent });
    await Promise.all([store.close(), store.close()]);
    await store.close();
    await expect(store.ping()).rejects.toMatchObject({ code: 'storage_unavailable' });
  });
});
