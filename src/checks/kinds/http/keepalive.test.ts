import type { Socket } from 'node:net';
import { Agent } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpCheckSchema } from '../../../config/schema/checks/http.js';
import { testCerts, type TestCerts } from '../../../../test/support/certs.js';
import {
  runProbe,
  startHttp,
  startHttps,
  startRaw,
  type Target,
} from '../../../../test/support/http-targets.js';
import type { ProbeEnv } from '../../probe.js';
import { createHttpDispatcher, httpProber } from './index.js';

const dispatcher = createHttpDispatcher();
let certs: TestCerts;
let plain: Target;
let secure: Target;

type Timings = { dns: number | null; connect: number | null; tls: number | null; total: number };
/** Runs are seconds apart in production; undici frees a socket one event-loop turn after use. */
const turn = () => new Promise((resolve) => setImmediate(resolve));
const timingsOf = (details: Record<string, unknown> | undefined) => details?.timings as Timings;

function check(input: Record<string, unknown>, env: Partial<ProbeEnv> = {}) {
  return httpProber.compile(httpCheckSchema.parse(input), {
    baseDir: certs.dir,
    dispatcher,
    ...env,
  });
}

beforeAll(async () => {
  certs = await testCerts();
  plain = await startHttp((_req, res) => res.end('ok'));
  secure = await startHttps({ cert: certs.leaf.cert, key: certs.leaf.key }, (_req, res) =>
    res.end('ok'),
  );
});

afterAll(async () => {
  await Promise.all([plain.close(), secure.close()]);
  await dispatcher.close();
});

/**
 * Answers the first request of each connection, then drops the connection on the next, like a
 * server closing an idle connection just as a request arrives.
 */
function answerOnceThenDrop(socket: Socket): void {
  let requests = 0;
  socket.on('data', () => {
    if (requests++ === 0) socket.write('HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\nok');
    else socket.destroy();
  });
}

describe('http keep-alive and timings', () => {
  it('reuses the connection on the next run and reports 0 for its phases', async () => {
    const probe = check({ url: `http://localhost:${plain.port}/` });
    const first = await runProbe(probe);
    await turn();
    const second = await runProbe(probe);
    expect(plain.connections).toBe(1);
    const fresh = timingsOf(first.details);
    expect(fresh.dns).toBeGreaterThan(0); // localhost is looked up
    expect(fresh.connect).toBeGreaterThan(0);
    expect(fresh.tls).toBe(0);
    expect(timingsOf(second.details)).toMatchObject({ dns: 0, connect: 0, tls: 0 });
  });

  it('times the TLS handshake of a new https connection, keeps the expiry when reused', async () => {
    const probe = check({ url: `${secure.url}/`, tls: { ca: 'ca.crt' } });
    const first = await runProbe(probe);
    await turn();
    const second = await runProbe(probe);
    await probe.close?.();
    expect(secure.connections).toBe(1);
    const fresh = timingsOf(first.details);
    expect(fresh.dns).toBe(0); // an IP address: no lookup
    expect(fresh.connect).toBeGreaterThan(0);
    expect(fresh.tls).toBeGreaterThan(0);
    expect(fresh.total).toBeGreaterThanOrEqual(fresh.connect! + fresh.tls!);
    expect(timingsOf(second.details)).toMatchObject({ dns: 0, connect: 0, tls: 0 });
    expect(second.certExpiresAt).toBe(first.certExpiresAt);
    expect(second.certExpiresAt).toBeGreaterThan(Date.now());
  });

  it('works with a plain shared Agent, without phase timings', async () => {
    const foreign = new Agent();
    const target = await startHttp((_req, res) => res.end('ok'));
    const probe = check({ url: target.url }, { dispatcher: foreign });
    const first = await runProbe(probe);
    await turn();
    const second = await runProbe(probe);
    expect(first.status).toBe('up');
    expect(timingsOf(first.details)).toMatchObject({ dns: null, connect: null, tls: null });
    expect(timingsOf(second.details)).toMatchObject({ dns: 0, connect: 0, tls: 0 });
    expect(target.connections).toBe(1);
    await target.close();
    await foreign.close();
  });

  it('retries a safe request once when a kept-alive connection dies under it', async () => {
    const target = await startRaw(answerOnceThenDrop);
    const get = check({ url: target.url });
    expect((await runProbe(get)).status).toBe('up');
    await turn();
    const retried = await runProbe(get);
    expect(retried).toMatchObject({ status: 'up', details: { timings: { dns: 0 } } });
    expect(target.connections).toBe(2);
    await target.close();
  });

  it('does not retry a POST (the server may have acted on it)', async () => {
    const target = await startRaw(answerOnceThenDrop);
    const post = check({ url: target.url, method: 'POST', body: 'x' });
    expect((await runProbe(post)).status).toBe('up');
    await turn();
    expect(await runProbe(post)).toMatchObject({
      status: 'down',
      reason: 'connection closed before response',
    });
    expect(target.connections).toBe(1);
    await target.close();
  });
});
