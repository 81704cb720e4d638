/**
 * Targets that misbehave in every way at once: the scheduler keeps its pace, every run of
 * every check ends with a down result and a precise reason, and a healthy check beside them
 * keeps being up.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDialect } from '../support/dialects.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { startHttp, startHttps, startRaw, type Target } from '../support/http-targets.js';
import { testCerts } from '../support/certs.js';
import { until } from '../support/until.js';

describeEachDialect('checks against hostile targets', (ctx) => {
  let t: TestApp;
  const targets: Target[] = [];
  beforeAll(async () => {
    const certs = await testCerts();
    const hang = await startRaw(() => {}); // accepts, never answers
    const garbage = await startRaw((s) => s.end('SSH-2.0-OpenSSH_9.6\r\n'));
    const early = await startRaw((s) => s.destroy());
    const loop = await startHttp((req, res) => {
      res.writeHead(302, { location: req.url === '/a' ? '/b' : '/a' }).end();
    });
    const selfSigned = await startHttps(
      { cert: certs.selfSigned.cert, key: certs.selfSigned.key },
      (_q, r) => r.end('ok'),
    );
    const healthy = await startHttp((_q, r) => r.end('ok'));
    targets.push(hang, garbage, early, loop, selfSigned, healthy);
    t = await startTestApp(
      ctx.store(),
      `
services:
  bad:
    checks:
      hang: { http: { url: "${hang.url}/" }, every: 1s, timeout: 500ms, failures_to_down: 1 }
      garbage: { http: { url: "${garbage.url}/" }, every: 1s, failures_to_down: 1 }
      early: { http: { url: "${early.url}/" }, every: 1s, failures_to_down: 1 }
      loop: { http: { url: "${loop.url}/a" }, every: 1s, failures_to_down: 1 }
      cert: { http: { url: "${selfSigned.url}/" }, every: 1s, failures_to_down: 1 }
      tcp-hang: { tcp: { host: 127.0.0.1, port: ${hang.port}, send: "PING\\r\\n", expect: "+PONG" }, every: 1s, timeout: 500ms, failures_to_down: 1 }
  good:
    checks:
      ok: { http: { url: "${healthy.url}/" }, every: 1s }
`,
    );
  });
  afterAll(async () => {
    await t?.close();
    await Promise.all(targets.map((x) => x.close()));
  });

  const reasonOf = (id: string) => t.engine.get(id).last?.reason ?? null;

  it('gives each a down result with a precise reason and keeps the healthy check up', async () => {
    await until(() => t.engine.checks.every((c) => c.state !== 'unknown'), 6_000);
    expect(t.engine.get('bad/hang').state).toBe('down');
    expect(reasonOf('bad/hang')).toBe('timeout after 500ms');
    expect(reasonOf('bad/garbage')).toMatch(/^invalid HTTP response: "SSH-2.0-OpenSSH_9.6/);
    expect(reasonOf('bad/early')).toMatch(
      /connection closed before response|socket hang up|other side closed/,
    );
    expect(reasonOf('bad/loop')).toBe('too many redirects (10)');
    expect(reasonOf('bad/cert')).toMatch(/self-signed certificate/);
    expect(reasonOf('bad/tcp-hang')).toMatch(/^timeout after 500ms/);
    expect(t.engine.get('good/ok').state).toBe('up');
  });

  it('keeps running every check on schedule (none stuck)', async () => {
    const before = new Map(t.engine.checks.map((c) => [c.key, c.last?.at ?? 0]));
    await new Promise((r) => setTimeout(r, 2_300));
    for (const c of t.engine.checks) expect(c.last!.at, c.key).toBeGreaterThan(before.get(c.key)!);
    const metrics = (await t.app.inject({ url: '/metrics' })).body;
    expect(metrics).toMatch(/opsdeck_check_runs_skipped_total 0/);
  });
});
