import type { IncomingHttpHeaders } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpCheckSchema } from '../../../config/schema/checks/http.js';
import { runProbe, startHttp, type Target } from '../../../../test/support/http-targets.js';
import { createHttpDispatcher, httpProber } from './index.js';

const dispatcher = createHttpDispatcher();
let server: Target;
let other: Target;
const seen: { url: string; method: string; headers: IncomingHttpHeaders }[] = [];

function check(input: Record<string, unknown>) {
  return httpProber.compile(httpCheckSchema.parse(input), { baseDir: '.', dispatcher });
}

beforeAll(async () => {
  other = await startHttp((req, res) => {
    seen.push({ url: `other${req.url}`, method: req.method!, headers: req.headers });
    res.end('elsewhere');
  });
  server = await startHttp((req, res) => {
    seen.push({ url: req.url!, method: req.method!, headers: req.headers });
    req.resume();
    const hop = /^\/hop\/(\d+)$/.exec(req.url!);
    const redirect = (status: number, location: string) => {
      res.writeHead(status, { location });
      res.end('moving');
    };
    if (req.url === '/old') redirect(301, '/new');
    else if (req.url === '/see-other') redirect(303, '/new');
    else if (req.url === '/temp') redirect(307, '/new');
    else if (req.url === '/loop') redirect(302, '/loop');
    else if (req.url === '/away') redirect(302, `${other.url}/landing`);
    else if (hop) redirect(302, Number(hop[1]) > 0 ? `/hop/${Number(hop[1]) - 1}` : '/new');
    else if (req.url === '/new') res.end('new home');
    else res.writeHead(404).end();
  });
});

afterAll(async () => {
  await Promise.all([server.close(), other.close()]);
  await dispatcher.close();
});

describe('http redirects', () => {
  it('follows redirects and judges the final response', async () => {
    const result = await runProbe(
      check({ url: `${server.url}/old`, expect: { body_contains: 'new home' } }),
    );
    expect(result).toMatchObject({
      status: 'up',
      details: { status_code: 200, redirects: 1, url: `${server.url}/new` },
    });
  });

  it('follows exactly 10 redirects', async () => {
    const ten = await runProbe(check({ url: `${server.url}/hop/9` }));
    expect(ten).toMatchObject({ status: 'up', details: { redirects: 10 } });
    const eleven = await runProbe(check({ url: `${server.url}/hop/10` }));
    expect(eleven).toMatchObject({ status: 'down', reason: 'too many redirects (10)' });
  });

  it('is down on a redirect loop', async () => {
    seen.length = 0;
    const result = await runProbe(check({ url: `${server.url}/loop` }));
    expect(result).toMatchObject({ status: 'down', reason: 'too many redirects (10)' });
    expect(seen).toHaveLength(11);
  });

  it('judges the redirect itself when follow_redirects is false', async () => {
    const ok = await runProbe(check({ url: `${server.url}/loop`, follow_redirects: false }));
    expect(ok).toMatchObject({ status: 'up', details: { status_code: 302 } });
    const strict = check({
      url: `${server.url}/old`,
      follow_redirects: false,
      expect: { status: ['2xx'] },
    });
    expect((await runProbe(strict)).reason).toBe('HTTP 301 (expected 200-299)');
  });

  it('turns a POST into a GET on 303 and keeps it on 307', async () => {
    seen.length = 0;
    await runProbe(check({ url: `${server.url}/see-other`, method: 'POST', body: 'x' }));
    await runProbe(check({ url: `${server.url}/temp`, method: 'POST', body: 'x' }));
    expect(seen.map((s) => `${s.method} ${s.url}`)).toEqual([
      'POST /see-other',
      'GET /new',
      'POST /temp',
      'POST /new',
    ]);
    expect(seen[1]!.headers['content-length']).toBeUndefined();
  });

  it('does not send credentials to another origin', async () => {
    seen.length = 0;
    const result = await runProbe(check({ url: `${server.url}/away`, auth: { bearer: 'tok' } }));
    expect(result).toMatchObject({ status: 'up', details: { url: `${other.url}/landing` } });
    expect(seen.map((s) => s.url)).toEqual(['/away', 'other/landing']);
    expect(seen[0]!.headers.authorization).toBe('Bearer tok');
    expect(seen[1]!.headers.authorization).toBeUndefined();
  });
});
