import net from 'node:net';
import type { Dispatcher } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { RespServer, type RespServerOptions } from '../../../../test/support/resp-server.js';
import { AppError } from '../../../errors.js';
import { redisProber } from './index.js';

const env = { baseDir: process.cwd(), dispatcher: undefined as unknown as Dispatcher };
const servers: RespServer[] = [];

afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function start(options: RespServerOptions = {}): Promise<RespServer> {
  const server = await RespServer.start(options);
  servers.push(server);
  return server;
}

function run(url: string, timeoutMs = 2000) {
  return redisProber.compile({ url }, env).run({ signal: new AbortController().signal, timeoutMs });
}

describe('redis prober', () => {
  it('is up when PING answers +PONG, and counts against host:port', async () => {
    const server = await start();
    const probe = redisProber.compile({ url: server.url() }, env);
    expect(probe.target).toBe(`127.0.0.1:${server.port}`);
    const result = await probe.run({ signal: new AbortController().signal, timeoutMs: 2000 });
    expect(result).toMatchObject({ status: 'up', reason: null });
    expect(server.commands).toEqual([['PING']]);
  });

  it('authenticates with a password, then with a user and a password', async () => {
    const plain = await start({ password: 's3cret/pw' });
    expect(await run(plain.url(':s3cret%2Fpw@'))).toMatchObject({ status: 'up', reason: null });
    expect(plain.commands).toEqual([['AUTH', 's3cret/pw'], ['PING']]);
    const acl = await start({ password: 's3cret/pw', user: 'probe' });
    expect(await run(acl.url('probe:s3cret%2Fpw@'))).toMatchObject({ status: 'up', reason: null });
    expect(acl.commands).toEqual([['AUTH', 'probe', 's3cret/pw'], ['PING']]);
  });

  it('reports a wrong password with the server message and without the password', async () => {
    const server = await start({ password: 'right-one' });
    const result = await run(server.url(':wrong-one@'));
    expect(result).toMatchObject({
      status: 'down',
      reason: 'AUTH: WRONGPASS invalid username-password pair or user is disabled.',
    });
    expect(JSON.stringify(result)).not.toContain('wrong-one');
  });

  it('reports NOAUTH when the server wants a password the URL lacks', async () => {
    const server = await start({ password: 'right-one' });
    expect(await run(server.url())).toMatchObject({
      status: 'down',
      reason: 'PING: NOAUTH Authentication required.',
    });
  });

  it('selects the database from the URL path', async () => {
    const server = await start();
    expect(await run(server.url('', '/3'))).toMatchObject({ status: 'up' });
    expect(server.commands).toEqual([['SELECT', '3'], ['PING']]);
    expect(await run(server.url('', '/99'))).toMatchObject({
      reason: 'SELECT: ERR DB index is out of range',
    });
  });

  it('is down when PING answers something else', async () => {
    const server = await start({ pingReply: '$4\r\nPONG\r\n' });
    expect(await run(server.url())).toMatchObject({
      status: 'down',
      reason: 'PING replied "$PONG" (expected +PONG)',
    });
  });

  it('is down on a reply that is not RESP', async () => {
    const server = await start({ mode: 'garbage' });
    expect(await run(server.url())).toMatchObject({
      status: 'down',
      reason: 'unexpected reply to PING: "HTTP/1.1 400 Bad Request"',
    });
  });

  it('is down when the server closes before replying', async () => {
    const server = await start({ mode: 'close' });
    expect(await run(server.url())).toMatchObject({
      status: 'down',
      reason: 'connection closed before the PING reply',
    });
  });

  it('times out when the server never replies', async () => {
    const server = await start({ mode: 'hang' });
    const started = Date.now();
    expect(await run(server.url(':pw-pw@'), 200)).toMatchObject({
      status: 'down',
      reason: 'timeout after 200ms waiting for the AUTH reply',
    });
    expect(Date.now() - started).toBeLessThan(1500);
  });

  it('reports a refused connection', async () => {
    const probe = net.createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
    const { port } = probe.address() as net.AddressInfo;
    await new Promise((r) => probe.close(r));
    expect(await run(`redis://127.0.0.1:${port}`)).toMatchObject({
      status: 'down',
      reason: `connect ECONNREFUSED 127.0.0.1:${port}`,
    });
  });

  it('rejects URLs it cannot use at compile time, without echoing them', () => {
    const compile = (url: string) => () => redisProber.compile({ url }, env);
    expect(compile('redis://:pw@host/abc')).toThrow(AppError);
    expect(compile('redis://:pw@host/abc')).toThrow(/database number/);
    expect(compile('redis://:pw@host/abc')).not.toThrow(/pw/);
    expect(redisProber.compile({ url: 'rediss://[::1]:6380/2' }, env).target).toBe('[::1]:6380');
  });
});
