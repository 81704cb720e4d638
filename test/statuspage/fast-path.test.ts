/**
 * The status page's fast path (served before Fastify on the listening server) must answer
 * exactly what the Fastify route answers, and step aside whenever the route has work to do.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDialect } from '../support/dialects.js';
import { startTestApp, type TestApp } from '../support/app.js';

const CONFIG = `
services:
  api: { checks: { beat: { heartbeat: { uuid: 11111111-1111-4111-8111-111111111111, period: 1d } } } }
status_pages:
  acme:
    title: Acme
    components: [{ service: api }]
  private:
    title: Private
    password: correct-horse-battery
    components: [{ service: api }]
`;

describeEachDialect('status page fast path', (ctx) => {
  let t: TestApp;
  let base: string;
  beforeAll(async () => {
    t = await startTestApp(ctx.store(), CONFIG);
    base = await t.app.listen({ host: '127.0.0.1', port: 0 });
  });
  afterAll(() => t?.close());

  const metricCount = async (route: string) => {
    const text = await (await fetch(`${base}/metrics`)).text();
    const line = text
      .split('\n')
      .find(
        (l) =>
          l.startsWith('opsdeck_http_request_duration_seconds_count') &&
          l.includes(`route="${route}"`) &&
          l.includes('status_code="200"'),
      );
    return line ? Number(line.split(' ').at(-1)) : 0;
  };

  it('answers the page and summary.json exactly as the route does, from memory', async () => {
    for (const path of ['/status/acme', '/status/acme/api/v2/summary.json']) {
      const viaRoute = await t.app.inject({ url: path }); // builds the page
      const before = await metricCount(
        path.endsWith('.json') ? '/status/:slug/api/v2/summary.json' : '/status/:slug',
      );
      const fast = await fetch(`${base}${path}`, { headers: { 'accept-encoding': 'identity' } });
      expect(fast.status).toBe(200);
      // Fastify stamps every answer with x-request-id; the fast path does not: it was taken.
      expect(viaRoute.headers['x-request-id']).toBeDefined();
      expect(fast.headers.get('x-request-id')).toBeNull();
      expect(await fast.text()).toBe(viaRoute.body);
      for (const h of [
        'content-type',
        'etag',
        'last-modified',
        'content-security-policy',
        'cache-control',
      ])
        expect(fast.headers.get(h), h).toBe(viaRoute.headers[h]);
      // Counted in the request metrics like any other request.
      expect(
        await metricCount(
          path.endsWith('.json') ? '/status/:slug/api/v2/summary.json' : '/status/:slug',
        ),
      ).toBe(before + 1);

      const etag = fast.headers.get('etag')!;
      const again = await fetch(`${base}${path}`, { headers: { 'if-none-match': etag } });
      expect(again.status).toBe(304);
      expect(await again.text()).toBe('');
      const head = await fetch(`${base}${path}`, { method: 'HEAD' });
      expect(head.status).toBe(200);
      expect(await head.text()).toBe('');
    }
  });

  it('sends the compressed copy to clients that accept it', async () => {
    await t.app.inject({ url: '/status/acme' });
    const plain = (await t.app.inject({ url: '/status/acme' })).body;
    // Compression runs in the thread pool after the build; wait for the brotli copy.
    let res: Response | undefined;
    for (let i = 0; i < 50; i++) {
      res = await fetch(`${base}/status/acme`, { headers: { 'accept-encoding': 'br' } });
      if (res.headers.get('content-encoding') === 'br') break;
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(res!.headers.get('content-encoding')).toBe('br');
    // fetch decodes br itself; compare with the identity body.
    expect(await res!.text()).toBe(plain);
  });

  it('leaves passwords, queries and unknown pages to the routes', async () => {
    await t.app.inject({ url: '/status/private' });
    const locked = await fetch(`${base}/status/private`);
    expect(locked.status).toBe(401);
    expect(locked.headers.get('x-request-id')).not.toBeNull();
    expect(await locked.text()).toContain('password');
    const bad = await fetch(`${base}/status/acme?day=not-a-day`);
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { message: string } }).error.message).toContain('day');
    expect((await fetch(`${base}/status/nope`)).status).toBe(404);
    const post = await fetch(`${base}/status/acme`, { method: 'POST' });
    expect(post.status).toBe(404);
  });

  it('keeps answering from memory while a change is rebuilt, then serves the news', async () => {
    await t.app.inject({ url: '/status/acme' });
    const before = await fetch(`${base}/status/acme`, {
      headers: { 'accept-encoding': 'identity' },
    });
    const etag = before.headers.get('etag');
    const check = t.engine.get('api/beat');
    check.state = 'down';
    check.stateSince = Date.now();
    t.feed.publish('incident.updated', {}); // what a real transition does: pages go dirty
    let seen = etag;
    for (let i = 0; i < 100 && seen === etag; i++) {
      const res = await fetch(`${base}/status/acme`, {
        headers: { 'accept-encoding': 'identity' },
      });
      expect(res.status).toBe(200);
      expect(res.headers.get('x-request-id'), 'never sent to the slower route').toBeNull();
      seen = res.headers.get('etag');
      if (seen !== etag) expect(await res.text()).toContain('Major outage');
      else await new Promise((r) => setTimeout(r, 20));
    }
    expect(seen).not.toBe(etag);
  });
});
