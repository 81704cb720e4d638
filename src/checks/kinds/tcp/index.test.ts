import net from 'node:net';
import tls from 'node:tls';
import { generate } from 'selfsigned';
import type { Dispatcher } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import type { CheckSpec } from '../../../config/index.js';
import type { ProbeContext } from '../../probe.js';
import { tcpProber } from './index.js';

const env = { baseDir: process.cwd(), dispatcher: undefined as unknown as Dispatcher };
const servers: net.Server[] = [];

afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

/** A real server on 127.0.0.1; its connections are destroyed when the test ends. */
async function serve(onConnection: (socket: net.Socket) => void, server = net.createServer()) {
  const sockets = new Set<net.Socket>();
  server.on(server instanceof tls.Server ? 'secureConnection' : 'connection', onConnection);
  server.on('connection', (s: net.Socket) => {
    sockets.add(s);
    s.on('error', () => {});
  });
  server.on('close', () => sockets.forEach((s) => s.destroy()));
  server.on('tlsClientError', () => {});
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const origClose = server.close.bind(server);
  server.close = (cb) => {
    sockets.forEach((s) => s.destroy());
    return origClose(cb);
  };
  servers.push(server);
  return (server.address() as net.AddressInfo).port;
}

function spec(port: number, extra: Partial<CheckSpec<'tcp'>> = {}): CheckSpec<'tcp'> {
  return { host: '127.0.0.1', port, tls: false, ...extra };
}

function ctx(timeoutMs = 2000, signal = new AbortController().signal): ProbeContext {
  return { signal, timeoutMs };
}

async function run(s: CheckSpec<'tcp'>, c = ctx()) {
  return tcpProber.compile(s, env).run(c);
}

describe('tcp prober', () => {
  it('is up when the port accepts connections, with its connect time', async () => {
    const port = await serve(() => {});
    const probe = tcpProber.compile(spec(port), env);
    expect(probe.target).toBe(`127.0.0.1:${port}`);
    const result = await probe.run(ctx());
    expect(result).toMatchObject({ status: 'up', reason: null });
    expect(result.details?.connect_ms).toEqual(expect.any(Number));
  });

  it('reports a refused connection with the address', async () => {
    const port = await serve(() => {});
    await new Promise((r) => servers.pop()!.close(r));
    const result = await run(spec(port));
    expect(result).toMatchObject({
      status: 'down',
      reason: `connect ECONNREFUSED 127.0.0.1:${port}`,
    });
  });

  it('sends the text and is up when the reply contains the expected text', async () => {
    const port = await serve((socket) => {
      socket.on('data', (d) => {
        if (d.toString() !== 'PING\r\n') return;
        socket.write('+PO'); // the reply arrives in two pieces
        setTimeout(() => socket.write('NG\r\n'), 20);
      });
    });
    const result = await run(spec(port, { send: 'PING\r\n', expect: 'PONG' }));
    expect(result).toMatchObject({ status: 'up', reason: null, details: { reply: '+PONG\r\n' } });
  });

  it('sends without expecting a reply', async () => {
    let got = '';
    const port = await serve((socket) => socket.on('data', (d) => (got += d.toString())));
    const result = await run(spec(port, { send: 'hello\r\n' }));
    expect(result.status).toBe('up');
    await expect.poll(() => got).toBe('hello\r\n');
  });

  it('is down when the reply lacks the expected text', async () => {
    const port = await serve((socket) => socket.end('SSH-2.0-OpenSSH_9.6\r\n'));
    const result = await run(spec(port, { expect: '+PONG' }));
    expect(result).toMatchObject({
      status: 'down',
      reason: 'reply does not contain "+PONG"',
      details: { reply: 'SSH-2.0-OpenSSH_9.6\r\n' },
    });
  });

  it('is down when the server closes at once', async () => {
    const port = await serve((socket) => socket.end());
    const result = await run(spec(port, { send: 'PING\r\n', expect: 'PONG' }));
    expect(result).toMatchObject({
      status: 'down',
      reason: 'connection closed with no reply (expected "PONG")',
      details: { reply: '' },
    });
  });

  it('times out when the server never answers', async () => {
    const port = await serve(() => {});
    const started = Date.now();
    const result = await run(spec(port, { expect: 'PONG' }), ctx(200));
    expect(result).toMatchObject({
      status: 'down',
      reason: 'timeout after 200ms waiting for "PONG"',
    });
    expect(Date.now() - started).toBeLessThan(1500);
  });

  it('stops when the runner aborts', async () => {
    const port = await serve(() => {});
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const started = Date.now();
    const result = await run(spec(port, { expect: 'PONG' }), ctx(10_000, controller.signal));
    expect(result.reason).toBe('timeout after 10s waiting for "PONG"');
    expect(Date.now() - started).toBeLessThan(1500);
  });

  it('caps the reply at 64 KiB and shows a 200-character excerpt', async () => {
    const port = await serve((socket) => socket.write('x'.repeat(100 * 1024)));
    const result = await run(spec(port, { expect: 'PONG' }));
    expect(result.reason).toBe('reply does not contain "PONG" (first 64KiB)');
    expect(result.details?.reply).toBe('x'.repeat(200));
  });

  it('verifies TLS certificates', async () => {
    const pems = await generate([{ name: 'commonName', value: 'localhost' }], { keyType: 'ec' });
    const server = tls.createServer({ key: pems.private, cert: pems.cert });
    const port = await serve(() => {}, server);
    const result = await run(spec(port, { tls: true, host: 'localhost' }));
    expect(result).toMatchObject({ status: 'down', reason: 'TLS: self-signed certificate' });
  });
});
