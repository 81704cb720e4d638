import net from 'node:net';
import type { Dispatcher } from 'undici';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { isCI } from '../../../../test/support/env.js';
import type {} from '../../../../test/support/provided-context.js';
import { postgresProber } from './index.js';

const env = { baseDir: process.cwd(), dispatcher: undefined as unknown as Dispatcher };
const adminUrl = inject('opsdeckPostgresUrl');
const skipReason = inject('opsdeckPostgresSkipReason') ?? 'no PostgreSQL';
const servers: net.Server[] = [];

afterAll(async () => {
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
});

function run(url: string, query = 'select 1', timeoutMs = 5000) {
  const probe = postgresProber.compile({ url, query }, env);
  return probe.run({ signal: new AbortController().signal, timeoutMs });
}

/** The test server's URL with some parts replaced. */
function variant(change: (url: URL) => void): string {
  const url = new URL(adminUrl!);
  change(url);
  return url.toString();
}

async function listen(onConnection: (socket: net.Socket) => void): Promise<number> {
  const server = net.createServer(onConnection);
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return (server.address() as net.AddressInfo).port;
}

describe('postgres prober (no server needed)', () => {
  it('counts against host:port and reports a refused connection', async () => {
    const port = await listen(() => {});
    await new Promise((r) => servers.pop()!.close(r));
    const url = `postgres://probe:hunter22@127.0.0.1:${port}/app`;
    expect(postgresProber.compile({ url, query: 'select 1' }, env).target).toBe(
      `127.0.0.1:${port}`,
    );
    const result = await run(url);
    expect(result).toMatchObject({
      status: 'down',
      reason: `connect ECONNREFUSED 127.0.0.1:${port}`,
    });
    expect(JSON.stringify(result)).not.toContain('hunter22');
  });

  it('times out on a server that accepts but never speaks, and cuts the socket', async () => {
    const closed: Promise<void>[] = [];
    const port = await listen((socket) => {
      socket.resume(); // read, so that the client's FIN is seen
      closed.push(new Promise((r) => socket.on('close', r)));
    });
    const started = Date.now();
    const result = await run(`postgres://probe@127.0.0.1:${port}/app`, 'select 1', 300);
    expect(result).toMatchObject({ status: 'down', reason: 'timeout after 300ms connecting' });
    expect(Date.now() - started).toBeLessThan(1500);
    await Promise.all(closed);
  });
});

if (!adminUrl && isCI())
  it('runs against PostgreSQL', () => {
    throw new Error('no PostgreSQL URL in CI; .ci/run must export OPSDECK_TEST_POSTGRES_URL');
  });
const suite = adminUrl ? describe : describe.skip;
suite(`postgres prober against PostgreSQL${adminUrl ? '' : ` — SKIPPED: ${skipReason}`}`, () => {
  it('is up after connecting and running the query, with its row count', async () => {
    const result = await run(adminUrl!, 'select generate_series(1, 3)');
    expect(result).toMatchObject({ status: 'up', reason: null, details: { rows: 3 } });
    expect(result.details?.connect_ms).toEqual(expect.any(Number));
  });

  it('reports a bad query with the server message and SQLSTATE', async () => {
    expect(await run(adminUrl!, 'selec 1')).toMatchObject({
      status: 'down',
      reason: 'syntax error at or near "selec" (SQLSTATE 42601)',
    });
  });

  it('reports a missing database without showing the password', async () => {
    const url = variant((u) => {
      u.password = 'hunter22';
      u.pathname = '/opsdeck_no_such_db';
    });
    const result = await run(url);
    expect(result).toMatchObject({
      status: 'down',
      reason: 'database "opsdeck_no_such_db" does not exist (SQLSTATE 3D000)',
    });
    expect(JSON.stringify(result)).not.toContain('hunter22');
  });

  it('reports an unknown role', async () => {
    const result = await run(variant((u) => (u.username = 'opsdeck_nobody')));
    expect(result).toMatchObject({
      status: 'down',
      reason: 'role "opsdeck_nobody" does not exist (SQLSTATE 28000)',
    });
  });

  it('times out on a slow query', async () => {
    const started = Date.now();
    const result = await run(adminUrl!, 'select pg_sleep(2)', 400);
    expect(result).toMatchObject({
      status: 'down',
      reason: 'timeout after 400ms running the query',
    });
    expect(Date.now() - started).toBeLessThan(1500);
  });

  it('takes TLS settings from the URL', async () => {
    const result = await run(variant((u) => u.searchParams.set('sslmode', 'no-verify')));
    expect(result).toMatchObject({
      status: 'down',
      reason: 'The server does not support SSL connections',
    });
  });
});
