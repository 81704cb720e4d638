import type { Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpCheckSchema } from '../../../config/schema/checks/http.js';
import {
  runProbe,
  startHttp,
  startRaw,
  type Target,
} from '../../../../test/support/http-targets.js';
import { createHttpDispatcher, httpProber } from './index.js';

const dispatcher = createHttpDispatcher();
const targets: Target[] = [];
const hung: Socket[] = [];

function check(input: Record<string, unknown>) {
  return httpProber.compile(httpCheckSchema.parse(input), { baseDir: '.', dispatcher });
}

async function raw(onSocket: (socket: Socket) => void): Promise<Target> {
  const target = await startRaw(onSocket);
  targets.push(target);
  return target;
}

let slow: Target;

beforeAll(async () => {
  slow = await startHttp((req, res) => {
    const ms = Number(new URL(req.url!, 'http://x').searchParams.get('ms'));
    setTimeout(() => res.end('late'), ms);
  });
  targets.push(slow);
});

afterAll(async () => {
  for (const socket of hung) socket.destroy();
  await Promise.all(targets.map((t) => t.close()));
  await dispatcher.close();
});

describe('http latency', () => {
  it('is degraded above degraded_latency', async () => {
    const probe = check({ url: `${slow.url}/?ms=250`, expect: { degraded_latency: '100ms' } });
    const result = await runProbe(probe);
    expect(result.status).toBe('degraded');
    expect(result.reason).toMatch(/^took (2\d\d|3\d\d)ms \(degraded above 100ms\)$/);
  });

  it('is down above max_latency, and up below both', async () => {
    const probe = check({
      url: `${slow.url}/?ms=250`,
      expect: { max_latency: '200ms', degraded_latency: '100ms' },
    });
    expect((await runProbe(probe)).reason).toMatch(/^took (2\d\d|3\d\d)ms \(max 200ms\)$/);
    const fast = check({
      url: `${slow.url}/?ms=0`,
      expect: { max_latency: '2s', degraded_latency: '1s' },
    });
    expect(await runProbe(fast)).toMatchObject({ status: 'up', reason: null });
  });
});

describe('http failures', () => {
  it('reports a refused connection', async () => {
    const closed = await startRaw(() => {});
    const port = closed.port;
    await closed.close();
    const result = await runProbe(check({ url: `http://127.0.0.1:${port}/` }));
    expect(result).toMatchObject({
      status: 'down',
      reason: `connect ECONNREFUSED 127.0.0.1:${port}`,
      details: { status_code: null, timings: { dns: null, connect: null, first_byte: null } },
    });
  });

  it('times out on a server that never answers, within the timeout', async () => {
    const target = await raw((socket) => hung.push(socket));
    const started = performance.now();
    const result = await runProbe(check({ url: target.url }), 300);
    const elapsed = performance.now() - started;
    expect(result).toMatchObject({ status: 'down', reason: 'timeout after 300ms' });
    expect(elapsed).toBeGreaterThanOrEqual(295);
    expect(elapsed).toBeLessThan(450);
    // The connection was made; only the response never came.
    expect(result.details?.timings).toMatchObject({ first_byte: null });
    expect((result.details?.timings as { connect: number }).connect).toBeGreaterThanOrEqual(0);
  });

  it('is down at once when the signal is already aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    const result = await check({ url: slow.url }).run({
      signal: controller.signal,
      timeoutMs: 2000,
    });
    expect(result).toMatchObject({ status: 'down', reason: 'timeout after 2s' });
  });

  it('reports a server that closes before responding', async () => {
    const target = await raw((socket) => socket.once('data', () => socket.destroy()));
    const result = await runProbe(check({ url: target.url }));
    expect(result).toMatchObject({ status: 'down', reason: 'connection closed before response' });
  });

  it('reports a server that sends garbage', async () => {
    const target = await raw((socket) =>
      socket.once('data', () => socket.end('SSH-2.0-OpenSSH_9.6\r\n')),
    );
    const result = await runProbe(check({ url: target.url }));
    expect(result).toMatchObject({
      status: 'down',
      reason: 'invalid HTTP response: "SSH-2.0-OpenSSH_9.6"',
    });
  });

  it('reports a body cut short', async () => {
    const target = await raw((socket) =>
      socket.once('data', () =>
        socket.end('HTTP/1.1 200 OK\r\ncontent-length: 100\r\n\r\nonly a bit'),
      ),
    );
    const result = await runProbe(check({ url: target.url, expect: { body_contains: 'bit' } }));
    expect(result).toMatchObject({
      status: 'down',
      reason: 'connection closed before end of body',
      details: { status_code: 200 },
    });
  });

  it('reports an unknown host', async () => {
    const result = await runProbe(check({ url: 'http://opsdeck-no-such-host.invalid/' }));
    expect(result.status).toBe('down');
    expect(result.reason).toMatch(
      /^getaddrinfo (ENOTFOUND|EAI_AGAIN) opsdeck-no-such-host\.invalid$/,
    );
  });
});
