import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpCheckSchema } from '../../../config/schema/checks/http.js';
import { runProbe, startHttp, type Target } from '../../../../test/support/http-targets.js';
import { createHttpDispatcher, httpProber } from './index.js';

const dispatcher = createHttpDispatcher();
let server: Target;

function check(input: Record<string, unknown>) {
  return httpProber.compile(httpCheckSchema.parse(input), { baseDir: '.', dispatcher });
}

beforeAll(async () => {
  server = await startHttp((req, res) => {
    if (req.url === '/health') {
      res.setHeader('content-type', 'application/json; charset=utf-8');
      res.setHeader('x-version', 'v2.7.1');
      res.end(JSON.stringify({ status: 'degraded', queue: { depth: 12 }, items: [1, 2] }));
    } else if (req.url === '/html') {
      res.setHeader('content-type', 'text/html');
      res.end('<html>all ok</html>');
    } else if (req.url === '/big') {
      res.end(`${'a'.repeat(100)}NEEDLE${'b'.repeat(100_000)}`);
    } else if (req.url === '/503') {
      res.statusCode = 503;
      res.end('unavailable');
    } else {
      res.statusCode = 404;
      res.end();
    }
  });
});

afterAll(async () => {
  await server.close();
  await dispatcher.close();
});

describe('http assertions', () => {
  it('is up on a 200 and reports the status code and timings', async () => {
    const result = await runProbe(check({ url: `${server.url}/html` }));
    expect(result).toMatchObject({ status: 'up', reason: null, details: { status_code: 200 } });
    const timings = result.details?.timings as Record<string, number>;
    expect(timings.total).toBeGreaterThan(0);
    expect(timings.first_byte).toBeGreaterThan(0);
    expect(timings.first_byte).toBeLessThanOrEqual(timings.total!);
    expect(result.latencyMs).toBe(timings.total);
  });

  it('judges the status against the default 200-399 and against explicit lists', async () => {
    expect(await runProbe(check({ url: `${server.url}/503` }))).toMatchObject({
      status: 'down',
      reason: 'HTTP 503 (expected 200-399)',
      details: { status_code: 503 },
    });
    const lists = check({ url: `${server.url}/nope`, expect: { status: [200, '5xx'] } });
    expect((await runProbe(lists)).reason).toBe('HTTP 404 (expected 200, 500-599)');
    const accepts = check({ url: `${server.url}/503`, expect: { status: ['500-503'] } });
    expect((await runProbe(accepts)).status).toBe('up');
  });

  it('checks body_contains (every text)', async () => {
    const ok = check({ url: `${server.url}/html`, expect: { body_contains: ['all', 'ok'] } });
    expect((await runProbe(ok)).status).toBe('up');
    const bad = check({ url: `${server.url}/html`, expect: { body_contains: ['all', 'fine'] } });
    expect(await runProbe(bad)).toMatchObject({
      status: 'down',
      reason: 'body does not contain "fine"',
    });
  });

  it('checks body_matches', async () => {
    const ok = check({ url: `${server.url}/html`, expect: { body_matches: '<html>\\w+ ok' } });
    expect((await runProbe(ok)).status).toBe('up');
    const bad = check({ url: `${server.url}/html`, expect: { body_matches: '^\\{' } });
    expect((await runProbe(bad)).reason).toBe('body does not match /^\\{/');
  });

  it('checks JSON assertions and reports the first that fails', async () => {
    const ok = check({
      url: `${server.url}/health`,
      expect: { json: ['$.queue.depth < 100', '$.items.length == 2', '!$.error', '$.status'] },
    });
    expect((await runProbe(ok)).status).toBe('up');
    const bad = check({
      url: `${server.url}/health`,
      expect: { json: ['$.queue.depth < 100', '$.status == "ok"'] },
    });
    expect((await runProbe(bad)).reason).toBe('$.status == "ok": got "degraded"');
    const missing = check({ url: `${server.url}/health`, expect: { json: ['$.version'] } });
    expect((await runProbe(missing)).reason).toBe('$.version: path is missing');
  });

  it('is down when JSON assertions meet a body that is not JSON', async () => {
    const result = await runProbe(check({ url: `${server.url}/html`, expect: { json: ['$.ok'] } }));
    expect(result.status).toBe('down');
    expect(result.reason).toMatch(/^body is not JSON: Unexpected token '<'/);
  });

  it('checks response headers by text and by /regex/', async () => {
    const ok = check({
      url: `${server.url}/health`,
      expect: { headers: { 'Content-Type': 'json', 'x-version': '/^v2\\.\\d+/' } },
    });
    expect((await runProbe(ok)).status).toBe('up');
    const text = check({
      url: `${server.url}/html`,
      expect: { headers: { 'content-type': 'json' } },
    });
    expect((await runProbe(text)).reason).toBe(
      'header content-type: got "text/html", expected to contain "json"',
    );
    const regex = check({
      url: `${server.url}/health`,
      expect: { headers: { 'x-version': '/^v3/' } },
    });
    expect((await runProbe(regex)).reason).toBe(
      'header x-version: got "v2.7.1", expected to match /^v3/',
    );
    const missing = check({
      url: `${server.url}/html`,
      expect: { headers: { 'x-version': 'v2' } },
    });
    expect((await runProbe(missing)).reason).toBe(
      'header x-version: missing, expected to contain "v2"',
    );
  });

  it('reads at most max_body bytes of the body', async () => {
    const early = check({
      url: `${server.url}/big`,
      max_body: 200,
      expect: { body_contains: 'NEEDLE' },
    });
    expect((await runProbe(early)).status).toBe('up');
    const late = check({
      url: `${server.url}/big`,
      max_body: 100,
      expect: { body_contains: 'NEEDLE' },
    });
    expect((await runProbe(late)).reason).toBe(
      'body does not contain "NEEDLE" (first 100 bytes read)',
    );
  });

  it('sends HEAD without reading a body', async () => {
    const result = await runProbe(check({ url: `${server.url}/html`, method: 'HEAD' }));
    expect(result).toMatchObject({ status: 'up', details: { status_code: 200 } });
  });
});
