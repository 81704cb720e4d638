import type { IncomingHttpHeaders } from 'node:http';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { httpCheckSchema } from '../../../config/schema/checks/http.js';
import { runProbe, startHttp, type Target } from '../../../../test/support/http-targets.js';
import { createHttpDispatcher, httpProber } from './index.js';

interface Seen {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

const dispatcher = createHttpDispatcher();
let server: Target;
let seen: Seen[] = [];

function check(input: Record<string, unknown>) {
  return httpProber.compile(httpCheckSchema.parse(input), { baseDir: '.', dispatcher });
}

beforeAll(async () => {
  server = await startHttp((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => {
      seen.push({ method: req.method!, url: req.url!, headers: req.headers, body });
      res.statusCode = req.method === 'POST' ? 201 : 200;
      res.end('ok');
    });
  });
});

beforeEach(() => {
  seen = [];
});

afterAll(async () => {
  await server.close();
  await dispatcher.close();
});

describe('http requests', () => {
  it('sends the method, path with query, headers and body', async () => {
    const probe = check({
      url: `${server.url}/api/jobs?dry=1`,
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Probe': 'opsdeck' },
      body: '{"ping":true}',
      expect: { status: [201] },
    });
    expect((await runProbe(probe)).status).toBe('up');
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({
      method: 'POST',
      url: '/api/jobs?dry=1',
      body: '{"ping":true}',
    });
    expect(seen[0]!.headers).toMatchObject({
      'content-type': 'application/json',
      'x-probe': 'opsdeck',
      'content-length': '13',
    });
    expect(seen[0]!.headers['user-agent']).toMatch(/^Opsdeck\/\S+ \(health check\)$/);
  });

  it('sends the same request on every run', async () => {
    const probe = check({ url: `${server.url}/again`, method: 'PUT', body: 'x' });
    await runProbe(probe);
    await runProbe(probe);
    expect(seen.map((s) => `${s.method} ${s.url} ${s.body}`)).toEqual([
      'PUT /again x',
      'PUT /again x',
    ]);
  });

  it('sends basic auth', async () => {
    await runProbe(
      check({ url: server.url, auth: { basic: { username: 'ops', password: 'p:ss' } } }),
    );
    expect(seen[0]!.headers.authorization).toBe(
      `Basic ${Buffer.from('ops:p:ss').toString('base64')}`,
    );
  });

  it('sends bearer auth', async () => {
    await runProbe(check({ url: server.url, auth: { bearer: 's3cret' } }));
    expect(seen[0]!.headers.authorization).toBe('Bearer s3cret');
  });

  it('turns credentials in the URL into basic auth', async () => {
    await runProbe(check({ url: `http://me:pa%40ss@127.0.0.1:${server.port}/` }));
    expect(seen[0]!.headers.authorization).toBe(
      `Basic ${Buffer.from('me:pa@ss').toString('base64')}`,
    );
  });

  it('lets a configured User-Agent win', async () => {
    await runProbe(check({ url: server.url, headers: { 'user-agent': 'custom/1' } }));
    expect(seen[0]!.headers['user-agent']).toBe('custom/1');
  });

  it('reports the target as host:port', () => {
    expect(check({ url: `${server.url}/x` }).target).toBe(`127.0.0.1:${server.port}`);
    expect(check({ url: 'https://example.com/x' }).target).toBe('example.com:443');
    expect(check({ url: 'http://example.com/x' }).target).toBe('example.com:80');
  });
});
