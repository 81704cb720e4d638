import { createServer, connect } from 'node:net';
import type { Server, Socket } from 'node:net';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isCI, onlyDialect } from '../../test/support/env.js';
import { PgCluster, postgresBinariesAvailable } from '../../test/support/pg-cluster.js';
import type { StoreLogger } from './logger.js';
import { openStore } from './open.js';
import type { Store } from './store.js';

const TITLE = 'PostgreSQL going away and coming back';
const skipReason =
  onlyDialect() === 'sqlite'
    ? 'OPSDECK_TEST_DIALECT=sqlite'
    : !isCI() && !postgresBinariesAvailable()
      ? 'no PostgreSQL binaries (initdb) on PATH or in /usr/lib/postgresql/*/bin'
      : undefined;

// Needs its own cluster (it stops the server), so it cannot use the shared one.
// In CI a missing binary is not a reason to skip: PgCluster.start() fails instead.
(skipReason ? describe.skip : describe)(
  skipReason ? `${TITLE} — SKIPPED: ${skipReason}` : TITLE,
  () => {
    let cluster: PgCluster;
    let store: Store;
    const warnings: string[] = [];
    const logger: StoreLogger = { info() {}, warn: (_d, msg) => warnings.push(msg), error() {} };

    beforeAll(async () => {
      cluster = await PgCluster.start();
      store = await openStore(cluster.url, { logger });
      await store.migrate();
    }, 120_000);
    afterAll(async () => {
      await store?.close();
      await cluster?.stop();
    }, 120_000);

    it('fails pings while the server is down and recovers, same Store, no restart', async () => {
      await store.ping();
      await cluster.pause();
      const err = await store.ping().catch((e: unknown) => e);
      expect(err).toMatchObject({ code: 'storage_unavailable' });
      expect((err as Error).message).toBe('storage unavailable: connection refused (ECONNREFUSED)');
      // The pool's idle connection died with the server: logged, not fatal.
      expect(warnings).toContain('storage connection lost');

      await cluster.resume();
      await expect(store.ping()).resolves.toBeUndefined();
      const { rows } = await sql<{ n: number }>`select count(*) as n from services`.execute(
        store.db,
      );
      expect(rows[0]?.n).toBe(0);
    }, 60_000);

    it('survives the server dying under a checked-out connection', async () => {
      await store.db.connection().execute(async (db) => {
        await sql`select 1`.execute(db);
        // Between two queries the client has no active query: its 'error' must not crash us.
        await cluster.pause();
        await expect(sql`select 1`.execute(db)).rejects.toThrow();
      });
      await cluster.resume();
      await expect(store.ping()).resolves.toBeUndefined();
    }, 60_000);

    it('times out a ping when the server stops answering', async () => {
      const proxy = await freezableProxy(new URL(cluster.url).port);
      const viaProxy = await openStore(cluster.url.replace(/:\d+\//, `:${proxy.port}/`), {
        logger,
      });
      try {
        await viaProxy.ping();
        proxy.freeze(true);
        await expect(viaProxy.ping(300)).rejects.toThrow(
          'storage unavailable: no answer within 300 ms',
        );
        proxy.freeze(false);
        await expect(viaProxy.ping()).resolves.toBeUndefined();
      } finally {
        await viaProxy.close();
        proxy.close();
      }
    }, 60_000);
  },
);

/** A TCP proxy to 127.0.0.1:`port` that can stop passing bytes, like a hung server. */
async function freezableProxy(port: string) {
  const pairs: Array<[Socket, Socket]> = [];
  const server: Server = createServer((client) => {
    const upstream = connect(Number(port), '127.0.0.1');
    client.pipe(upstream).pipe(client);
    pairs.push([client, upstream]);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as { port: number }).port,
    freeze(on: boolean) {
      for (const pair of pairs) {
        for (const s of pair) {
          if (on) s.pause();
          else s.resume();
        }
      }
    },
    close() {
      for (const pair of pairs) for (const s of pair) s.destroy();
      server.close();
    },
  };
}
